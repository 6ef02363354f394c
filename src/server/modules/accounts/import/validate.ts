import type { z } from 'zod';
import { CreateAccount, CreateContact } from '../../../../shared/accounts';
import { ImportField, type ImportRowError } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import type { Db } from '../../../platform/db';
import { listUsers } from '../../users';
import { columnLabels, type MappedRow, type RowValues } from './mapping';
import { choosesOwner, OWNER_ROLES } from '../ownership';
import { findTakenAccountNames } from './repo';
import {
  parseBoolean,
  parseSegment,
  parseStatus,
  sameValue,
  splitList,
  splitTags,
  type Parsed,
} from './values';

export type PlannedAccount = {
  row: number;
  input: z.output<typeof CreateAccount>;
  contacts: z.output<typeof CreateContact>[];
};
export type ImportPlan = {
  /** Accounts to create (only complete when there are no errors). */
  accounts: PlannedAccount[];
  /** Distinct accounts and contacts the file describes. */
  accountCount: number;
  contactCount: number;
  errors: ImportRowError[];
};

// The field groups come from the shared contract, so a field added there cannot be missed here.
type ContactField = Extract<ImportField, `contact${string}`>;
type AccountField = Exclude<ImportField, ContactField>;
const contactFields = ImportField.options.filter((f): f is ContactField => f.startsWith('contact'));
const accountFields = ImportField.options.filter((f): f is AccountField => !f.startsWith('contact'));
const billingFields: readonly ImportField[] = accountFields.filter((f) => f.startsWith('billing'));

/** Account-level values with the row each came from: the first row of the account that gives it. */
type Group = { firstRow: number; given: Partial<Record<AccountField, { value: string; row: number }>> };

// Where a zod issue on the API's input lands in the file.
const accountPath: Record<string, ImportField> = {
  name: 'accountName',
  segment: 'segment',
  status: 'status',
  ownerId: 'ownerEmail',
  taxExempt: 'taxExempt',
  poRequired: 'poRequired',
  paymentTerms: 'paymentTerms',
  tags: 'tags',
  notes: 'notes',
  line1: 'billingLine1',
  line2: 'billingLine2',
  city: 'billingCity',
  region: 'billingRegion',
  postalCode: 'billingPostalCode',
};
const contactPath: Record<string, ImportField> = {
  firstName: 'contactFirstName',
  lastName: 'contactLastName',
  title: 'contactTitle',
  emails: 'contactEmail',
  phones: 'contactPhone',
};

const knownKeys = new Set([...Object.keys(accountPath), ...Object.keys(contactPath)]);

class Errors {
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

/** Turns zod's issues on the API input into row errors, saying "required" plainly for empty cells. */
function addIssues(
  errors: Errors,
  issues: z.core.$ZodIssue[],
  where: (key: string) => { field: ImportField; row: number; value: string | undefined } | undefined,
) {
  for (const issue of issues) {
    const key = [...issue.path].reverse().find((p) => typeof p === 'string' && knownKeys.has(p));
    const at = where(typeof key === 'string' ? key : '');
    if (!at || errors.has(at.row, at.field)) continue;
    const label = columnLabels[at.field];
    const message = !at.value
      ? billingFields.includes(at.field)
        ? `${label} is required when a billing address is given`
        : `${label} is required`
      : at.field === 'contactEmail'
        ? `"${at.value}" is not a valid e-mail address`
        : `${label}: ${issue.message}`;
    errors.add(at.row, at.field, message);
  }
}

/** Groups rows into accounts; a later row that changes an account-level value is an error. */
function groupRows(rows: MappedRow[], errors: Errors) {
  const groups = new Map<string, Group & { name: string; contactRows: MappedRow[] }>();
  for (const r of rows) {
    const name = r.values.accountName;
    if (!name) {
      errors.add(r.row, 'accountName', 'Account name is required');
      continue;
    }
    const key = name.toLowerCase();
    const group = groups.get(key) ?? { name, firstRow: r.row, given: {}, contactRows: [] };
    groups.set(key, group);
    for (const field of accountFields) {
      const value = r.values[field];
      if (!value) continue;
      const first = group.given[field];
      if (!first) group.given[field] = { value, row: r.row };
      else if (field !== 'accountName' && !sameValue(field, first.value, value)) {
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

function parsed<T>(errors: Errors, row: number, field: ImportField, result: Parsed<T> | undefined) {
  if (!result) return undefined;
  if (result.ok) return result.value;
  errors.add(row, field, result.message);
  return undefined;
}

type StaffUser = Awaited<ReturnType<typeof listUsers>>[number];

/**
 * Finds an account's owner from the file's owner column, by e-mail or by name; without a value the importer
 * owns it when they may own accounts. An account manager may import only accounts they own.
 */
function ownerOf(
  given: string | undefined,
  users: StaffUser[],
  actor: Actor,
): { id: string | null; error?: string } {
  const importerOwns =
    actor.kind === 'user' && actor.id && (OWNER_ROLES as readonly string[]).includes(actor.role);
  if (!given) return { id: importerOwns ? actor.id : null };
  const key = given.trim().toLowerCase();
  const byEmail = users.filter((u) => u.email.toLowerCase() === key);
  const matches = byEmail.length ? byEmail : users.filter((u) => u.name.trim().toLowerCase() === key);
  if (!matches.length)
    return { id: null, error: `"${given}" is not a Jobjacket user (give an e-mail or a name)` };
  if (matches.length > 1)
    return { id: null, error: `"${given}" names more than one user; give their e-mail` };
  const owner = matches[0]!;
  if (!owner.active) return { id: null, error: `"${given}" is not active` };
  if (!(OWNER_ROLES as readonly string[]).includes(owner.role))
    return { id: null, error: `"${given}" is not an account manager or manager` };
  if (!choosesOwner(actor) && owner.id !== actor.id)
    return { id: null, error: `Only admins and managers import accounts for someone else ("${given}")` };
  return { id: owner.id };
}

/** Checks every row against the API's own schemas and the database; builds what the import would create. */
export async function planImport(db: Db, rows: MappedRow[], actor: Actor): Promise<ImportPlan> {
  const errors = new Errors();
  const groups = groupRows(rows, errors);
  const users = await listUsers({ db });
  const taken = await findTakenAccountNames(
    db,
    groups.map((g) => g.name.toLowerCase()),
  );
  const planned: PlannedAccount[] = [];
  let contactCount = 0;

  for (const g of groups) {
    const v = (f: AccountField) => g.given[f]?.value;
    const rowOf = (f: AccountField) => g.given[f]?.row ?? g.firstRow;
    if (taken.has(g.name.toLowerCase())) {
      errors.add(g.firstRow, 'accountName', `An account named "${g.name}" already exists`);
    }
    const owner = ownerOf(v('ownerEmail'), users, actor);
    if (owner.error) errors.add(rowOf('ownerEmail'), 'ownerEmail', owner.error);
    const segmentRaw = v('segment');
    if (!segmentRaw) errors.add(g.firstRow, 'segment', 'Segment is required');
    const segment = parsed(
      errors,
      rowOf('segment'),
      'segment',
      segmentRaw ? parseSegment(segmentRaw) : undefined,
    );
    const bool = (f: 'poRequired' | 'taxExempt') =>
      parsed(errors, rowOf(f), f, v(f) ? parseBoolean(v(f)!) : undefined);
    const hasBilling = billingFields.some((f) => v(f as AccountField));
    const input = CreateAccount.safeParse({
      name: g.name,
      segment: segment ?? 'other',
      status: parsed(errors, rowOf('status'), 'status', v('status') ? parseStatus(v('status')!) : undefined),
      ownerId: owner.id,
      poRequired: bool('poRequired'),
      taxExempt: bool('taxExempt'),
      paymentTerms: v('paymentTerms'),
      tags: v('tags') ? splitTags(v('tags')!) : [],
      notes: v('notes'),
      addresses: hasBilling
        ? [
            {
              kind: 'billing',
              line1: v('billingLine1'),
              line2: v('billingLine2'),
              city: v('billingCity'),
              region: v('billingRegion'),
              postalCode: v('billingPostalCode'),
              isDefault: true,
            },
          ]
        : [],
    });
    if (!input.success) {
      addIssues(errors, input.error.issues, (key) => {
        const field = accountPath[key] ?? 'accountName';
        const f = field as AccountField;
        return { field, row: rowOf(f), value: v(f) };
      });
    }

    const contacts: z.output<typeof CreateContact>[] = [];
    const seen = new Map<string, number>();
    for (const r of g.contactRows) {
      const c = r.values;
      const emails = c.contactEmail ? splitList(c.contactEmail, /[;,\s]+/) : [];
      const dupKey =
        emails[0]?.toLowerCase() ??
        `name:${c.contactFirstName ?? ''} ${c.contactLastName ?? ''}`.toLowerCase();
      const dupOf = seen.get(dupKey);
      if (dupOf !== undefined) {
        errors.add(r.row, emails.length ? 'contactEmail' : 'contactFirstName', `Duplicate of row ${dupOf}`);
        continue;
      }
      seen.set(dupKey, r.row);
      contactCount += 1;
      const contact = CreateContact.safeParse({
        firstName: c.contactFirstName,
        lastName: c.contactLastName,
        title: c.contactTitle,
        emails,
        phones: c.contactPhone ? splitList(c.contactPhone, /;/).map((number) => ({ number })) : [],
        isPrimary: contacts.length === 0,
      });
      if (contact.success) contacts.push(contact.data);
      else
        addIssues(errors, contact.error.issues, (key) => {
          const field = contactPath[key] ?? 'contactFirstName';
          return { field, row: r.row, value: c[field as keyof RowValues] };
        });
    }
    if (input.success) planned.push({ row: g.firstRow, input: input.data, contacts });
  }
  errors.list.sort((a, b) => a.row - b.row);
  return { accounts: planned, accountCount: groups.length, contactCount, errors: errors.list };
}
