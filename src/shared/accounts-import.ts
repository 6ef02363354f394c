import { z } from 'zod';

/**
 * The fields an account import can fill; one file row is one contact (account columns repeat). `accountId` is the
 * id the export writes: a row with it updates that account; a row without it updates the account of the same
 * name, or creates one.
 */
export const ImportField = z.enum([
  'accountId',
  'accountName',
  'segment',
  'status',
  'ownerEmail',
  'poRequired',
  'paymentTerms',
  'taxExempt',
  'taxExemptCertificate',
  'taxExemptExpiresOn',
  'tags',
  'notes',
  'billingLine1',
  'billingLine2',
  'billingCity',
  'billingRegion',
  'billingPostalCode',
  'shippingLine1',
  'shippingLine2',
  'shippingCity',
  'shippingRegion',
  'shippingPostalCode',
  'costCentres',
  'contactFirstName',
  'contactLastName',
  'contactTitle',
  'contactEmail',
  'contactPhone',
]);
export type ImportField = z.infer<typeof ImportField>;

export const ImportMapping = z.partialRecord(ImportField, z.string().max(200).nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

/** A CSV or XLSX file sent as base64 in JSON, with an optional column mapping (guessed when absent). */
export const ImportUpload = z
  .object({
    filename: z.string().trim().min(1).max(255),
    contentBase64: z.base64().max(14_000_000),
    mapping: ImportMapping.optional(),
  })
  .strict();
export type ImportUpload = z.infer<typeof ImportUpload>;

export const ImportRowError = z.object({ row: z.number().int(), path: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportAction = z.enum(['create', 'update', 'unchanged']);
export type ImportAction = z.infer<typeof ImportAction>;

/** One value an update changes: what the account holds now and what the file says. */
export const ImportChange = z.object({
  field: z.string(),
  label: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type ImportChange = z.infer<typeof ImportChange>;

/** What the import does to one account of the file (the rows that describe it, and each change). */
export const ImportAccountPlan = z.object({
  row: z.number().int(),
  rows: z.array(z.number().int()),
  action: ImportAction,
  accountId: z.uuid().nullable(),
  name: z.string(),
  changes: z.array(ImportChange),
});
export type ImportAccountPlan = z.infer<typeof ImportAccountPlan>;

export const ImportPreview = z.object({
  encoding: z.string(),
  columns: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()),
  totalRows: z.number().int(),
  accounts: z.number().int(),
  contacts: z.number().int(),
  creates: z.number().int(),
  updates: z.number().int(),
  unchanged: z.number().int(),
  /** The accounts that are created or updated (first 1,000), in file order. */
  plans: z.array(ImportAccountPlan),
  rows: z.array(
    z.object({
      row: z.number().int(),
      values: z.record(z.string(), z.string()),
      /** What happens to the row's account; null when the row cannot be planned (e.g. no account name). */
      action: ImportAction.nullable(),
    }),
  ),
  errors: z.array(ImportRowError),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  accountsCreated: z.number().int(),
  accountsUpdated: z.number().int(),
  accountsUnchanged: z.number().int(),
  contactsCreated: z.number().int(),
  contactsUpdated: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
