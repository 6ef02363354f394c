// The public surface of the notifications module: what other modules, flows and the composition root may use.
export { notificationRoutes } from './routes';
export { notifyUser } from './service';
