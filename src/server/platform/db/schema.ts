// Every table of every module, for drizzle's typed queries and drizzle-kit's migrations.
export * from '../../modules/users/tables';
export * from '../../modules/auth/tables';
export * from '../../modules/audit/tables';
export * from '../../modules/mail/tables';
export * from '../../modules/accounts/tables';
export * from './sequences';
export * from '../../modules/departments/tables';
export * from '../../modules/jobs/tables';
export * from '../../modules/notifications/tables';
export * from '../idempotency';
export * from '../../modules/purchasing/tables';
export * from '../../modules/shipping/tables';
export * from '../../modules/portals/tables';
export * from '../../modules/inbox/tables';
export * from '../../modules/escalations/tables';
export * from '../../modules/reports/tables';
export * from '../../modules/mailing/tables';
