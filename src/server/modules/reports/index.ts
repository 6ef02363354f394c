// The public surface of the reports module: what other modules, flows and the composition root may use.
export { registerReportQueues } from './deliver';
export { portalReportRoutes } from './portal-routes';
export { reportRoutes } from './routes';
export { failInterruptedExports } from './exports';
