import { CreateJob, type ProductType } from '../../shared/jobs';
import { addDays } from '../platform/calendar/working-days';
import { subscribe } from '../platform/events';
import type { FileStore } from '../platform/files';
import type { Clock } from '../platform/service-context';
import { createJob, updateJob, uploadJobFile } from '../modules/jobs';
import { attachPrintReady } from './vdp-print-ready';
import { buyerContactOf, findOrder, linkOrderToJob, orderLinesWithProducts } from '../modules/portals';

/**
 * An approved portal order becomes work: one job for the order (stocked lines to pick and pack,
 * print-on-demand and variable-data lines to print with their specs and approved proofs), which then
 * ships through shipments. The job carries what the order says: each line's price, the order's total as the
 * job's price, its cost centre and client PO, and the buyer as the job's contact. It is released to production
 * at once (the order's approval is the go-ahead), not left as a draft. Runs in the approving transaction — at
 * checkout or at the approver's decision — so the order and its job commit together.
 */
export function subscribePortalOrderToJob(opts: { files: FileStore; clock: Clock }) {
  subscribe('order.approved', 'portal-order-to-job', async (db, { payload, actor }) => {
    const order = await findOrder(db, payload.orderId);
    if (!order || order.jobId) return;
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
    await linkOrderToJob(db, order.id, job.id);
  });
}
