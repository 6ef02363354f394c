// The public surface of the estimating module: what other modules, flows and the composition root may use.
export { estimateRequest } from './estimates';
export { estimatingRoutes } from './routes';
export { listPresses, saveOperation, savePress, saveRules } from './cost-model';
export { machineOptions, standardHours, type MachineOption } from './standard-hours';
