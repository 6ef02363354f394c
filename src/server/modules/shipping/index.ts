// The public surface of the shipping module: what other modules, flows and the composition root may use.
export type { ShipmentEventPayload } from './events';
export { shippingRoutes } from './routes';
export { createShipment, updateShipment } from './service';
export { shippedJobIds } from './shipped-jobs';
export { getShipment } from './service';
