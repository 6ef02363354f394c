import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { newSecret, sha256 } from '../../platform/auth/secrets';
import type { Db } from '../../platform/db';
import { conflict } from '../../platform/errors';
import type { Clock } from '../../platform/service-context';
import {
  clearProcurementCart,
  findPortal,
  inPortalScope,
  openPortalSession,
  procurementBuyer,
  portalActor,
  portalLogout,
  procurementCart,
  type PortalPrincipal,
} from '../portals';
import { procurementActor, settingsOf, type SettingsRow } from './credentials';
import { orderMessage } from './cxml-build';
import type { SetupRequest } from './cxml-parse';
import { punchoutSessions } from './tables';

/** How long the StartPage link works: the buyer's browser follows it at once. */
const START_MINUTES = 5;

/**
 * A PunchOutSetupRequest: the buyer it names (by UserEmail, else the portal's punch-out buyer) and a new
 * punch-out session; answers the single-use StartPage URL.
 */
export async function openPunchOut(opts: {
  db: Db;
  clock: Clock;
  settings: SettingsRow;
  request: SetupRequest;
  publicUrl: string;
}) {
  const { db, settings, request } = opts;
  const actor = procurementActor(settings);
  const email = request.userEmail ?? settings.buyerEmail;
  const user = await procurementBuyer({
    db,
    actor,
    clock: opts.clock,
    portalId: settings.portalId,
    email,
    name: request.userEmail ? (request.userName ?? email.split('@')[0]!) : settings.buyerName,
    costCentreId: settings.costCentreId,
  });
  // A new requisition starts with an empty cart (`edit` and `inspect` keep what is there).
  if (request.operation === 'create') await clearProcurementCart(db, user.id);
  const token = newSecret('');
  const now = opts.clock.now();
  const [session] = await db
    .insert(punchoutSessions)
    .values({
      accountId: settings.accountId,
      portalId: settings.portalId,
      portalUserId: user.id,
      operation: request.operation,
      buyerCookie: request.buyerCookie,
      formPostUrl: request.formPostUrl,
      startTokenHash: sha256(token),
      startExpiresAt: new Date(now.getTime() + START_MINUTES * 60_000),
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'punchout.session.opened',
    entityType: 'punchout-session',
    entityId: session!.id,
    accountId: settings.accountId,
    summary: `PunchOut session (${request.operation}) for ${user.name} <${user.email}> from ${settings.senderIdentity}`,
  });
  return { startUrl: `${opts.publicUrl}/api/v1/punchout/start/${token}` };
}

/**
 * Follows a StartPage link, once: claims the session in one conditional UPDATE (a second click, even at the
 * same moment, finds it taken), opens a portal session for its buyer and ties the two together.
 */
export async function startPunchOut(db: Db, token: string, now: Date) {
  const [session] = await db
    .update(punchoutSessions)
    .set({ startedAt: now, updatedAt: now })
    .where(
      and(
        eq(punchoutSessions.startTokenHash, sha256(token)),
        isNull(punchoutSessions.startedAt),
        gt(punchoutSessions.startExpiresAt, now),
      ),
    )
    .returning();
  if (!session) return null;
  const portal = await findPortal(db, session.portalId);
  const opened = await openPortalSession(
    db,
    { id: session.portalUserId, accountId: session.accountId },
    { procurement: true },
  );
  await db
    .update(punchoutSessions)
    .set({ portalSessionId: sha256(opened.token) })
    .where(eq(punchoutSessions.id, session.id));
  return { token: opened.token, slug: portal.slug };
}

/** The punch-out session a portal cookie belongs to (the newest, not yet returned); null: a normal session. */
export async function punchOutOf(db: Db, who: PortalPrincipal, cookie: string | undefined) {
  if (!cookie) return null;
  const [session] = await db
    .select()
    .from(punchoutSessions)
    .where(
      and(
        eq(punchoutSessions.portalSessionId, sha256(cookie)),
        eq(punchoutSessions.accountId, who.portal.accountId),
        isNull(punchoutSessions.returnedAt),
      ),
    )
    .orderBy(desc(punchoutSessions.createdAt))
    .limit(1);
  return session ?? null;
}

/**
 * "Return to procurement": the cart as a PunchOutOrderMessage for the buyer's browser to post to the
 * procurement system. No order is made here; the OrderRequest that follows its approval makes it.
 */
export async function returnCart(opts: {
  /** The database (not a transaction): the cart is read in the portal's scope, the session ended after. */
  db: Db;
  who: PortalPrincipal;
  cookie: string | undefined;
  today: string;
  now: Date;
  host: string;
}) {
  const { db, who } = opts;
  const session = await punchOutOf(db, who, opts.cookie);
  if (!session) throw conflict('This is not a punch-out session: check out instead');
  const settings = await settingsOf(db, session.portalId);
  if (!settings) throw conflict('PunchOut is not set up for this portal any more');
  const lines = await inPortalScope(db, who.portal.accountId, (tx) => procurementCart(tx, who, opts.today));
  const cxml = orderMessage({
    shop: { domain: settings.toDomain, identity: settings.toIdentity },
    buyer: { domain: settings.fromDomain, identity: settings.fromIdentity },
    buyerCookie: session.buyerCookie,
    items: lines.map((l) => ({
      quantity: l.quantity,
      sku: l.sku,
      lineId: l.lineId,
      amountCents: l.amountCents,
      description: l.description ? `${l.name} — ${l.description}` : l.name,
    })),
    now: opts.now,
    host: opts.host,
  });
  // The punch-out session ends with the return, as the procurement system expects: the portal session too,
  // so the buyer cannot go on to order around the procurement system's approval.
  await db.transaction(async (tx) => {
    await tx
      .update(punchoutSessions)
      .set({ returnedAt: opts.now, updatedAt: opts.now })
      .where(eq(punchoutSessions.id, session.id));
    await portalLogout(tx, opts.cookie!);
    await recordAudit(tx, portalActor(who.user), {
      action: 'punchout.cart.returned',
      entityType: 'punchout-session',
      entityId: session.id,
      accountId: session.accountId,
      summary: `${who.user.name} returned ${lines.length} cart line${lines.length === 1 ? '' : 's'} to ${settings.senderIdentity}`,
    });
  });
  return { url: session.formPostUrl, field: 'cxml-urlencoded' as const, cxml };
}
