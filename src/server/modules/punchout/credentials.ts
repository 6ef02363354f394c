import { and, eq, inArray, sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../../platform/actor';
import { verifyPassword } from '../../platform/auth/secrets';
import type { Db } from '../../platform/db';
import type { CxmlHeader } from './cxml-parse';
import { punchoutSettings } from './tables';

export type SettingsRow = typeof punchoutSettings.$inferSelect;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The portal set-up a document's header proves it may use: From and To identify the portal, the Sender's
 * credential must match and carry the shared secret. Null for any mismatch — the caller answers 401 without
 * saying which part was wrong.
 */
export async function authenticate(db: Db, header: CxmlHeader): Promise<SettingsRow | null> {
  const froms = header.from.map((c) => c.identity.toLowerCase()).filter(Boolean);
  const tos = header.to.map((c) => c.identity.toLowerCase()).filter(Boolean);
  if (!froms.length || !tos.length) return null;
  const rows = await db
    .select()
    .from(punchoutSettings)
    .where(
      and(
        inArray(sql`lower(${punchoutSettings.fromIdentity})`, froms),
        inArray(sql`lower(${punchoutSettings.toIdentity})`, tos),
      ),
    );
  const row = rows.find(
    (r) =>
      header.from.some((c) => same(c.domain, r.fromDomain) && same(c.identity, r.fromIdentity)) &&
      header.to.some((c) => same(c.domain, r.toDomain) && same(c.identity, r.toIdentity)),
  );
  if (!row || !row.enabled || !row.secretHash) return null;
  const sender = header.sender.find(
    (c) => same(c.domain, row.senderDomain) && same(c.identity, row.senderIdentity) && c.secret,
  );
  if (!sender || !(await verifyPassword(row.secretHash, sender.secret))) return null;
  return row;
}

/** Who acts in audit entries for a procurement system's documents. */
export const procurementActor = (row: SettingsRow): Actor => ({
  ...systemActor,
  name: `${row.senderIdentity} (cXML PunchOut)`,
});

/** Looks a portal's set-up up by the portal. */
export async function settingsOf(db: Db, portalId: string): Promise<SettingsRow | null> {
  const [row] = await db.select().from(punchoutSettings).where(eq(punchoutSettings.portalId, portalId));
  return row ?? null;
}
