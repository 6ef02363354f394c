// The public surface of the mailing module: what other modules, flows and the composition root may use.
export { seedSampleRates } from './demo-rates';
export type { ListMailingPayload } from './events';
export { mailingRoutes } from './routes';
export { registerMailingQueue } from './runs';
export {
  expireRejects,
  expireUnimportedUploads,
  failInterruptedRuns,
  registerUploadExpiry,
} from './run-housekeeping';
export { postageByJob } from './postage-by-job';
export { addImbCommand } from './imb-command';
