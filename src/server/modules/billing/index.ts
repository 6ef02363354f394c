// The public surface of the billing module: what other modules, flows and the composition root may use.
export { billingRoutes } from './routes';
