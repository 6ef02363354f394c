import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import type { Clock } from '../../platform/service-context';
import { placeProcurementOrder, procurementBuyer, type OrderEffects } from '../portals';
import { procurementActor, type SettingsRow } from './credentials';
import { CURRENCY } from './cxml-build';
import { CxmlError, type OrderRequest } from './cxml-parse';
import { queueNotice } from './notices';
import { punchoutOrders } from './tables';

/** What an OrderRequest came to: the portal order it made (now or the first time it arrived). */
export type OrderOutcome = { orderNumber: string; repeated: boolean };

/**
 * An OrderRequest becomes the portal order, approved by the procurement system's own workflow. Its payloadID
 * and orderID are claimed first in `punchout_orders` (unique per portal): the same document twice — even at
 * the same moment, when the second insert waits for the first to commit — finds the first order and makes
 * none. Anything refused throws, so the caller's transaction writes nothing.
 */
export async function acceptOrderRequest(opts: {
  db: Db;
  clock: Clock;
  queue: Queue;
  settings: SettingsRow;
  request: OrderRequest;
  effects: OrderEffects;
}): Promise<OrderOutcome> {
  const { db, settings, request } = opts;
  if (request.type !== 'new')
    throw new CxmlError(
      `Only new orders are accepted here (type="${request.type}"): call the shop for changes`,
    );
  const foreign = request.lines.find((l) => l.currency !== CURRENCY);
  if (foreign)
    throw new CxmlError(`Line ${foreign.lineNumber}: prices are in ${CURRENCY}, not ${foreign.currency}`);
  const [claim] = await db
    .insert(punchoutOrders)
    .values({
      accountId: settings.accountId,
      portalId: settings.portalId,
      payloadId: request.payloadId,
      buyerOrderId: request.orderId,
    })
    .onConflictDoNothing()
    .returning();
  if (!claim) {
    const [first] = await db
      .select()
      .from(punchoutOrders)
      .where(
        and(
          eq(punchoutOrders.portalId, settings.portalId),
          or(
            eq(punchoutOrders.payloadId, request.payloadId),
            eq(punchoutOrders.buyerOrderId, request.orderId),
          ),
        ),
      );
    return { orderNumber: first?.orderNumber ?? '', repeated: true };
  }
  const ship = request.shipTo;
  const order = await placeProcurementOrder({
    db,
    actor: procurementActor(settings),
    clock: opts.clock,
    portalId: settings.portalId,
    buyerId: (
      await procurementBuyer({
        db,
        actor: procurementActor(settings),
        clock: opts.clock,
        portalId: settings.portalId,
        // The requester the OrderRequest names, else the portal's punch-out buyer.
        email: request.contactEmail ?? settings.buyerEmail,
        name: request.contactEmail
          ? (request.contactName ?? request.contactEmail.split('@')[0]!)
          : settings.buyerName,
        costCentreId: settings.costCentreId,
      })
    ).id,
    costCentreId: settings.costCentreId,
    clientPo: request.orderId,
    shipTo:
      ship && ship.street.length && ship.city && ship.postalCode
        ? {
            name: ship.name.slice(0, 120) || null,
            attention: ship.deliverTo?.slice(0, 120) ?? null,
            line1: ship.street[0]!.slice(0, 120),
            line2: ship.street.slice(1).join(', ').slice(0, 120) || null,
            city: ship.city.slice(0, 80),
            region: ship.state.slice(0, 40),
            postalCode: ship.postalCode.slice(0, 20),
            country: /^[A-Za-z]{2}$/.test(ship.country) ? ship.country.toUpperCase() : 'US',
            phone: null,
          }
        : null,
    lines: request.lines.map((l) => ({
      sku: l.supplierPartId,
      quantity: l.quantity,
      unitPriceCents: l.unitPrice * 100,
      cartLineId: l.auxiliaryId && /^[0-9a-f-]{36}$/i.test(l.auxiliaryId) ? l.auxiliaryId : null,
    })),
    effects: opts.effects,
  });
  await db
    .update(punchoutOrders)
    .set({ orderId: order.id, orderNumber: order.number, jobId: order.job?.id ?? null })
    .where(eq(punchoutOrders.id, claim.id));
  if (settings.noticeUrl)
    await queueNotice(db, opts.queue, { punchoutOrderId: claim.id, kind: 'confirmation' });
  return { orderNumber: order.number, repeated: false };
}
