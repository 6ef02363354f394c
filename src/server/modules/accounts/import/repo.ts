import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { accountAddresses, accounts, contacts } from '../tables';

/** Which of the given names (lower-case) already belong to an account that is not archived. */
export async function findTakenAccountNames(db: Db, lowerNames: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  // Chunked so a 20,000-row file does not become one statement with 20,000 parameters.
  for (let i = 0; i < lowerNames.length; i += 1000) {
    const chunk = lowerNames.slice(i, i + 1000);
    const rows = await db
      .select({ name: sql<string>`lower(${accounts.name})` })
      .from(accounts)
      .where(and(inArray(sql`lower(${accounts.name})`, chunk), isNull(accounts.archivedAt)));
    for (const r of rows) taken.add(r.name);
  }
  return taken;
}

/** The default billing address of each given account (the first billing address when none is default). */
export async function findBillingAddresses(db: Db, accountIds: string[]) {
  if (!accountIds.length) return new Map<string, typeof accountAddresses.$inferSelect>();
  const rows = await db
    .select()
    .from(accountAddresses)
    .where(and(inArray(accountAddresses.accountId, accountIds), eq(accountAddresses.kind, 'billing')))
    .orderBy(desc(accountAddresses.isDefault), asc(accountAddresses.position));
  const byAccount = new Map<string, typeof accountAddresses.$inferSelect>();
  for (const r of rows) if (!byAccount.has(r.accountId)) byAccount.set(r.accountId, r);
  return byAccount;
}

/** The current contacts of the given accounts, primary first, then by name. */
export async function findContactsOf(db: Db, accountIds: string[]) {
  const byAccount = new Map<string, (typeof contacts.$inferSelect)[]>();
  if (!accountIds.length) return byAccount;
  const rows = await db
    .select()
    .from(contacts)
    .where(and(inArray(contacts.accountId, accountIds), isNull(contacts.archivedAt)))
    .orderBy(
      desc(contacts.isPrimary),
      sql`lower(${contacts.lastName})`,
      sql`lower(${contacts.firstName})`,
      asc(contacts.createdAt),
    );
  for (const r of rows) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
  return byAccount;
}
