import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';

export const Segment = z.enum(['state', 'education', 'corporate', 'other']);
export const AccountStatus = z.enum(['prospect', 'active', 'on_hold', 'inactive']);
/** The staff roles that may own (look after) a client account. */
export const accountOwnerRoles = ['account_manager', 'manager'] as const;

export const PreferredChannel = z.enum(['email', 'phone', 'in_person', 'portal']);
export const ContactRole = z.enum([
  'buyer',
  'approver',
  'billing',
  'artwork',
  'receiving',
  'decision_maker',
  'other',
]);
export type Segment = z.infer<typeof Segment>;
export type AccountStatus = z.infer<typeof AccountStatus>;

export const segmentLabels: Record<Segment, string> = {
  state: 'State agency',
  education: 'Education',
  corporate: 'Corporate',
  other: 'Other',
};
export const statusLabels: Record<AccountStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  on_hold: 'On hold',
  inactive: 'Inactive',
};

const isoDate = z.iso.date();

export const AddressInput = z
  .object({
    id: z.uuid().optional(),
    kind: z.enum(['billing', 'shipping']),
    label: optionalText(80),
    attention: optionalText(120),
    line1: trimmed(120),
    line2: optionalText(120),
    city: trimmed(80),
    region: trimmed(40),
    postalCode: trimmed(20),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as US')
      .toUpperCase()
      .default('US'),
    isDefault: z.boolean().default(false),
  })
  .strict();
export const Address = AddressInput.required({ id: true }).extend({
  label: z.string().nullable(),
  attention: z.string().nullable(),
  line2: z.string().nullable(),
});
export type Address = z.infer<typeof Address>;

export const CostCentreInput = z
  .object({
    id: z.uuid().optional(),
    name: trimmed(120),
    code: trimmed(40),
    budgetOwnerContactId: z.uuid().nullable().optional(),
  })
  .strict();
export const CostCentre = z.object({
  id: z.uuid(),
  name: z.string(),
  code: z.string(),
  budgetOwnerContactId: z.uuid().nullable(),
});

const accountFields = {
  name: trimmed(200),
  segment: Segment,
  status: AccountStatus.default('active'),
  ownerId: z.uuid().nullable().optional(),
  taxExempt: z.boolean().default(false),
  taxExemptCertificate: optionalText(80),
  taxExemptExpiresOn: isoDate.nullable().optional(),
  poRequired: z.boolean().default(false),
  paymentTerms: optionalText(80),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  notes: optionalText(10_000),
  addresses: z.array(AddressInput).max(50).default([]),
  costCentres: z.array(CostCentreInput).max(200).default([]),
};

export const CreateAccount = z.object(accountFields).strict();
export type CreateAccount = z.input<typeof CreateAccount>;

/** PATCH: any subset of the fields; `addresses` and `costCentres`, when given, replace the whole list. */
export const UpdateAccount = z
  .object({
    name: accountFields.name,
    segment: Segment,
    status: AccountStatus,
    ownerId: z.uuid().nullable(),
    taxExempt: z.boolean(),
    taxExemptCertificate: z.string().trim().max(80).nullable(),
    taxExemptExpiresOn: isoDate.nullable(),
    poRequired: z.boolean(),
    paymentTerms: z.string().trim().max(80).nullable(),
    tags: accountFields.tags.unwrap(),
    notes: z.string().trim().max(10_000).nullable(),
    addresses: z.array(AddressInput).max(50),
    costCentres: z.array(CostCentreInput).max(200),
  })
  .partial()
  .strict();
export type UpdateAccount = z.input<typeof UpdateAccount>;

export const AccountHealth = z.object({
  openJobs: z.number().int().nullable(),
  lateJobs: z.number().int().nullable(),
  openQueries: z.number().int().nullable(),
  lastContactAt: z.string().nullable(),
});

export const AccountSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  segment: Segment,
  status: AccountStatus,
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  primaryContact: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
  health: AccountHealth,
  archivedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const Account = AccountSummary.extend({
  taxExempt: z.boolean(),
  taxExemptCertificate: z.string().nullable(),
  taxExemptExpiresOn: z.string().nullable(),
  poRequired: z.boolean(),
  paymentTerms: z.string().nullable(),
  notes: z.string().nullable(),
  addresses: z.array(Address),
  costCentres: z.array(CostCentre),
  createdAt: z.string(),
});
export type Account = z.infer<typeof Account>;

export const AccountSort = z.enum(['name', '-name', '-updated']);
export const AccountListQuery = ListQuery.extend({
  q: z.string().trim().max(200).optional(),
  segment: Segment.optional(),
  status: AccountStatus.optional(),
  owner: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  tag: z.string().trim().max(40).optional(),
  sort: AccountSort.default('name'),
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
}).strict();
export type AccountListQuery = z.input<typeof AccountListQuery>;

export const Phone = z.object({ number: trimmed(40), label: z.string().trim().max(40).optional() }).strict();

const contactFields = {
  firstName: trimmed(80),
  lastName: trimmed(80),
  title: optionalText(120),
  emails: z.array(z.email().max(254)).max(10).default([]),
  phones: z.array(Phone).max(10).default([]),
  roles: z.array(ContactRole).max(7).default([]),
  preferredChannel: PreferredChannel.default('email'),
  isPrimary: z.boolean().default(false),
  notes: optionalText(10_000),
};
export const CreateContact = z.object(contactFields).strict();
export type CreateContact = z.input<typeof CreateContact>;
export const UpdateContact = z
  .object({
    firstName: contactFields.firstName,
    lastName: contactFields.lastName,
    title: z.string().trim().max(120).nullable(),
    emails: z.array(z.email().max(254)).max(10),
    phones: z.array(Phone).max(10),
    roles: z.array(ContactRole).max(7),
    preferredChannel: PreferredChannel,
    isPrimary: z.boolean(),
    notes: z.string().trim().max(10_000).nullable(),
  })
  .partial()
  .strict();
export type UpdateContact = z.input<typeof UpdateContact>;

export const Contact = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.object({ number: z.string(), label: z.string().optional() })),
  roles: z.array(z.string()),
  preferredChannel: PreferredChannel,
  isPrimary: z.boolean(),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;
export const ContactListQuery = ListQuery.extend({
  archived: z.enum(['exclude', 'include']).default('exclude'),
}).strict();

export const TimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  title: z.string(),
  actor: z.string().nullable(),
  link: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const TimelineQuery = ListQuery.strict();
