// The public surface of the audit module: what other modules, flows and the composition root may use.
export { auditRoutes } from './routes';
export { listAuditEvents } from './service';
