import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';

const isoDate = z.iso.date();

/** The fields a mailing-list import fills; anything else the client maps becomes a custom field. */
export const MailingField = z.enum([
  'fullName',
  'firstName',
  'lastName',
  'company',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'zip4',
]);
export type MailingField = z.infer<typeof MailingField>;
export const mailingFieldLabels: Record<MailingField, string> = {
  fullName: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  address1: 'Address line 1',
  address2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP Code',
  zip4: 'ZIP+4',
};

export const MailClass = z.enum(['first_class', 'marketing']);
export type MailClass = z.infer<typeof MailClass>;
export const mailClassLabels: Record<MailClass, string> = {
  first_class: 'First-Class Mail',
  marketing: 'USPS Marketing Mail',
};
export const MailShape = z.enum(['letter', 'postcard', 'flat']);
export type MailShape = z.infer<typeof MailShape>;
export const SortLevel = z.enum(['5digit', '3digit', 'mixed', 'single']);
export type SortLevel = z.infer<typeof SortLevel>;
export const sortLevelLabels: Record<SortLevel, string> = {
  '5digit': '5-digit',
  '3digit': '3-digit',
  mixed: 'Mixed AADC/ADC',
  single: 'Single piece',
};

/**
 * Column → field mapping: `fields` names the column for each standard field (null = not imported);
 * `custom` lists further columns kept as custom fields for variable data.
 */
/** Columns kept beside the standard fields, each as a custom field of the records. */
export const MAX_CUSTOM_FIELDS = 50;

export const MailingMapping = z
  .object({
    fields: z.partialRecord(MailingField, z.string().max(200).nullable()),
    custom: z.array(z.string().max(200)).max(MAX_CUSTOM_FIELDS).default([]),
  })
  .strict();
export type MailingMapping = z.infer<typeof MailingMapping>;

export const CreateMailingList = z
  .object({
    name: trimmed(160),
    accountId: z.uuid(),
    jobId: z.uuid().nullable().optional(),
    jobItemId: z.uuid().nullable().optional(),
    mailClass: MailClass.default('marketing'),
    shape: MailShape.default('letter'),
    pieceWeightOz: z.number().positive().max(208).default(1),
  })
  .strict();
export type CreateMailingList = z.input<typeof CreateMailingList>;

export const UpdateMailingList = z
  .object({
    name: trimmed(160).optional(),
    jobId: z.uuid().nullable().optional(),
    jobItemId: z.uuid().nullable().optional(),
    mailClass: MailClass.optional(),
    shape: MailShape.optional(),
    pieceWeightOz: z.number().positive().max(208).optional(),
    dropDate: isoDate.nullable().optional(),
  })
  .strict();

export const RunKind = z.enum(['import', 'standardize', 'dedupe']);
export const RunStatus = z.enum(['uploaded', 'queued', 'running', 'done', 'failed']);
export const MailingRun = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  kind: RunKind,
  status: RunStatus,
  filename: z.string().nullable(),
  encoding: z.string().nullable(),
  /** 0–100; for imports from bytes read, for other runs from records done. */
  percent: z.number().int(),
  rowsDone: z.number().int(),
  error: z.string().nullable(),
  /** Rows an import left out as malformed (it imported the good ones); their CSV is at `…/rejects.csv`. */
  rejectedRows: z.number().int().nullable(),
  /** When the rejected rows' CSV is (or was) removed; null when the import kept none. */
  rejectsKeptUntil: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MailingRun = z.infer<typeof MailingRun>;

export const DedupeLevel = z.enum(['individual', 'household']);
export type DedupeLevel = z.infer<typeof DedupeLevel>;
export const DedupeKind = z.enum(['exact', 'individual', 'household']);
export type DedupeKind = z.infer<typeof DedupeKind>;

export const DedupeSummary = z.object({
  level: DedupeLevel,
  examined: z.number().int(),
  removed: z.object({ exact: z.number().int(), individual: z.number().int(), household: z.number().int() }),
  kept: z.number().int(),
});
export type DedupeSummary = z.infer<typeof DedupeSummary>;

export const MailingList = z.object({
  id: z.uuid(),
  name: z.string(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  jobId: z.uuid().nullable(),
  jobItemId: z.uuid().nullable(),
  mailClass: MailClass,
  shape: MailShape,
  pieceWeightOz: z.number(),
  dropDate: z.string().nullable(),
  sourceFilename: z.string().nullable(),
  customFields: z.array(z.string()),
  records: z.number().int(),
  standardizedAt: z.string().nullable(),
  flagged: z.number().int().nullable(),
  dedupe: DedupeSummary.nullable(),
  mailable: z.number().int().nullable(),
  imbAssignedAt: z.string().nullable(),
  /** The run in progress (import, standardise, dedupe), if any. */
  activeRun: MailingRun.nullable(),
  lastRun: MailingRun.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailingList = z.infer<typeof MailingList>;

export const MailingListQuery = ListQuery.extend({
  accountId: z.uuid().optional(),
  jobId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
}).strict();

export const UploadQuery = z.object({ filename: z.string().trim().min(1).max(255) }).strict();

export const ImportPreview = z.object({
  run: MailingRun,
  encoding: z.string(),
  columns: z.array(z.string()),
  mapping: MailingMapping,
  /** The first rows as the file has them (cells by column). */
  sample: z.array(z.array(z.string())),
  problems: z.array(z.string()),
  /** Malformed rows found among the first rows checked (at most 20 listed). */
  badRows: z.array(z.object({ row: z.number().int(), reason: z.string() })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/**
 * What an import does with malformed rows: refuse the whole file (nothing imported), or import the good rows
 * and keep the rejected ones, with the reason, in a CSV to download.
 */
export const BadRowsMode = z.enum(['reject_file', 'skip']);
export type BadRowsMode = z.infer<typeof BadRowsMode>;
export const StartImport = z
  .object({ mapping: MailingMapping, badRows: BadRowsMode.default('reject_file') })
  .strict();
export const StartDedupe = z.object({ level: DedupeLevel.default('individual') }).strict();

export const FlagCode = z.string();
export const MailingRecord = z.object({
  seq: z.number().int(),
  name: z.string(),
  company: z.string(),
  address1: z.string(),
  address2: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  standardized: z
    .object({
      address1: z.string(),
      address2: z.string(),
      city: z.string(),
      state: z.string(),
      zip5: z.string(),
      zip4: z.string(),
    })
    .nullable(),
  flags: z.array(FlagCode),
  duplicate: z.object({ kind: DedupeKind, of: z.number().int() }).nullable(),
  serial: z.number().int().nullable(),
  custom: z.record(z.string(), z.string()),
});
export type MailingRecord = z.infer<typeof MailingRecord>;
export const RecordQuery = ListQuery.extend({
  filter: z.enum(['all', 'flagged', 'duplicates', 'mailable']).default('all'),
}).strict();

export const DedupeReport = z.object({
  summary: DedupeSummary.nullable(),
  pairs: z.array(
    z.object({
      kind: DedupeKind,
      removed: z.object({ seq: z.number().int(), name: z.string(), address: z.string() }),
      kept: z.object({ seq: z.number().int(), name: z.string(), address: z.string() }),
    }),
  ),
});
export type DedupeReport = z.infer<typeof DedupeReport>;

export const PresortQuery = z.object({ mailingDate: isoDate.optional() }).strict();
export const PostageLine = z.object({
  sortLevel: SortLevel,
  pieces: z.number().int(),
  rateMills: z.number().int().nullable(),
  amountCents: z.number().int().nullable(),
});
export const Presort = z.object({
  mailClass: MailClass,
  shape: MailShape,
  pieces: z.number().int(),
  notMailable: z.number().int(),
  duplicatesRemoved: z.number().int(),
  trayCapacity: z.number().int(),
  fiveDigit: z.array(
    z.object({ zip5: z.string(), pieces: z.number().int(), trays: z.number().int(), level: SortLevel }),
  ),
  threeDigit: z.array(
    z.object({ zip3: z.string(), pieces: z.number().int(), trays: z.number().int(), level: SortLevel }),
  ),
  levels: z.array(z.object({ sortLevel: SortLevel, pieces: z.number().int(), trays: z.number().int() })),
  totalTrays: z.number().int(),
  minimum: z.object({ met: z.boolean(), message: z.string() }),
  postage: z.object({
    mailingDate: z.string(),
    lines: z.array(PostageLine),
    totalCents: z.number().int().nullable(),
    missing: z.array(z.string()),
    rateSource: z.string(),
  }),
});
export type Presort = z.infer<typeof Presort>;

export const PostageRateInput = z
  .object({
    mailClass: MailClass,
    shape: MailShape,
    sortLevel: SortLevel,
    /** Price per piece in mills (a tenth of a cent): $0.593 is 593. */
    priceMills: z.number().int().min(1).max(100_000),
    effectiveFrom: isoDate,
    label: optionalText(120),
  })
  .strict();
export type PostageRateInput = z.input<typeof PostageRateInput>;
export const PostageRate = z.object({
  id: z.uuid(),
  mailClass: MailClass,
  shape: MailShape,
  sortLevel: SortLevel,
  priceMills: z.number().int(),
  effectiveFrom: z.string(),
  label: z.string().nullable(),
  updatedAt: z.string(),
});
export type PostageRate = z.infer<typeof PostageRate>;
export const PostageRateQuery = z
  .object({ on: isoDate.optional(), mailClass: MailClass.optional() })
  .strict();

export const MailingSettings = z.object({
  mailerId: z.string().nullable(),
  serviceTypeFirstClass: z.string(),
  serviceTypeMarketing: z.string(),
  barcodeId: z.string(),
  nextSerial: z.number().int(),
});
export type MailingSettings = z.infer<typeof MailingSettings>;
export const MailingSettingsInput = z
  .object({
    mailerId: z
      .string()
      .trim()
      .regex(
        /^([0-8][0-9]{5}|9[0-9]{8})$/,
        'A Mailer ID is 6 digits (not starting with 9) or 9 digits (starting with 9)',
      ),
    serviceTypeFirstClass: z
      .string()
      .regex(/^[0-9]{3}$/, 'A service type ID is 3 digits')
      .optional(),
    serviceTypeMarketing: z
      .string()
      .regex(/^[0-9]{3}$/, 'A service type ID is 3 digits')
      .optional(),
    barcodeId: z
      .string()
      .regex(/^[0-9][0-4]$/, 'A barcode ID is 2 digits, the second 0–4')
      .optional(),
  })
  .strict();

export const ImbAssignment = z.object({
  pieces: z.number().int(),
  firstSerial: z.number().int(),
  lastSerial: z.number().int(),
  mailerId: z.string(),
  sample: z.array(
    z.object({ seq: z.number().int(), trackingCode: z.string(), routingCode: z.string(), bars: z.string() }),
  ),
});
export type ImbAssignment = z.infer<typeof ImbAssignment>;

export const ExportQuery = z
  .object({
    format: z.enum(['csv', 'xlsx', 'proof', 'report', 'duplicates']).default('csv'),
    /** How many pieces the proof shows. */
    pieces: z.coerce.number().int().min(1).max(500).default(25),
  })
  .strict();

export const MailDropInput = z
  .object({
    dropDate: isoDate,
    postOffice: trimmed(160),
    pieces: z.number().int().min(1).max(100_000_000),
    postageCents: z.number().int().min(0).max(10_000_000_000),
    notes: optionalText(2000),
  })
  .strict();
export const MailDrop = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  dropDate: z.string(),
  postOffice: z.string(),
  pieces: z.number().int(),
  postageCents: z.number().int(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type MailDrop = z.infer<typeof MailDrop>;

export const ApplyToJob = z.object({ dropDate: isoDate.optional() }).strict();
