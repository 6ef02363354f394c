import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { AccountListQuery } from '../../../shared/accounts';
import { prepared, type Db } from '../../platform/db';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { users } from '../users/tables';
import { accountAddresses, accounts, contacts, costCentres } from './tables';

type ListQuery = z.output<typeof AccountListQuery>;
const primary = alias(contacts, 'primary_contact');

/** `%term%` with LIKE's wildcards escaped, lower-cased to use the trigram indexes. */
export const likePattern = (term: string) => `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The text a contact is found by: name, title and every e-mail, lower-cased. */
export const contactSearchText = (c: {
  firstName: string;
  lastName: string;
  title?: string | null;
  emails: string[];
}) => [c.firstName, c.lastName, c.title ?? '', ...c.emails].join(' ').toLowerCase();

function accountSelection() {
  return {
    account: accounts,
    ownerName: users.name,
    primaryContactId: primary.id,
    primaryContactName: sql<string | null>`${primary.firstName} || ' ' || ${primary.lastName}`,
    primaryContactEmail: sql<string | null>`${primary.emails}[1]`,
  };
}

/** Accounts with their owner's name and primary contact, the shape every account read starts from. */
export function selectAccounts(db: Db) {
  return db
    .select(accountSelection())
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .leftJoin(
      primary,
      and(eq(primary.accountId, accounts.id), eq(primary.isPrimary, true), isNull(primary.archivedAt)),
    );
}

function sortKey(sort: ListQuery['sort']): SQL {
  return sort === '-updated' ? sql`${accounts.updatedAt}` : sql`lower(${accounts.name})`;
}

/** One page of the account list; keyset pagination on the sort key then id. */
export async function findAccountPage(db: Db, q: ListQuery, actorId: string | null) {
  const filters: (SQL | undefined)[] = [
    q.archived === 'exclude'
      ? isNull(accounts.archivedAt)
      : q.archived === 'only'
        ? isNotNull(accounts.archivedAt)
        : undefined,
    q.segment ? eq(accounts.segment, q.segment) : undefined,
    q.status ? eq(accounts.status, q.status) : undefined,
    q.owner === 'me' ? (actorId ? eq(accounts.ownerId, actorId) : sql`false`) : undefined,
    q.owner === 'none' ? isNull(accounts.ownerId) : undefined,
    q.owner && q.owner !== 'me' && q.owner !== 'none' ? eq(accounts.ownerId, q.owner) : undefined,
    q.tag ? sql`${accounts.tags} @> array[${q.tag}]::text[]` : undefined,
  ];
  if (q.q) {
    const pattern = likePattern(q.q);
    filters.push(
      or(
        sql`lower(${accounts.name}) like ${pattern}`,
        inArray(
          accounts.id,
          db
            .select({ id: contacts.accountId })
            .from(contacts)
            .where(and(sql`${contacts.searchText} like ${pattern}`, isNull(contacts.archivedAt))),
        ),
      ),
    );
  }
  const key = sortKey(q.sort);
  const descending = q.sort !== 'name';
  if (q.cursor) {
    const [k, id] = decodeCursor(q.cursor, 2) as [string, string];
    const keyValue = q.sort === '-updated' ? sql`${new Date(k).toISOString()}::timestamptz` : sql`${k}`;
    filters.push(
      descending
        ? or(lt(key, keyValue), and(eq(key, keyValue), lt(accounts.id, id)))
        : or(gt(key, keyValue), and(eq(key, keyValue), gt(accounts.id, id))),
    );
  }
  const rows = await selectAccounts(db)
    .where(and(...filters))
    .orderBy(descending ? desc(key) : asc(key), descending ? desc(accounts.id) : asc(accounts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.account;
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor([
          q.sort === '-updated' ? last.updatedAt.toISOString() : last.name.toLowerCase(),
          last.id,
        ])
      : null;
  return { rows: page, nextCursor };
}

export async function findAccount(db: Db, id: string) {
  const query = prepared(db, 'account_by_id', (d) =>
    selectAccounts(d)
      .where(eq(accounts.id, sql.placeholder('id')))
      .prepare('account_by_id'),
  );
  const [row] = await query.execute({ id });
  return row;
}

/** An account's addresses and open cost centres (prepared: every order and account page reads them). */
export async function findAccountChildren(db: Db, accountId: string) {
  const addressesQuery = prepared(db, 'account_addresses', (d) =>
    d
      .select()
      .from(accountAddresses)
      .where(eq(accountAddresses.accountId, sql.placeholder('accountId')))
      .orderBy(asc(accountAddresses.position))
      .prepare('account_addresses'),
  );
  const centresQuery = prepared(db, 'account_cost_centres', (d) =>
    d
      .select()
      .from(costCentres)
      .where(and(eq(costCentres.accountId, sql.placeholder('accountId')), isNull(costCentres.archivedAt)))
      .orderBy(asc(costCentres.code))
      .prepare('account_cost_centres'),
  );
  const addresses = await addressesQuery.execute({ accountId });
  const centres = await centresQuery.execute({ accountId });
  return { addresses, centres };
}

export async function findAccountIdByName(db: Db, name: string) {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(sql`lower(${accounts.name})`, name.toLowerCase()), isNull(accounts.archivedAt)));
  return row?.id ?? null;
}

/** How many client accounts the shop has (archived ones included). */
export async function countAccounts(opts: { db: Db }): Promise<number> {
  const [row] = await opts.db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  return row?.n ?? 0;
}

/** Name and PO rule of each account, by id, in one query (lists that name many accounts). */
export async function accountSummaries(db: Db, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({ id: accounts.id, name: accounts.name, poRequired: accounts.poRequired })
        .from(accounts)
        .where(inArray(accounts.id, ids))
    : [];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each contact's name and first e-mail, by id, in one query. */
export async function contactSummaries(db: Db, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({
          id: contacts.id,
          firstName: contacts.firstName,
          lastName: contacts.lastName,
          emails: contacts.emails,
        })
        .from(contacts)
        .where(inArray(contacts.id, ids))
    : [];
  return new Map(
    rows.map((c) => [
      c.id,
      { id: c.id, name: `${c.firstName} ${c.lastName}`.trim(), email: c.emails[0] ?? null },
    ]),
  );
}
