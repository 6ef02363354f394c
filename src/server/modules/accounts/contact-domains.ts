import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { accounts, contacts } from './tables';

/**
 * Live accounts whose live contacts have an e-mail address at a domain, those with the most such contacts
 * first: a new sender at `@county.example` most likely belongs to the account whose people write from there.
 */
export async function accountsByContactDomain(db: Db, domain: string, limit = 5) {
  const d = domain.trim().toLowerCase();
  if (!d) return [];
  const people = sql<number>`count(distinct ${contacts.id})::int`;
  return db
    .select({ id: accounts.id, name: accounts.name, contacts: people })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(
      and(
        isNull(contacts.archivedAt),
        isNull(accounts.archivedAt),
        sql`exists (select 1 from unnest(${contacts.emails}) e where lower(split_part(e, '@', 2)) = ${d})`,
      ),
    )
    .groupBy(accounts.id, accounts.name)
    .orderBy(desc(people), asc(accounts.name))
    .limit(limit);
}
