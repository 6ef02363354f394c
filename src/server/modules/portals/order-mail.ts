import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { FileStore } from '../../platform/files';
import type { Mailer } from '../../platform/mail';
import { defineMailTemplate, renderMailTemplate } from '../mail';
import { orders, portalUsers, portals } from './tables';
import type { PortalPrincipalUser } from './users';

type OrderRow = typeof orders.$inferSelect;
/** What order services need besides the database: mail, the file store for proofs, links, today. */
export type OrderEffects = { mailer: Mailer; files: FileStore; publicUrl: string; today: string };

const ORDER_FIELDS = [
  { name: 'order.number', description: 'Order number' },
  { name: 'order.total', description: 'Order total' },
  { name: 'order.status', description: 'Order status' },
  { name: 'buyer.name', description: 'Who placed the order' },
  { name: 'portal.name', description: 'The portal’s name' },
  { name: 'portal.link', description: 'Link to the order in the portal' },
  { name: 'decision.comment', description: 'The approver’s comment' },
  { name: 'approval.reasons', description: 'Why the order needs approval' },
];
defineMailTemplate({
  key: 'order.placed',
  name: 'Portal order received',
  subject: 'Order {{order.number}} received — {{order.status}}',
  body: 'Hello {{buyer.name}},\n\nWe received your order {{order.number}} ({{order.total}}) on {{portal.name}}: {{order.status}}.\n\nFollow it here: {{portal.link}}\n',
  fields: ORDER_FIELDS,
});
defineMailTemplate({
  key: 'order.approval-needed',
  name: 'Portal order waiting for approval',
  subject: 'Please approve order {{order.number}} from {{buyer.name}}',
  body: '{{buyer.name}} placed order {{order.number}} ({{order.total}}) on {{portal.name}}. It needs your approval: {{approval.reasons}}.\n\nApprove or reject it here: {{portal.link}}\n',
  fields: ORDER_FIELDS,
});
defineMailTemplate({
  key: 'order.decided',
  name: 'Portal order approved or rejected',
  subject: 'Order {{order.number}} {{order.status}}',
  body: 'Hello {{buyer.name}},\n\nYour order {{order.number}} ({{order.total}}) was {{order.status}}.\n{{decision.comment}}\n\n{{portal.link}}\n',
  fields: ORDER_FIELDS,
});

export const money = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/** The order status e-mails to the buyer, which a buyer may switch off (approvers' requests always go). */
const BUYER_STATUS_MAILS = new Set(['order.placed', 'order.decided']);

/** Mails the buyer or an approver about an order, from the shop-editable template. */
export async function tell(
  db: Db,
  order: OrderRow,
  key: string,
  to: string,
  effects: OrderEffects,
  // The order's portal and buyer when the caller has them already (the checkout), so they are not read again.
  known?: { portal: typeof portals.$inferSelect; buyer: PortalPrincipalUser },
) {
  const [portal] = known
    ? [known.portal]
    : await db.select().from(portals).where(eq(portals.id, order.portalId));
  const [buyer] = known
    ? [known.buyer]
    : await db.select().from(portalUsers).where(eq(portalUsers.id, order.buyerId));
  if (BUYER_STATUS_MAILS.has(key) && to === buyer!.email && !buyer!.orderEmails) return;
  const values = {
    'order.number': order.number,
    'order.total': money(order.totalCents),
    'order.status':
      order.status === 'pending_approval' ? 'waiting for approval' : order.status.replace('_', ' '),
    'buyer.name': buyer!.name,
    'portal.name': portal!.name,
    'portal.link': `${effects.publicUrl}/p/${portal!.slug}/orders/${order.id}`,
    'decision.comment': order.decisionComment ? `Comment: ${order.decisionComment}` : '',
    'approval.reasons': order.approvalReasons.join('; '),
  };
  const mail = await renderMailTemplate({ db, key, values });
  await effects.mailer.queueMail(db, { to, ...mail });
}
