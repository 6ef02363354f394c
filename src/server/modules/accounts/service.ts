import { and, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AccountListQuery,
  CreateAccount,
  CreateContact,
  UpdateAccount,
  UpdateContact,
} from '../../../shared/accounts';
import type { Actor } from '../../platform/actor';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { presentAccount, presentAccountSummary, presentContact } from './presenter';
import {
  contactSearchText,
  findAccount,
  findAccountChildren,
  findAccountIdByName,
  findAccountPage,
} from './repo';
import { accountAddresses, accounts, contacts, costCentres } from './tables';
import { healthFor } from './health';
import { assertOwner, choosesOwner, ownerForNewAccount } from './ownership';

type CreateInput = z.output<typeof CreateAccount>;
type UpdateInput = z.output<typeof UpdateAccount>;
type AddressInput = CreateInput['addresses'][number];
type CentreInput = CreateInput['costCentres'][number];

/** Accounts for the list: searched, filtered and paged, each with its health figures. */
export async function listAccounts(opts: { db: Db; actor: Actor; query: z.output<typeof AccountListQuery> }) {
  const { rows, nextCursor } = await findAccountPage(opts.db, opts.query, opts.actor.id);
  const health = await healthFor(
    opts.db,
    rows.map((r) => r.account.id),
  );
  return {
    items: rows.map((r) => presentAccountSummary(r.account, r, health.get(r.account.id))),
    nextCursor,
  };
}

/** The whole account with addresses and cost centres; "not found" for an id that does not exist. */
export async function getAccount(opts: { db: Db; id: string; health?: boolean }) {
  const row = await findAccount(opts.db, opts.id);
  if (!row) throw notFound('Account');
  const { addresses, centres } = await findAccountChildren(opts.db, opts.id);
  // The health line reads other modules' work (jobs, client mail); ordering and portal pages do without it.
  const health = opts.health === false ? undefined : (await healthFor(opts.db, [opts.id])).get(opts.id);
  return presentAccount(row.account, row, addresses, centres, health);
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const existing = await findAccountIdByName(db, name);
  if (existing && existing !== exceptId) {
    throw conflict(`An account named "${name}" already exists`);
  }
}

function checkDefaults(addresses: AddressInput[]) {
  for (const kind of ['billing', 'shipping'] as const) {
    if (addresses.filter((a) => a.kind === kind && a.isDefault).length > 1) {
      throw invalid(`Only one ${kind} address can be the default`, [
        { path: 'addresses', message: `More than one default ${kind} address` },
      ]);
    }
  }
}

function checkCentres(centres: CentreInput[]) {
  const codes = new Set<string>();
  centres.forEach((c, i) => {
    const code = c.code.toLowerCase();
    if (codes.has(code)) {
      throw invalid(`Cost centre code "${c.code}" is used twice`, [
        { path: `costCentres.${i}.code`, message: 'Duplicate code' },
      ]);
    }
    codes.add(code);
  });
}

/** Replaces an account's addresses with the given list, keeping the ids of those that are given back. */
async function replaceAddresses(db: Db, accountId: string, list: AddressInput[]) {
  checkDefaults(list);
  const keep = list.flatMap((a) => (a.id ? [a.id] : []));
  await db
    .delete(accountAddresses)
    .where(
      and(
        eq(accountAddresses.accountId, accountId),
        keep.length ? notInArray(accountAddresses.id, keep) : undefined,
      ),
    );
  for (const [position, a] of list.entries()) {
    const values = {
      kind: a.kind,
      label: a.label ?? null,
      attention: a.attention ?? null,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
      isDefault: a.isDefault,
      position,
    };
    if (a.id) {
      const updated = await db
        .update(accountAddresses)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(accountAddresses.id, a.id), eq(accountAddresses.accountId, accountId)))
        .returning({ id: accountAddresses.id });
      if (!updated.length)
        throw invalid('An address id does not belong to this account', [
          { path: `addresses.${position}.id`, message: 'Unknown address' },
        ]);
    } else {
      await db.insert(accountAddresses).values({ ...values, accountId });
    }
  }
}

/** Replaces an account's cost centres; removed ones are archived, since jobs and orders may point at them. */
async function replaceCostCentres(db: Db, accountId: string, list: CentreInput[]) {
  checkCentres(list);
  const ownerIds = list.flatMap((c) => (c.budgetOwnerContactId ? [c.budgetOwnerContactId] : []));
  if (ownerIds.length) {
    const found = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(inArray(contacts.id, ownerIds), eq(contacts.accountId, accountId)));
    if (found.length !== new Set(ownerIds).size) {
      throw invalid('A budget owner must be a contact of this account', [
        { path: 'costCentres', message: 'Unknown contact' },
      ]);
    }
  }
  const keep = list.flatMap((c) => (c.id ? [c.id] : []));
  await db
    .update(costCentres)
    .set({ archivedAt: new Date() })
    .where(
      and(
        eq(costCentres.accountId, accountId),
        isNull(costCentres.archivedAt),
        keep.length ? notInArray(costCentres.id, keep) : undefined,
      ),
    );
  for (const [i, c] of list.entries()) {
    const values = { name: c.name, code: c.code, budgetOwnerContactId: c.budgetOwnerContactId ?? null };
    if (c.id) {
      const updated = await db
        .update(costCentres)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(costCentres.id, c.id), eq(costCentres.accountId, accountId)))
        .returning({ id: costCentres.id });
      if (!updated.length)
        throw invalid('A cost centre id does not belong to this account', [
          { path: `costCentres.${i}.id`, message: 'Unknown cost centre' },
        ]);
    } else {
      await db.insert(costCentres).values({ ...values, accountId });
    }
  }
}

/** Serialises changes to one account and what hangs off it (primary contact, default addresses). */
async function lockAccount(db: Db, id: string) {
  await db.execute(sql`select 1 from accounts where id = ${id} for update`);
}

/** Creates a client account with its addresses and cost centres. */
export async function createAccount(opts: ServiceContext & { input: CreateInput }) {
  const { db, actor, input } = opts;
  await assertNameFree(db, input.name);
  const ownerId = ownerForNewAccount(actor, input.ownerId);
  await assertOwner(db, ownerId);
  const { addresses, costCentres: centres, ...fields } = input;
  const [row] = await db
    .insert(accounts)
    .values({ ...fields, ownerId })
    .returning({ id: accounts.id });
  const id = row!.id;
  await replaceAddresses(db, id, addresses);
  await replaceCostCentres(db, id, centres);
  const account = await getAccount({ db, id });
  await recordAudit(db, actor, {
    action: 'account.create',
    entityType: 'account',
    entityId: id,
    accountId: id,
    summary: `Created account ${account.name}`,
    after: account,
  });
  return account;
}

/** Changes some fields of an account; `addresses` and `costCentres` replace their lists when given. */
export async function updateAccount(opts: ServiceContext & { id: string; input: UpdateInput }) {
  const { db, actor, id, input } = opts;
  const before = await getAccount({ db, id });
  await lockAccount(db, id);
  if (input.name && input.name.toLowerCase() !== before.name.toLowerCase())
    await assertNameFree(db, input.name, id);
  if (input.ownerId !== undefined && input.ownerId !== (before.owner?.id ?? null)) {
    if (!choosesOwner(actor)) throw forbidden("Only admins and managers change an account's owner");
    await assertOwner(db, input.ownerId);
  }
  const { addresses, costCentres: centres, ...fields } = input;
  await db
    .update(accounts)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(accounts.id, id));
  if (addresses) await replaceAddresses(db, id, addresses);
  if (centres) await replaceCostCentres(db, id, centres);
  const after = await getAccount({ db, id });
  const changed = changedFields(before, after);
  await recordAudit(db, actor, {
    action: 'account.update',
    entityType: 'account',
    entityId: id,
    accountId: id,
    summary: changed.length ? `Changed ${changed.join(', ')}` : 'Saved without changes',
    before,
    after,
  });
  return after;
}

/** Archives an account: it leaves lists and search but keeps its history. */
export async function archiveAccount(opts: ServiceContext & { id: string }) {
  const before = await getAccount(opts);
  if (before.archivedAt) return before;
  await opts.db
    .update(accounts)
    .set({ archivedAt: new Date(), updatedAt: new Date() })
    .where(eq(accounts.id, opts.id));
  const after = await getAccount(opts);
  await recordAudit(opts.db, opts.actor, {
    action: 'account.archive',
    entityType: 'account',
    entityId: opts.id,
    accountId: opts.id,
    summary: `Archived account ${before.name}`,
    before,
    after,
  });
  return after;
}

// ---- contacts ----

/** An account's contacts, primary first, then by name; archived ones only when asked for. */
export async function listContacts(opts: { db: Db; accountId: string; includeArchived: boolean }) {
  await getAccount({ db: opts.db, id: opts.accountId, health: false });
  const rows = await opts.db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, opts.accountId),
        opts.includeArchived ? undefined : isNull(contacts.archivedAt),
      ),
    )
    .orderBy(sql`${contacts.isPrimary} desc, lower(${contacts.lastName}), lower(${contacts.firstName})`);
  return rows.map(presentContact);
}

/** One contact's row; "not found" for an unknown id. */
export async function getContact(opts: { db: Db; id: string }) {
  const [row] = await opts.db.select().from(contacts).where(eq(contacts.id, opts.id));
  if (!row) throw notFound('Contact');
  return row;
}

/** One primary contact per account (a unique index holds it): unmark the others before marking one. */
async function clearPrimary(db: Db, accountId: string, exceptId?: string) {
  await db
    .update(contacts)
    .set({ isPrimary: false })
    .where(
      and(
        eq(contacts.accountId, accountId),
        exceptId ? ne(contacts.id, exceptId) : undefined,
        eq(contacts.isPrimary, true),
      ),
    );
}

/** Adds a contact to an account; marking it primary unmarks the previous primary contact. */
export async function createContact(
  opts: ServiceContext & { accountId: string; input: z.output<typeof CreateContact> },
) {
  const { db, actor, accountId, input } = opts;
  const account = await getAccount({ db, id: accountId, health: false });
  if (account.archivedAt) throw conflict('The account is archived; restore it before adding contacts');
  await lockAccount(db, accountId);
  if (input.isPrimary) await clearPrimary(db, accountId);
  const [row] = await db
    .insert(contacts)
    .values({ ...input, accountId, searchText: contactSearchText(input) })
    .returning();
  const contact = presentContact(row!);
  await recordAudit(db, actor, {
    action: 'contact.create',
    entityType: 'contact',
    entityId: contact.id,
    accountId,
    summary: `Added contact ${contact.name}`,
    after: contact,
  });
  return contact;
}

/** Changes a contact; marking it primary unmarks the previous primary contact. */
export async function updateContact(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdateContact> },
) {
  const { db, actor, id, input } = opts;
  const beforeRow = await getContact({ db, id });
  const before = presentContact(beforeRow);
  const merged = { ...beforeRow, ...input };
  await lockAccount(db, beforeRow.accountId);
  if (input.isPrimary) await clearPrimary(db, beforeRow.accountId, id);
  const [row] = await db
    .update(contacts)
    .set({ ...input, searchText: contactSearchText(merged), updatedAt: new Date() })
    .where(eq(contacts.id, id))
    .returning();
  const after = presentContact(row!);
  await recordAudit(db, actor, {
    action: 'contact.update',
    entityType: 'contact',
    entityId: id,
    accountId: row!.accountId,
    summary: `Changed contact ${after.name}: ${changedFields(before, after).join(', ') || 'no change'}`,
    before,
    after,
  });
  return after;
}

/** Archives a contact (history and past jobs keep pointing at it). */
export async function archiveContact(opts: ServiceContext & { id: string }) {
  const beforeRow = await getContact(opts);
  const before = presentContact(beforeRow);
  if (beforeRow.archivedAt) return before;
  const [row] = await opts.db
    .update(contacts)
    .set({ archivedAt: new Date(), isPrimary: false, updatedAt: new Date() })
    .where(eq(contacts.id, opts.id))
    .returning();
  const after = presentContact(row!);
  await recordAudit(opts.db, opts.actor, {
    action: 'contact.archive',
    entityType: 'contact',
    entityId: opts.id,
    accountId: row!.accountId,
    summary: `Removed contact ${after.name}`,
    before,
    after,
  });
  return after;
}
