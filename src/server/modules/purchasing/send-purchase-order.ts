import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { SendPurchaseOrder } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { Letterhead } from '../../platform/documents/letterhead';
import { conflict } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { lockPo, outstanding } from './po-common';
import { purchaseOrderPdf } from './po-pdf';
import { getPurchaseOrder } from './purchase-order-queries';
import { changeOnOrder } from './stock';
import { purchaseOrderLines, purchaseOrders, vendors } from './tables';

/** The order as the PDF the vendor receives. */
export async function renderPurchaseOrderPdf(opts: {
  db: Db;
  clock: Clock;
  id: string;
  letterhead: Letterhead;
}) {
  const { db, letterhead } = opts;
  const po = await getPurchaseOrder(opts);
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, po.vendor.id));
  return { po, pdf: await purchaseOrderPdf(po, vendor!, letterhead) };
}

/** E-mails the PO as a PDF to the vendor (through the queue); the first send puts its lines on order. */
export async function sendPurchaseOrder(
  opts: ServiceContext & {
    id: string;
    input: z.output<typeof SendPurchaseOrder>;
    mailer: Mailer;
    letterhead: Letterhead;
  },
) {
  const { db, actor, clock, id, input } = opts;
  const current = await lockPo(db, id);
  if (!['draft', 'sent', 'partly_received'].includes(current.status)) {
    throw conflict(`${current.number} is ${current.status}: it cannot be sent`);
  }
  const { po, pdf } = await renderPurchaseOrderPdf({ db, clock, id, letterhead: opts.letterhead });
  const to = input.to ?? po.vendor.email;
  await opts.mailer.queueMail(db, {
    to,
    subject: `Purchase order ${po.number} from ${opts.letterhead.name}`,
    text:
      `${input.message ? `${input.message}\n\n` : ''}Please find purchase order ${po.number} attached` +
      `${po.expectedDate ? `, needed by ${po.expectedDate}` : ''}.\nPlease quote ${po.number} on your delivery note and invoice.\n\n${opts.letterhead.name}\n`,
    attachments: [{ filename: `${po.number}.pdf`, contentType: 'application/pdf', content: pdf }],
  });
  if (current.status === 'draft') {
    const lines = await db
      .select()
      .from(purchaseOrderLines)
      .where(eq(purchaseOrderLines.purchaseOrderId, id));
    for (const l of lines) await changeOnOrder(db, l.materialId, outstanding(l));
  }
  await db
    .update(purchaseOrders)
    .set({
      status: current.status === 'draft' ? 'sent' : current.status,
      sentAt: new Date(),
      sentTo: to,
      updatedAt: new Date(),
    })
    .where(eq(purchaseOrders.id, id));
  await recordAudit(db, actor, {
    action: 'purchase-order.sent',
    entityType: 'purchase-order',
    entityId: id,
    summary: `${po.number} e-mailed to ${to}`,
    after: { to },
  });
  await emit(
    db,
    actor,
    'purchase_order.sent',
    { entityType: 'purchase-order', entityId: id, accountId: null },
    {
      purchaseOrderId: id,
      number: po.number,
      vendor: po.vendor.name,
      to,
      expectedDate: po.expectedDate,
      resend: current.status !== 'draft',
    },
  );
  return getPurchaseOrder({ db, clock, id });
}
