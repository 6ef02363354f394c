// The public surface of the jobs module: what other modules, flows and the composition root may use.
export { uploadJobFile } from './files';
export { decideInPortal, portalProofFile } from './proof-links';
export { listAccountProofs } from './proof-queries';
export { sendProofFile } from './proof-routes';
export { decideProof } from './proofs';
export { countOpenJobsByAccount, findJobsWithFirstItem, jobNumbers, setJobItemSpec } from './repo';
export { assessAllOpenJobs, assessJobRisk, registerRiskFactor, type RiskFactor } from './risk';
export type { ChangeOrderPayload, ItemsChangedPayload, JobAlertPayload } from './events';
export { jobRoutes } from './routes';
export { createJob, getJob, updateJob } from './service';
export { updateStage } from './stages';
export { ticketRoutes } from './ticket/routes';
export { findShippedOrCompletedJobs, type BillableJob } from './billing-queries';
export { replanForCalendarChange, type CalendarChange, type ReplanResult } from './replan-calendar';
export { listJobProofs } from './proof-queries';
