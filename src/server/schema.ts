// Every table of the platform and of every module, for drizzle-kit's migrations and for backups.
// The composition root: only this file, the runtime and the CLI see every module at once.
export * from './platform/audit-tables';
export * from './platform/mail-tables';
export * from './platform/db/sequences';
export * from './platform/idempotency';
export * from './platform/events';
export * from './modules/users/tables';
export * from './modules/mail/tables';
export * from './modules/accounts/tables';
export * from './modules/departments/tables';
export * from './modules/jobs/tables';
export * from './modules/notifications/tables';
export * from './modules/purchasing/tables';
export * from './modules/shipping/tables';
export * from './modules/portals/tables';
export * from './modules/portals/vdp/tables';
export * from './modules/inbox/tables';
export * from './modules/escalations/tables';
export * from './modules/reports/tables';
export * from './modules/mailing/tables';
export * from './modules/shop/tables';
export * from './modules/estimating/tables';
export * from './modules/quotes/tables';
export * from './modules/billing/tables';
export * from './modules/webhooks/tables';
export * from './modules/punchout/tables';
