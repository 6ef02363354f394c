import { z } from 'zod';
import { AddressInput, CreateAccount, CreateContact } from '../../../../shared/accounts';
import { ImportField, type ImportRowError } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import { ownerOf, type StaffUser } from './owners';
import { columnLabels, type MappedRow, type RowValues } from './mapping';
import type { AddressRow } from './repo';
import {
  parseBoolean,
  parseCostCentres,
  parseDate,
  parseSegment,
  parseStatus,
  sameValue,
  splitList,
  splitTags,
  type Parsed,
} from './values';

// The field groups come from the shared contract, so a field added there cannot be missed here.
export type ContactField = Extract<ImportField, `contact${string}`>;
export type AccountField = Exclude<ImportField, ContactField>;
export const contactFields = ImportField.options.filter((f): f is ContactField => f.startsWith('contact'));
export const accountFields = ImportField.options.filter((f): f is AccountField => !f.startsWith('contact'));
export type AddressKind = 'billing' | 'shipping';
const addressKeys = ['line1', 'line2', 'city', 'region', 'postalCode'] as const;
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
export const addressField = (kind: AddressKind, key: (typeof addressKeys)[number]) =>
  `${kind}${cap(key)}` as AccountField;

/** One account of the file: its rows, and each account-level value with the first row that gives it. */
export type Group = {
  name: string;
  accountId: string | null;
  firstRow: number;
  rows: number[];
  given: Partial<Record<AccountField, { value: string; row: number }>>;
  contactRows: MappedRow[];
};

const accountPath: Record<string, ImportField> = {
  name: 'accountName',
  segment: 'segment',
  status: 'status',
  ownerId: 'ownerEmail',
  taxExempt: 'taxExempt',
  taxExemptCertificate: 'taxExemptCertificate',
  taxExemptExpiresOn: 'taxExemptExpiresOn',
  poRequired: 'poRequired',
  paymentTerms: 'paymentTerms',
  tags: 'tags',
  notes: 'notes',
  costCentres: 'costCentres',
};
const contactPath: Record<string, ContactField> = {
  firstName: 'contactFirstName',
  lastName: 'contactLastName',
  title: 'contactTitle',
  emails: 'contactEmail',
  phones: 'contactPhone',
};
const knownKeys = new Set([...Object.keys(accountPath), ...Object.keys(contactPath), ...addressKeys]);

export class Errors {
  readonly list: ImportRowError[] = [];
  private seen = new Set<string>();
  add(row: number, path: ImportField, message: string) {
    const key = `${row}.${path}`;
    if (this.seen.has(key)) return; // one message per cell is enough
    this.seen.add(key);
    this.list.push({ row, path, message });
  }
  has(row: number, path: ImportField) {
    return this.seen.has(`${row}.${path}`);
  }
}

type Where = (key: string) => { field: ImportField; row: number; value: string | undefined } | undefined;

/** Turns zod's issues on the API input into row errors, saying "required" plainly for empty cells. */
export function addIssues(errors: Errors, issues: z.core.$ZodIssue[], where: Where) {
  for (const issue of issues) {
    const key = [...issue.path].reverse().find((p) => typeof p === 'string' && knownKeys.has(p));
    const at = where(typeof key === 'string' ? key : '');
    if (!at || errors.has(at.row, at.field)) continue;
    const label = columnLabels[at.field];
    const kind = /^(billing|shipping)/.exec(at.field)?.[1];
    const message = !at.value
      ? kind
        ? `${label} is required when a ${kind} address is given`
        : `${label} is required`
      : at.field === 'contactEmail'
        ? `"${at.value}" is not a valid e-mail address`
        : `${label}: ${issue.message}`;
    errors.add(at.row, at.field, message);
  }
}

/** A group's value of a field, and the row to blame for it. */
export const valueOf = (g: Group, f: AccountField) => g.given[f]?.value;
export const rowOf = (g: Group, f: AccountField) => g.given[f]?.row ?? g.firstRow;

/**
 * Groups rows into accounts: by the Account ID column when given (a row without it joins the group with its
 * id and name), else by name. A later row that changes an account-level value is an error.
 */
export function groupRows(rows: MappedRow[], errors: Errors): Group[] {
  const idOfName = new Map<string, string>();
  for (const r of rows) {
    const id = r.values.accountId?.toLowerCase();
    if (id && r.values.accountName && z.uuid().safeParse(id).success)
      idOfName.set(r.values.accountName.toLowerCase(), id);
  }
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const name = r.values.accountName;
    if (!name) {
      errors.add(r.row, 'accountName', 'Account name is required');
      continue;
    }
    let id = r.values.accountId?.toLowerCase() ?? idOfName.get(name.toLowerCase()) ?? null;
    if (id && !z.uuid().safeParse(id).success) {
      errors.add(r.row, 'accountId', `"${r.values.accountId}" is not an Account ID this system wrote`);
      id = null;
    }
    const key = id ? `id:${id}` : `name:${name.toLowerCase()}`;
    const group = groups.get(key) ?? {
      name,
      accountId: id,
      firstRow: r.row,
      rows: [],
      given: {},
      contactRows: [],
    };
    groups.set(key, group);
    group.rows.push(r.row);
    for (const field of accountFields) {
      const value = field === 'accountId' ? undefined : r.values[field];
      if (!value) continue;
      const first = group.given[field];
      if (!first) group.given[field] = { value, row: r.row };
      else if (!sameValue(field, first.value, value) && (field !== 'accountName' || id)) {
        errors.add(
          r.row,
          field,
          `"${value}" differs from "${first.value}" given for this account on row ${first.row}`,
        );
      }
    }
    if (contactFields.some((f) => r.values[f])) group.contactRows.push(r);
  }
  return [...groups.values()];
}

/** A parsed cell value, or undefined with the cell's error recorded. */
export function parsed<T>(errors: Errors, g: Group, field: AccountField, parse: (s: string) => Parsed<T>) {
  const raw = valueOf(g, field);
  if (!raw) return undefined;
  const result = parse(raw);
  if (result.ok) return result.value;
  errors.add(rowOf(g, field), field, result.message);
  return undefined;
}

/** The account-level values of a group that are given, parsed (undefined where not given or wrong). */
export function accountValues(g: Group, errors: Errors) {
  const v = (f: AccountField) => valueOf(g, f);
  return {
    name: g.name,
    segment: parsed(errors, g, 'segment', parseSegment),
    status: parsed(errors, g, 'status', parseStatus),
    poRequired: parsed(errors, g, 'poRequired', parseBoolean),
    taxExempt: parsed(errors, g, 'taxExempt', parseBoolean),
    taxExemptCertificate: v('taxExemptCertificate'),
    taxExemptExpiresOn: parsed(errors, g, 'taxExemptExpiresOn', parseDate),
    paymentTerms: v('paymentTerms'),
    tags: v('tags') ? splitTags(v('tags')!) : undefined,
    notes: v('notes'),
    costCentres: parsed(errors, g, 'costCentres', parseCostCentres),
  };
}

/**
 * The group's billing or shipping address over `base` (the account's current one, for an update): given
 * cells replace its parts. Undefined when the file gives none of it; null when it is wrong (error recorded).
 */
export function addressOf(g: Group, kind: AddressKind, errors: Errors, base?: AddressRow) {
  const given = addressKeys.filter((k) => valueOf(g, addressField(kind, k)));
  if (!given.length) return undefined;
  const part = (k: (typeof addressKeys)[number]) =>
    valueOf(g, addressField(kind, k)) ?? base?.[k] ?? undefined;
  const result = AddressInput.safeParse({
    ...(base ? { id: base.id, label: base.label, attention: base.attention, country: base.country } : {}),
    kind,
    line1: part('line1'),
    line2: part('line2'),
    city: part('city'),
    region: part('region'),
    postalCode: part('postalCode'),
    isDefault: true,
  });
  if (result.success) return result.data;
  addIssues(errors, result.error.issues, (key) => {
    const field = addressField(
      kind,
      (addressKeys as readonly string[]).includes(key) ? (key as 'line1') : 'line1',
    );
    return { field, row: rowOf(g, field), value: valueOf(g, field) };
  });
  return null;
}

/** Where a zod issue on an account input lands in the file. */
export const accountIssueAt =
  (g: Group): Where =>
  (key) => {
    const field = (accountPath[key] ?? 'accountName') as AccountField;
    return { field, row: rowOf(g, field), value: valueOf(g, field) };
  };

export type FileContact = {
  row: number;
  input: z.output<typeof CreateContact>;
  given: Set<ContactField>;
};

/** The group's contact rows as contact inputs; a repeat of a contact in the file is an error. */
export function parseContacts(g: Group, errors: Errors): FileContact[] {
  const out: FileContact[] = [];
  const seen = new Map<string, number>();
  for (const r of g.contactRows) {
    const c = r.values;
    const emails = c.contactEmail ? splitList(c.contactEmail, /[;,\s]+/) : [];
    const dupKey =
      emails[0]?.toLowerCase() ?? `name:${c.contactFirstName ?? ''} ${c.contactLastName ?? ''}`.toLowerCase();
    const dupOf = seen.get(dupKey);
    if (dupOf !== undefined) {
      errors.add(r.row, emails.length ? 'contactEmail' : 'contactFirstName', `Duplicate of row ${dupOf}`);
      continue;
    }
    seen.set(dupKey, r.row);
    const contact = CreateContact.safeParse({
      firstName: c.contactFirstName,
      lastName: c.contactLastName,
      title: c.contactTitle,
      emails,
      phones: c.contactPhone ? splitList(c.contactPhone, /;/).map((number) => ({ number })) : [],
      isPrimary: out.length === 0,
    });
    if (contact.success) {
      out.push({ row: r.row, input: contact.data, given: new Set(contactFields.filter((f) => c[f])) });
    } else {
      addIssues(errors, contact.error.issues, (key) => {
        const field = contactPath[key] ?? 'contactFirstName';
        return { field, row: r.row, value: c[field as keyof RowValues] };
      });
    }
  }
  return out;
}

/** What a group that matches no account creates: the account (checked by the API's schema) and contacts. */
export function planCreate(g: Group, users: StaffUser[], actor: Actor, errors: Errors) {
  const values = accountValues(g, errors);
  if (!valueOf(g, 'segment')) errors.add(g.firstRow, 'segment', 'Segment is required');
  const owner = ownerOf(valueOf(g, 'ownerEmail'), users, actor);
  if (owner.error) errors.add(rowOf(g, 'ownerEmail'), 'ownerEmail', owner.error);
  const addresses = (['billing', 'shipping'] as const).map((kind) => addressOf(g, kind, errors));
  const input = CreateAccount.safeParse({
    ...values,
    segment: values.segment ?? 'other',
    ownerId: owner.id,
    tags: values.tags ?? [],
    addresses: addresses.filter((a) => a),
    costCentres: values.costCentres ?? [],
  });
  if (!input.success) addIssues(errors, input.error.issues, accountIssueAt(g));
  const contacts = parseContacts(g, errors).map((c) => c.input);
  return input.success ? { input: input.data, contacts } : undefined;
}
