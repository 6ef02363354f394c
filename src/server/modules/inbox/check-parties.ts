import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { invalid } from '../../platform/errors';
import { accountExists, contactAccountId } from './repo';
import { conversations } from './tables';

/** A call or meeting is with one client: its contacts and conversation must be that client's. */
export async function checkParties(
  db: Db,
  accountId: string,
  contactIds: (string | null | undefined)[],
  conversationId?: string | null,
) {
  if (!(await accountExists(db, accountId)))
    throw invalid('The account was not found', [{ path: 'accountId', message: 'Unknown account' }]);
  for (const id of contactIds.filter((x): x is string => Boolean(x))) {
    if ((await contactAccountId(db, id)) !== accountId)
      throw invalid('The contact is not one of this client’s', [
        { path: 'contactId', message: 'Not this client’s contact' },
      ]);
  }
  if (conversationId) {
    const [c] = await db
      .select({ accountId: conversations.accountId })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    if (!c || c.accountId !== accountId)
      throw invalid('The conversation is not this client’s', [
        { path: 'conversationId', message: 'Not this client’s conversation' },
      ]);
  }
}
