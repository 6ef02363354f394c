import { z } from 'zod';
import { ListQuery, trimmed } from './common';

/** Who a report is for; the catalogue is grouped by it. */
export const Audience = z.enum(['production', 'account_management', 'client']);
export type Audience = z.infer<typeof Audience>;
export const audienceLabels: Record<Audience, string> = {
  production: 'Production',
  account_management: 'Account management',
  client: 'For clients',
};

/**
 * How a column's values are typed. Money is integer cents; percent is a fraction (0.93 = 93 %); date is
 * 'YYYY-MM-DD' (a business date in the shop's calendar); datetime is an ISO moment in UTC.
 */
export const ColumnType = z.enum(['text', 'number', 'integer', 'money', 'date', 'datetime', 'percent']);
export type ColumnType = z.infer<typeof ColumnType>;

/** Where a cell drills through to: a page of the app (`/jobs/:id`…) or an outside address (tracking). */
export const LinkKind = z.enum(['job', 'shipment', 'purchase_order', 'account', 'material', 'url']);
export type LinkKind = z.infer<typeof LinkKind>;

export const ReportColumn = z.object({
  key: z.string(),
  label: z.string(),
  type: ColumnType,
  /** The row field holding the id (or URL) the cell links to. */
  link: z.object({ kind: LinkKind, idKey: z.string() }).optional(),
  /** How the totals row sums this column up, when it does. */
  total: z.enum(['sum', 'avg', 'ratio', 'weighted']).optional(),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ChartData = z.object({
  kind: z.enum(['bar', 'stacked-bar', 'line']),
  title: z.string(),
  valueType: ColumnType,
  series: z.array(z.object({ key: z.string(), label: z.string() })),
  points: z.array(z.object({ x: z.string(), values: z.array(z.number().nullable()) })),
  /**
   * How a bar or point drills through to its rows: the row field whose text is the point's `x`, and (for a
   * chart with one series per value of a field) that field. The screen lists the matching rows.
   */
  drill: z.object({ xKey: z.string(), seriesKey: z.string().nullable() }).optional(),
});
export type ChartData = z.infer<typeof ChartData>;

export const CatalogueEntry = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  audience: Audience,
  /** JSON Schema of the parameters (`x-lookup` names a picker: account, user, department, vendor). */
  parameters: z.record(z.string(), z.unknown()),
  columns: z.array(ReportColumn),
  hasChart: z.boolean(),
  /** A pack: these reports, run with the same parameters, sent together (one workbook or one e-mail). */
  members: z.array(z.string()).optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const Cell = z.union([z.string(), z.number(), z.null()]);
export type Cell = z.infer<typeof Cell>;
export type Row = Record<string, Cell>;

export const RunResult = z.object({
  report: z.object({ id: z.string(), title: z.string(), audience: Audience }),
  /** The parameters as run, with relative periods resolved to dates. */
  parameters: z.record(z.string(), z.unknown()),
  /** Labelled parameter values, as printed on exports. */
  parameterLabels: z.array(z.tuple([z.string(), z.string()])),
  generatedAt: z.string(),
  columns: z.array(ReportColumn),
  rows: z.array(z.record(z.string(), Cell)),
  totals: z.record(z.string(), Cell).nullable(),
  chart: ChartData.nullable(),
  rowCount: z.number().int(),
  /** True when the screen got the first rows only (exports have them all). */
  truncated: z.boolean(),
});
export type RunResult = z.infer<typeof RunResult>;

/** `?format=json` (the default) answers rows; a file format streams the file, as the export URL does. */
export const RunQuery = z
  .object({
    format: z.enum(['json', 'xlsx', 'csv', 'pdf', 'docx']).default('json'),
    bom: z.enum(['0', '1']).optional(),
  })
  .strict();
export const ReportParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict();
export const RunBody = z.object({ parameters: z.record(z.string(), z.unknown()).default({}) }).strict();

export const ExportFormat = z.enum(['xlsx', 'csv', 'pdf', 'docx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const formatLabels: Record<ExportFormat, string> = {
  xlsx: 'Excel',
  csv: 'CSV',
  pdf: 'PDF',
  docx: 'Word',
};

/** The parameters of a direct download travel in the query string as JSON (`?params=…`). */
export const ExportQuery = z
  .object({
    params: z.string().max(4000).optional(),
    bom: z.enum(['0', '1']).optional(),
  })
  .strict();

export const CreateExport = z
  .object({
    reportId: z.string().regex(/^[a-z0-9-]{1,60}$/),
    format: ExportFormat,
    parameters: z.record(z.string(), z.unknown()).default({}),
    bom: z.boolean().default(false),
  })
  .strict();
export type CreateExport = z.input<typeof CreateExport>;

export const ExportStatus = z.enum(['queued', 'running', 'done', 'failed']);
export const ReportExport = z.object({
  id: z.uuid(),
  reportId: z.string(),
  format: ExportFormat,
  status: ExportStatus,
  /** 0–1. */
  progress: z.number(),
  rowsWritten: z.number().int(),
  totalRows: z.number().int().nullable(),
  filename: z.string().nullable(),
  size: z.number().int().nullable(),
  error: z.string().nullable(),
  downloadUrl: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReportExport = z.infer<typeof ReportExport>;

// Schedules ---------------------------------------------------------------------------------------

export const Frequency = z.enum(['daily', 'weekly', 'monthly']);
export type Frequency = z.infer<typeof Frequency>;
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdayLabels = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];
export const MonthDay = z.union([z.number().int().min(1).max(31), z.enum(['last', 'last_business'])]);
export type MonthDay = z.infer<typeof MonthDay>;

export const ScheduleTiming = z
  .object({
    frequency: Frequency,
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour'),
    weekday: z.number().int().min(1).max(7).nullable().optional(),
    monthDay: MonthDay.nullable().optional(),
  })
  .strict();
export type ScheduleTiming = z.infer<typeof ScheduleTiming>;

/** An IANA time zone the runtime knows ('America/Chicago'). */
export const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Not a known time zone');

const ScheduleFields = {
  name: trimmed(120),
  reportId: z.string().regex(/^[a-z0-9-]{1,60}$/),
  parameters: z.record(z.string(), z.unknown()).default({}),
  formats: z.array(ExportFormat).min(1, 'Choose at least one format').max(4),
  recipientUserIds: z.array(z.uuid()).max(50).default([]),
  recipientEmails: z.array(z.email('Not an e-mail address')).max(50).default([]),
  /** Contacts of the report's account (`parameters.accountId`), e-mailed at their first address. */
  recipientContactIds: z.array(z.uuid()).max(50).default([]),
  frequency: Frequency,
  time: ScheduleTiming.shape.time,
  weekday: ScheduleTiming.shape.weekday,
  monthDay: ScheduleTiming.shape.monthDay,
  /** The zone the timetable runs in; the shop's (JOBJACKET_TIMEZONE) when not given. */
  timeZone: TimeZone.optional(),
  active: z.boolean().default(true),
};

export const CreateSchedule = z.object(ScheduleFields).strict();
export type CreateSchedule = z.input<typeof CreateSchedule>;
export const UpdateSchedule = z
  .object({
    name: ScheduleFields.name.optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    formats: ScheduleFields.formats.optional(),
    recipientUserIds: z.array(z.uuid()).max(50).optional(),
    recipientEmails: z.array(z.email('Not an e-mail address')).max(50).optional(),
    recipientContactIds: z.array(z.uuid()).max(50).optional(),
    frequency: Frequency.optional(),
    time: ScheduleFields.time.optional(),
    weekday: ScheduleFields.weekday,
    monthDay: ScheduleFields.monthDay,
    timeZone: TimeZone.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateSchedule = z.input<typeof UpdateSchedule>;

export const Schedule = z.object({
  id: z.uuid(),
  name: z.string(),
  reportId: z.string(),
  reportTitle: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  formats: z.array(ExportFormat),
  recipientUserIds: z.array(z.uuid()),
  recipientEmails: z.array(z.string()),
  recipientContactIds: z.array(z.uuid()),
  frequency: Frequency,
  time: z.string(),
  weekday: z.number().int().nullable(),
  monthDay: MonthDay.nullable(),
  timeZone: z.string(),
  active: z.boolean(),
  /** "Every Monday at 07:00 (America/Chicago)". */
  description: z.string(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type Schedule = z.infer<typeof Schedule>;
export const ScheduleListQuery = ListQuery.extend({ reportId: z.string().max(60).optional() }).strict();

export const Delivery = z.object({
  id: z.uuid(),
  scheduleId: z.uuid(),
  dueAt: z.string(),
  kind: z.enum(['scheduled', 'manual']),
  status: z.enum(['sent', 'failed']),
  recipients: z.array(z.string()),
  rowCount: z.number().int().nullable(),
  files: z.array(z.object({ exportId: z.uuid(), filename: z.string() })),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof Delivery>;

/** Relative periods that a saved schedule re-resolves on every run. */
export const Period = z.enum([
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_full_week',
  'last_full_month',
  'this_month',
  'last_12_months',
  'this_year',
  'custom',
]);
export type Period = z.infer<typeof Period>;
export const periodLabels: Record<Period, string> = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  last_full_week: 'Last full week (Mon–Sun)',
  last_full_month: 'Last full month',
  this_month: 'This month so far',
  last_12_months: 'Last 12 months',
  this_year: 'This year so far',
  custom: 'Custom dates',
};
