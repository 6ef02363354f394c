import { CreateJob, type ProductType } from '../../shared/jobs';
import { attachBuyerArtwork } from './buyer-artwork';
import type { Actor } from '../platform/actor';
import { addDays } from '../platform/calendar/working-days';
import type { Db } from '../platform/db';
import { lockForTransaction } from '../platform/db/locks';
import { subscribe } from '../platform/events';
import type { FileStore } from '../platform/files';
import type { Queue } from '../platform/queue';
import type { Clock } from '../platform/service-context';
import { createJob, updateJob, uploadJobFile } from '../modules/jobs';
import { attachPrintReady } from './vdp-print-ready';
import { buyerContactOf, findOrder, linkOrderToJob, orderLinesWithProducts } from '../modules/portals';

export const RELEASE_ORDER_QUEUE = 'portals.release-order';
type ReleaseOrder = { orderId: string; actor: Actor };
type ReleaseOptions = { db: Db; queue: Queue; files: FileStore; clock: Clock };

/**
 * An approved portal order becomes work: one job for the order (stocked lines to pick and pack,
 * print-on-demand and variable-data lines to print with their specs and approved proofs), which then
 * ships through shipments. The job carries what the order says: each line's price, the order's total as the
 * job's price, its cost centre and client PO, and the buyer as the job's contact. It is released to production
 * at once (the order's approval is the go-ahead), not left as a draft.
 *
 * The approving transaction (checkout, or the approver's decision) only queues the release, so buyers do not
 * wait on each other for job numbers and planning; until the queue has made the job the order is "being
 * released" (approved, no job yet). The queued job is written in the approving transaction (it exists if and
 * only if the approval committed) and the release is idempotent (one per order under a lock; an order that has
 * its job is left alone), so a retry or a second worker makes no second job.
 */
export function subscribePortalOrderToJob(opts: ReleaseOptions) {
  subscribe('order.approved', 'portal-order-to-job', async (db, { payload, actor }) => {
    // A context whose queue has stopped (a process shutting down) releases in the approving transaction instead.
    if (opts.queue.running) {
      await opts.queue.send<ReleaseOrder>(db, RELEASE_ORDER_QUEUE, { orderId: payload.orderId, actor });
    } else await releaseOrder(db, actor, payload.orderId, opts);
  });
  opts.queue.define<ReleaseOrder>(RELEASE_ORDER_QUEUE, ({ orderId, actor }) =>
    opts.db.transaction((tx) => releaseOrder(tx, actor, orderId, opts)),
  );
}

/** Makes the job of an approved order and releases it, once: a second call for the same order does nothing. */
export async function releaseOrder(
  db: Db,
  actor: Actor,
  orderId: string,
  opts: Pick<ReleaseOptions, 'files' | 'clock'>,
): Promise<void> {
  // Two workers (or a retry beside a slow first run) for one order: the second waits, then finds the job.
  await lockForTransaction(db, `order-release:${orderId}`);
  const order = await findOrder(db, orderId);
  // Rejected or cancelled before the queue came to it: nothing to make.
  if (!order || order.jobId || !['approved', 'in_fulfilment'].includes(order.status)) return;
  const lines = await orderLinesWithProducts(db, order.id);
  const today = opts.clock.today();
  const dueDate = order.neededBy && order.neededBy >= today ? order.neededBy : addDays(today, 7);
  const items = lines.map(({ line, product }) => {
    const made = product.kind === 'print_on_demand' || product.kind === 'variable_data';
    const values = Object.values(line.values).join(', ');
    const what = `${product.sku} ${product.name}${values ? ` — ${values}` : ''}`;
    return {
      productType: (made && product.productType ? product.productType : 'fulfilment') as ProductType,
      quantity: line.quantity,
      description: `${what}${made ? '' : ' (pick from client stock)'}`.slice(0, 500),
      spec: made ? product.spec : {},
      proof: 'none' as const,
      priceCents: line.amountCents,
    };
  });
  const job = await createJob({
    db,
    actor,
    clock: opts.clock,
    input: CreateJob.parse({
      accountId: order.accountId,
      title: `Portal order ${order.number}`,
      dueDate,
      clientPo: order.clientPo ?? `Portal ${order.number}`,
      costCentreId: order.costCentreId,
      contactId: await buyerContactOf(db, order.buyerId),
      estimatedPriceCents: order.totalCents,
      description: `Ordered on the portal. Ship to ${order.shipTo.line1}, ${order.shipTo.city}.${order.notes ? `\n${order.notes}` : ''}`,
      items,
    }),
  });
  for (const [i, { line, product }] of lines.entries()) {
    if (line.artworkFileId) {
      const item = {
        jobId: job.id,
        itemId: job.items[i]?.id ?? null,
        fileId: line.artworkFileId,
        sku: product.sku,
      };
      await attachBuyerArtwork({ db, actor, clock: opts.clock, files: opts.files, ...item });
    }
  }
  for (const [i, { line, product }] of lines.entries()) {
    if (!line.proofFileKey) continue;
    await uploadJobFile({
      db,
      actor,
      clock: opts.clock,
      files: opts.files,
      jobId: job.id,
      input: {
        itemId: job.items[i]?.id ?? null,
        kind: 'proof',
        filename: `${product.sku}-approved-proof.pdf`,
        contentType: 'application/pdf',
        contentBase64: (await opts.files.get(line.proofFileKey)).toString('base64'),
      },
    });
    const item = {
      jobId: job.id,
      itemId: job.items[i]?.id ?? null,
      orderNumber: order.number,
      line,
      product,
    };
    await attachPrintReady({ db, actor, clock: opts.clock, files: opts.files, ...item });
  }
  await updateJob({
    db,
    actor,
    clock: opts.clock,
    id: job.id,
    input: { status: 'in_production', statusReason: `Released: portal order ${order.number} approved` },
  });
  await linkOrderToJob(db, order.id, job.id, actor);
}
