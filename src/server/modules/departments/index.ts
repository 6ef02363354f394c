// The public surface of the departments module: what other modules, flows and the composition root may use.
export { departmentRoutes } from './routes';
export { getDepartment, listDepartments, loadCalendars } from './service';
export { requireProductType, routeFor } from './product-types';
export type { RouteStep } from './tables';
export type { CalendarChangedPayload } from './events';
