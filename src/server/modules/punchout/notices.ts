import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import { findOrder, orderIdOfJob } from '../portals';
import { resolveTarget, type TargetPolicy } from '../webhooks';
import { settingsOf } from './credentials';
import { confirmationRequest, shipNoticeRequest, type NoticeOrder } from './cxml-build';
import { punchoutOrders } from './tables';

/** The queue that posts order confirmations and ship notices to procurement systems (retried by pg-boss). */
export const NOTICE_QUEUE = 'punchout.notice';
const NOTICE_TIMEOUT_MS = 15_000;

const Notice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirmation'), punchoutOrderId: z.uuid() }),
  z.object({
    kind: z.literal('ship'),
    punchoutOrderId: z.uuid(),
    shipmentNumber: z.string().max(100),
    carrier: z.string().max(100),
    trackingNumber: z.string().max(100).nullable(),
  }),
]);
export type Notice = z.infer<typeof Notice>;

/** Queues a notice in the caller's transaction: it is posted after the commit, never for a rolled-back order. */
export async function queueNotice(db: Db, queue: Queue, notice: Notice) {
  await queue.send(db, NOTICE_QUEUE, Notice.parse(notice));
}

/**
 * A shipment left the shop: when its job came from a procurement system's OrderRequest and the portal has a
 * notice URL, a ShipNoticeRequest is queued.
 */
export async function queueShipNotice(
  db: Db,
  queue: Queue,
  shipment: { jobId: string; number: string; carrier: string; trackingNumber: string | null },
) {
  // The job is made from the order after the OrderRequest's commit (a queued release): follow it by the order.
  const orderId = await orderIdOfJob(db, shipment.jobId);
  if (!orderId) return;
  const [origin] = await db.select().from(punchoutOrders).where(eq(punchoutOrders.orderId, orderId));
  if (!origin) return;
  if (!origin.jobId)
    await db.update(punchoutOrders).set({ jobId: shipment.jobId }).where(eq(punchoutOrders.id, origin.id));
  const settings = await settingsOf(db, origin.portalId);
  if (!settings?.noticeUrl) return;
  await queueNotice(db, queue, {
    kind: 'ship',
    punchoutOrderId: origin.id,
    shipmentNumber: shipment.number,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
  });
}

/** Builds the notice's document and posts it; throws on anything but a 2xx so the queue retries it. */
export async function postNotice(opts: {
  db: Db;
  notice: Notice;
  host: string;
  now: Date;
  policy: TargetPolicy;
}) {
  const { db, notice } = opts;
  const [origin] = await db
    .select()
    .from(punchoutOrders)
    .where(eq(punchoutOrders.id, notice.punchoutOrderId));
  if (!origin?.orderId) return;
  const settings = await settingsOf(db, origin.portalId);
  const order = await findOrder(db, origin.orderId);
  if (!settings?.noticeUrl || !settings.enabled || !order) return;
  const parties = {
    shop: { domain: settings.toDomain, identity: settings.toIdentity },
    buyer: { domain: settings.fromDomain, identity: settings.fromIdentity },
  };
  const about: NoticeOrder = {
    buyerOrderId: origin.buyerOrderId,
    payloadId: origin.payloadId,
    orderNumber: order.number,
    orderDate: origin.createdAt.toISOString(),
    totalCents: order.totalCents,
  };
  const xml =
    notice.kind === 'confirmation'
      ? confirmationRequest({ ...parties, order: about, now: opts.now, host: opts.host })
      : shipNoticeRequest({ ...parties, ...notice, order: about, now: opts.now, host: opts.host });
  // Checked when sent too: a name that was public when saved may point inside the shop now.
  await resolveTarget(new URL(settings.noticeUrl), opts.policy);
  const res = await fetch(settings.noticeUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: xml,
    redirect: 'error',
    signal: AbortSignal.timeout(NOTICE_TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok)
    throw new Error(
      `${notice.kind} notice for ${order.number}: ${settings.noticeUrl} answered ${res.status}`,
    );
  if (notice.kind === 'ship')
    await db
      .update(punchoutOrders)
      .set({ shipNoticeSentAt: opts.now })
      .where(eq(punchoutOrders.id, origin.id));
}

/** The notice queue's worker. */
export function registerPunchOutQueues(ctx: Pick<AppContext, 'config' | 'db' | 'queue'>) {
  const host = new URL(ctx.config.publicUrl).host;
  const policy = { allowPrivate: ctx.config.JOBJACKET_WEBHOOKS_ALLOW_PRIVATE };
  ctx.queue.define<Notice>(NOTICE_QUEUE, async (data) => {
    await postNotice({ db: ctx.db, notice: Notice.parse(data), host, now: new Date(), policy });
  });
}
