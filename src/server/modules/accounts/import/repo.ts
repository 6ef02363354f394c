import { and, asc, desc, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { accountAddresses, accounts, contacts, costCentres } from '../tables';

export type AccountRow = typeof accounts.$inferSelect;
export type AddressRow = typeof accountAddresses.$inferSelect;
export type CentreRow = typeof costCentres.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

// Chunked so a 20,000-row file does not become one statement with 20,000 parameters.
async function chunked<T>(keys: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 1000) out.push(...(await read(keys.slice(i, i + 1000))));
  return out;
}

function byAccount<T extends { accountId: string }>(rows: T[]) {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.accountId, [...(map.get(r.accountId) ?? []), r]);
  return map;
}

/** The accounts with the given ids, archived ones included (so the import can say why it will not update them). */
export function findAccountsByIds(db: Db, ids: string[]): Promise<AccountRow[]> {
  return chunked(ids, (chunk) => db.select().from(accounts).where(inArray(accounts.id, chunk)));
}

/** The accounts that are not archived whose lower-case name is one of the given ones. */
export function findActiveAccountsByLowerNames(db: Db, lowerNames: string[]): Promise<AccountRow[]> {
  return chunked(lowerNames, (chunk) =>
    db
      .select()
      .from(accounts)
      .where(and(inArray(sql`lower(${accounts.name})`, chunk), isNull(accounts.archivedAt))),
  );
}

/** Every address of the given accounts, in the account's order. */
export async function findAddressesOf(db: Db, accountIds: string[]) {
  const rows = await chunked(accountIds, (chunk) =>
    db
      .select()
      .from(accountAddresses)
      .where(inArray(accountAddresses.accountId, chunk))
      .orderBy(asc(accountAddresses.position)),
  );
  return byAccount(rows);
}

/** The address of a kind the export writes and the import updates: the default one, else the first. */
export function defaultAddress(list: AddressRow[] | undefined, kind: 'billing' | 'shipping') {
  const ofKind = (list ?? []).filter((a) => a.kind === kind);
  return ofKind.find((a) => a.isDefault) ?? ofKind[0];
}

/** The cost centres of the given accounts that are in use (not archived), by code. */
export async function findCostCentresOf(db: Db, accountIds: string[]) {
  const rows = await chunked(accountIds, (chunk) =>
    db
      .select()
      .from(costCentres)
      .where(and(inArray(costCentres.accountId, chunk), isNull(costCentres.archivedAt)))
      .orderBy(asc(costCentres.code)),
  );
  return byAccount(rows);
}

/** The current contacts of the given accounts, primary first, then by name. */
export async function findContactsOf(db: Db, accountIds: string[]) {
  const rows = await chunked(accountIds, (chunk) =>
    db
      .select()
      .from(contacts)
      .where(and(inArray(contacts.accountId, chunk), isNull(contacts.archivedAt)))
      .orderBy(
        desc(contacts.isPrimary),
        sql`lower(${contacts.lastName})`,
        sql`lower(${contacts.firstName})`,
        asc(contacts.createdAt),
      ),
  );
  return byAccount(rows);
}

/** Serialises account imports: a second commit of the same file waits, then sees what the first created. */
export async function lockImports(db: Db) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('jobjacket.accounts.import'))`);
}
