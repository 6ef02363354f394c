// The public surface of the purchasing module: what other modules, flows and the composition root may use.
export { addJobMaterial } from './job-materials';
export { createMaterial, recordMovement } from './materials';
export { addressLines } from './po-pdf';
export { purchaseOrderFromShortages } from './purchase-orders';
export { wirePurchasingRisk } from './risk';
export { purchasingRoutes } from './routes';
export { createVendor } from './vendors';
