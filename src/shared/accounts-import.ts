import { z } from 'zod';

/** The fields an account import can fill; one file row is one contact (account columns repeat). */
export const ImportField = z.enum([
  'accountName',
  'segment',
  'status',
  'ownerEmail',
  'poRequired',
  'paymentTerms',
  'taxExempt',
  'tags',
  'notes',
  'billingLine1',
  'billingLine2',
  'billingCity',
  'billingRegion',
  'billingPostalCode',
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

export const ImportPreview = z.object({
  encoding: z.string(),
  columns: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()),
  totalRows: z.number().int(),
  accounts: z.number().int(),
  contacts: z.number().int(),
  rows: z.array(z.object({ row: z.number().int(), values: z.record(z.string(), z.string()) })),
  errors: z.array(ImportRowError),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  accountsCreated: z.number().int(),
  contactsCreated: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
