import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { AccountListQuery } from '../../../shared/accounts';
import { prepared, shapeName, type Db } from '../../platform/db';
import { decodeTextCursor, encodeCursor } from '../../platform/pagination';
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
      // `is_primary` written out, not a parameter, so a prepared plan can use the partial index of primaries.
      and(eq(primary.accountId, accounts.id), sql`${primary.isPrimary}`, isNull(primary.archivedAt)),
    );
}

function sortKey(sort: ListQuery['sort']): SQL {
  return sort === '-updated' ? sql`${accounts.updatedAt}` : sql`lower(${accounts.name})`;
}

/**
 * One page of the account list; keyset pagination on the sort key then id. Each combination of filters and sort
 * is built once and sent as its own prepared statement (building it cost more than running it).
 */
export async function findAccountPage(db: Db, q: ListQuery, actorId: string | null) {
  const P = (name: string) => sql.placeholder(name);
  const owner = q.owner === 'me' ? actorId : q.owner === 'none' ? null : (q.owner ?? null);
  const updated = q.sort === '-updated';
  const cursor = q.cursor ? decodeTextCursor(q.cursor, 2, updated ? [0] : []) : null;
  const descending = q.sort !== 'name';
  const shape = {
    e: q.archived === 'exclude',
    x: q.archived === 'only',
    g: !!q.segment,
    s: !!q.status,
    o: !!owner,
    n: q.owner === 'me' && !actorId, // "my accounts" of a caller who is no user: none
    u: q.owner === 'none',
    t: !!q.tag,
    q: !!q.q,
    c: !!cursor,
    d: updated, // every input of the statement's text is in its shape: the sort too
    r: q.sort === '-name',
  };
  const name = shapeName('account_list', shape);
  const query = prepared(db, name, (d) => {
    const key = sortKey(q.sort);
    const keyValue = updated ? sql`${P('key')}::timestamptz` : sql`${P('key')}`;
    return selectAccounts(d)
      .where(
        and(
          shape.e ? isNull(accounts.archivedAt) : undefined,
          shape.x ? isNotNull(accounts.archivedAt) : undefined,
          shape.g ? eq(accounts.segment, P('segment')) : undefined,
          shape.s ? eq(accounts.status, P('status')) : undefined,
          shape.o ? eq(accounts.ownerId, P('owner')) : undefined,
          shape.n ? sql`false` : undefined,
          shape.u ? isNull(accounts.ownerId) : undefined,
          shape.t ? sql`${accounts.tags} @> array[${P('tag')}]::text[]` : undefined,
          shape.q
            ? or(
                sql`lower(${accounts.name}) like ${P('pattern')}`,
                inArray(
                  accounts.id,
                  d
                    .select({ id: contacts.accountId })
                    .from(contacts)
                    .where(
                      and(sql`${contacts.searchText} like ${P('pattern')}`, isNull(contacts.archivedAt)),
                    ),
                ),
              )
            : undefined,
          shape.c
            ? descending
              ? or(lt(key, keyValue), and(eq(key, keyValue), lt(accounts.id, P('id'))))
              : or(gt(key, keyValue), and(eq(key, keyValue), gt(accounts.id, P('id'))))
            : undefined,
        ),
      )
      .orderBy(descending ? desc(key) : asc(key), descending ? desc(accounts.id) : asc(accounts.id))
      .limit(P('limit'))
      .prepare(name);
  });
  const rows = await query.execute({
    segment: q.segment,
    status: q.status,
    owner,
    tag: q.tag,
    pattern: q.q ? likePattern(q.q) : undefined,
    key: cursor ? (updated ? new Date(cursor[0]!).toISOString() : cursor[0]) : undefined,
    id: cursor?.[1],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.account;
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor([updated ? last.updatedAt.toISOString() : last.name.toLowerCase(), last.id])
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
