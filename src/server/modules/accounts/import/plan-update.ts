import type { z } from 'zod';
import { segmentLabels, statusLabels, UpdateAccount, UpdateContact } from '../../../../shared/accounts';
import type { ImportChange } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import { choosesOwner, OWNER_ROLES } from '../ownership';
import { columnLabels } from './mapping';
import { findUser, type StaffUser } from './owners';
import { defaultAddress, type AccountRow, type AddressRow, type CentreRow, type ContactRow } from './repo';
import {
  accountIssueAt,
  accountValues,
  addressField,
  addressOf,
  addIssues,
  parseContacts,
  rowOf,
  valueOf,
  type Errors,
  type FileContact,
  type Group,
} from './validate';
import { formatCostCentres } from './values';

/** What the account holds today, as the import compares it. */
export type Existing = {
  account: AccountRow;
  addresses: AddressRow[];
  centres: CentreRow[];
  contacts: ContactRow[];
};

export type PlannedUpdate = {
  accountId: string;
  patch: z.output<typeof UpdateAccount>;
  contactUpdates: { id: string; input: z.output<typeof UpdateContact> }[];
  newContacts: FileContact['input'][];
  changes: ImportChange[];
};

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const text = (s: string | null | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
const contactName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`;

/** The new owner when the file names another one, checked like a change through the account form. */
function ownerChange(g: Group, current: string | null, users: StaffUser[], actor: Actor, errors: Errors) {
  const given = valueOf(g, 'ownerEmail');
  if (!given) return undefined;
  const at = rowOf(g, 'ownerEmail');
  const found = findUser(given, users);
  if (!found.user) return void errors.add(at, 'ownerEmail', found.error!);
  const owner = found.user;
  if (owner.id === current) return undefined;
  if (!choosesOwner(actor)) {
    return void errors.add(at, 'ownerEmail', "Only admins and managers change an account's owner");
  }
  if (!owner.active || !(OWNER_ROLES as readonly string[]).includes(owner.role)) {
    return void errors.add(at, 'ownerEmail', `"${given}" is not an active account manager or manager`);
  }
  return owner;
}

/**
 * Compares a group of the file with the account it matches: only cells the file fills are compared (an empty
 * cell leaves the value as it is). Returns the PATCH, the contact changes and each change as old → new.
 */
export function planUpdate(
  g: Group,
  existing: Existing,
  ctx: { users: StaffUser[]; actor: Actor; errors: Errors },
): PlannedUpdate {
  const { account: a } = existing;
  const { errors } = ctx;
  const changes: ImportChange[] = [];
  const patch: Record<string, unknown> = {};
  const note = (field: string, from: string | null, to: string | null, label?: string) =>
    changes.push({ field, label: label ?? columnLabels[field as keyof typeof columnLabels], from, to });
  const change = (field: string, key: string, value: unknown, from: string | null, to: string | null) => {
    patch[key] = value;
    note(field, from, to);
  };
  const values = accountValues(g, errors);

  if (values.name !== a.name) change('accountName', 'name', values.name, a.name, values.name);
  if (values.segment && values.segment !== a.segment) {
    patch.segment = values.segment;
    note('segment', segmentLabels[a.segment], segmentLabels[values.segment]);
  }
  if (values.status && values.status !== a.status) {
    patch.status = values.status;
    note('status', statusLabels[a.status], statusLabels[values.status]);
  }
  const owner = ownerChange(g, a.ownerId, ctx.users, ctx.actor, errors);
  if (owner) {
    patch.ownerId = owner.id;
    const before = ctx.users.find((u) => u.id === a.ownerId)?.email ?? null;
    note('ownerEmail', before, owner.email);
  }
  for (const f of ['poRequired', 'taxExempt'] as const) {
    const v = values[f];
    if (v !== undefined && v !== a[f]) change(f, f, v, yesNo(a[f]), yesNo(v));
  }
  for (const f of ['paymentTerms', 'notes', 'taxExemptCertificate', 'taxExemptExpiresOn'] as const) {
    const v = values[f];
    if (v !== undefined && text(v) !== text(a[f])) change(f, f, v, a[f] ?? null, v);
  }
  if (values.tags) {
    const norm = (l: string[]) => l.map((t) => t.toLowerCase()).sort();
    if (!sameList(norm(values.tags), norm(a.tags))) {
      patch.tags = values.tags;
      note('tags', a.tags.join('; '), values.tags.join('; '));
    }
  }

  let addresses = existing.addresses;
  for (const kind of ['billing', 'shipping'] as const) {
    const base = defaultAddress(addresses, kind);
    const next = addressOf(g, kind, errors, base);
    if (!next) continue;
    let moved = false;
    for (const key of ['line1', 'line2', 'city', 'region', 'postalCode'] as const) {
      if (text(next[key]) === text(base?.[key])) continue;
      moved = true;
      note(addressField(kind, key), base?.[key] ?? null, next[key] ?? null);
    }
    if (!moved) continue;
    const row = { ...(base ?? {}), ...next, position: 0 } as AddressRow;
    addresses = base ? addresses.map((x) => (x.id === base.id ? row : x)) : [...addresses, row];
    patch.addresses = addresses;
  }
  if (patch.addresses) {
    patch.addresses = addresses.map((x) => ({
      ...(x.id ? { id: x.id } : {}),
      kind: x.kind,
      label: x.label ?? null,
      attention: x.attention ?? null,
      line1: x.line1,
      line2: x.line2 ?? null,
      city: x.city,
      region: x.region,
      postalCode: x.postalCode,
      country: x.country ?? 'US',
      isDefault: x.isDefault,
    }));
  }

  if (values.costCentres) {
    const before = formatCostCentres([...existing.centres].sort((x, y) => x.code.localeCompare(y.code)));
    const after = formatCostCentres([...values.costCentres].sort((x, y) => x.code.localeCompare(y.code)));
    if (before !== after) {
      const byCode = new Map(existing.centres.map((c) => [c.code.toLowerCase(), c]));
      patch.costCentres = values.costCentres.map((c) => {
        const old = byCode.get(c.code.toLowerCase());
        return old
          ? { id: old.id, code: c.code, name: c.name, budgetOwnerContactId: old.budgetOwnerContactId }
          : { code: c.code, name: c.name };
      });
      note('costCentres', formatCostCentres(existing.centres) || null, formatCostCentres(values.costCentres));
    }
  }

  const parsedPatch = UpdateAccount.safeParse(patch);
  if (!parsedPatch.success) addIssues(errors, parsedPatch.error.issues, accountIssueAt(g));
  const people = planContacts(g, existing.contacts, errors, note);
  return {
    accountId: a.id,
    patch: parsedPatch.success ? parsedPatch.data : {},
    ...people,
    changes,
  };
}

type Note = (field: string, from: string | null, to: string | null, label?: string) => void;

/** Matches the file's contacts to the account's (by e-mail, else by name): changed ones update, others are new. */
function planContacts(g: Group, current: ContactRow[], errors: Errors, note: Note) {
  const contactUpdates: PlannedUpdate['contactUpdates'] = [];
  const newContacts: PlannedUpdate['newContacts'] = [];
  const claimed = new Map<string, number>();
  for (const fc of parseContacts(g, errors)) {
    const c = fc.input;
    const emails = new Set(c.emails.map((e) => e.toLowerCase()));
    const match =
      current.find((x) => x.emails.some((e) => emails.has(e.toLowerCase()))) ??
      current.find(
        (x) =>
          x.firstName.toLowerCase() === c.firstName.toLowerCase() &&
          x.lastName.toLowerCase() === c.lastName.toLowerCase(),
      );
    if (!match) {
      newContacts.push({ ...c, isPrimary: current.length === 0 && newContacts.length === 0 });
      note('contact', null, `${contactName(c)}${c.emails[0] ? ` <${c.emails[0]}>` : ''}`, 'New contact');
      continue;
    }
    const other = claimed.get(match.id);
    if (other !== undefined) {
      errors.add(fc.row, 'contactEmail', `The same contact as row ${other}`);
      continue;
    }
    claimed.set(match.id, fc.row);
    const input: Record<string, unknown> = {};
    const who = contactName(match);
    const label = (f: keyof typeof columnLabels) => `${columnLabels[f]} (${who})`;
    for (const [f, key] of [
      ['contactFirstName', 'firstName'],
      ['contactLastName', 'lastName'],
      ['contactTitle', 'title'],
    ] as const) {
      if (!fc.given.has(f) || text(c[key]) === text(match[key])) continue;
      input[key] = c[key];
      note(f, match[key] ?? null, c[key] ?? null, label(f));
    }
    if (fc.given.has('contactEmail') && !sameList(c.emails, match.emails)) {
      input.emails = c.emails;
      note('contactEmail', match.emails.join('; '), c.emails.join('; '), label('contactEmail'));
    }
    const numbers = match.phones.map((p) => p.number);
    if (
      fc.given.has('contactPhone') &&
      !sameList(
        c.phones.map((p) => p.number),
        numbers,
      )
    ) {
      const labelOf = new Map(match.phones.map((p) => [p.number, p.label]));
      input.phones = c.phones.map((p) => ({
        number: p.number,
        ...(labelOf.get(p.number) ? { label: labelOf.get(p.number) } : {}),
      }));
      note(
        'contactPhone',
        numbers.join('; '),
        c.phones.map((p) => p.number).join('; '),
        label('contactPhone'),
      );
    }
    if (Object.keys(input).length) contactUpdates.push({ id: match.id, input: UpdateContact.parse(input) });
  }
  return { contactUpdates, newContacts };
}
