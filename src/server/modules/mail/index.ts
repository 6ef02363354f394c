// The public surface of the mail module: what other modules, flows and the composition root may use.
export { mailRoutes } from './routes';
export { defineMailTemplate, merge, renderMailTemplate } from './templates';
