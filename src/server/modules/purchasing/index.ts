// The public surface of the purchasing module: what other modules, flows and the composition root may use.
export type { PurchaseOrderEventPayload } from './events';
export { addJobMaterial } from './job-materials';
export { followJobItems } from './job-material-changes';
export { createMaterial, getMaterial, recordMovement } from './materials';
export { purchasingMyDay } from './my-day';
export { addressLines } from './po-pdf';
export { purchaseOrderFromShortages } from './create-purchase-order';
export { overduePurchaseOrdersOf } from './purchase-order-queries';
export { purchasingRoutes } from './routes';
export { createVendor } from './vendors';
export { getPurchaseOrder } from './purchase-order-queries';
