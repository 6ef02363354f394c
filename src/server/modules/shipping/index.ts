// The public surface of the shipping module: what other modules, flows and the composition root may use.
export { shippingRoutes } from './routes';
export { createShipment, updateShipment } from './service';
