import type { Db } from '../platform/db';
import { subscribe } from '../platform/events';
import type { Mailer } from '../platform/mail';
import type { Clock } from '../platform/service-context';
import type { ChangeOrderPayload } from '../modules/jobs';
import { defineMailTemplate, renderMailTemplate } from '../modules/mail';
import { notifyUser } from '../modules/notifications';
import { followJobItems } from '../modules/purchasing';
import { listUsers } from '../modules/users';

export const CHANGE_ORDER_TEMPLATE = 'job.change-order-confirmation';

defineMailTemplate({
  key: CHANGE_ORDER_TEMPLATE,
  name: 'Change order confirmation',
  subject: '{{job.number}}: change order {{changeOrder.number}} confirmed',
  body: [
    'Hello {{contact.name}},',
    '',
    'We have changed your order {{job.number}} “{{job.title}}” as you asked:',
    '{{changeOrder.summary}}',
    '',
    'Reason: {{changeOrder.reason}}',
    'Due date: {{job.dueDate}}',
    'Price: {{changeOrder.priceBefore}} → {{changeOrder.priceAfter}} ({{changeOrder.priceDifference}})',
    '',
    'If anything here is not what you meant, reply to this e-mail.',
    '',
    'Thank you,',
    '{{shop.name}}',
  ].join('\n'),
  fields: [
    { name: 'contact.name', description: 'Name of the client contact the confirmation goes to' },
    { name: 'job.number', description: 'Job number' },
    { name: 'job.title', description: 'Job title' },
    { name: 'job.dueDate', description: 'The due date after the change' },
    { name: 'changeOrder.number', description: 'Change order number, e.g. CO-2' },
    { name: 'changeOrder.summary', description: 'What changed, field by field' },
    { name: 'changeOrder.reason', description: 'Why it changed' },
    { name: 'changeOrder.priceBefore', description: 'The price before the change' },
    { name: 'changeOrder.priceAfter', description: 'The price after the change' },
    { name: 'changeOrder.priceDifference', description: 'The difference, signed' },
    { name: 'shop.name', description: 'The shop’s name' },
  ],
});

const money = (cents: number) =>
  `$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const dollars = (cents: number | null) => (cents === null ? 'not priced' : money(cents));
const signed = (cents: number) => `${cents >= 0 ? '+' : '−'}${money(cents)}`;

/** Everyone who works the departments that still have open stages on the job, and the job's AM. */
async function tellStaff(db: Db, co: ChangeOrderPayload, actorId: string | null) {
  const codes = new Set(co.departments.map((d) => d.code));
  const staff = (await listUsers({ db, role: 'production', active: true })).filter(
    (u) => u.department && codes.has(u.department),
  );
  const recipients = new Set(staff.map((u) => u.id));
  if (co.ownerId && co.ownerId !== actorId) recipients.add(co.ownerId);
  for (const userId of recipients) {
    await notifyUser({
      db,
      userId,
      kind: 'job.change_order',
      title: `Change order ${co.detail} — ${co.reason}`,
      link: `/jobs/${co.jobId}`,
    });
  }
}

/** The client's confirmation, queued in the transaction and sent after commit. */
async function confirmToClient(db: Db, mailer: Mailer, shopName: string, co: ChangeOrderPayload) {
  if (!co.confirmTo) return;
  const difference =
    co.priceBeforeCents === null && co.priceAfterCents === null
      ? 'no price'
      : signed((co.priceAfterCents ?? 0) - (co.priceBeforeCents ?? 0));
  const mail = await renderMailTemplate({
    db,
    key: CHANGE_ORDER_TEMPLATE,
    values: {
      'contact.name': co.confirmTo.name,
      'job.number': co.number,
      'job.title': co.title,
      'job.dueDate': co.dueDate,
      'changeOrder.number': `CO-${co.changeOrderNumber}`,
      'changeOrder.summary': co.summary,
      'changeOrder.reason': co.reason,
      'changeOrder.priceBefore': dollars(co.priceBeforeCents),
      'changeOrder.priceAfter': dollars(co.priceAfterCents),
      'changeOrder.priceDifference': difference,
      'shop.name': shopName,
    },
  });
  await mailer.queueMail(db, { to: co.confirmTo.email, ...mail });
}

/**
 * A job that changes while it runs: the departments with open stages and the AM hear of each change order in
 * the app, the client gets the confirmation when the AM asked for one, and the job's material needs follow
 * its items' quantities (and go with a removed item) — all in the transaction of the change.
 */
export function subscribeJobChangeOrders(opts: { mailer: Mailer; shopName: string; clock: Clock }) {
  subscribe('job.change_order', 'job-change-orders', async (db, { payload, actor }) => {
    await tellStaff(db, payload, actor.id);
    await confirmToClient(db, opts.mailer, opts.shopName, payload);
  });
  subscribe('job.items_changed', 'job-change-orders', async (db, { payload, actor }) => {
    await followJobItems({ db, actor, clock: opts.clock, ...payload });
  });
}
