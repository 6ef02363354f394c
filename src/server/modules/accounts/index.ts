// The public surface of the accounts module: what other modules, flows and the composition root may use.
export { accountsByContactDomain } from './contact-domains';
export { registerHealthSource } from './health';
export type { HealthFigures } from './health';
export { accountImportExportRoutes } from './import-export.routes';
export { recordAccountContact } from './last-contact';
export { OWNER_ROLES } from './ownership';
export { accountSummaries, contactSummaries, countAccounts, likePattern } from './repo';
export { accountRoutes } from './routes';
export { createAccount, createContact, getAccount, getContact, listContacts } from './service';
