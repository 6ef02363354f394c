import type { WebhookEventType } from '../../shared/webhooks';
import type { Db } from '../platform/db';
import { subscribe, type DomainEvents, type EventSubject, type EventType } from '../platform/events';
import type { Mailer } from '../platform/mail';
import type { Queue } from '../platform/queue';
import type { Clock } from '../platform/service-context';
import { listUsers } from '../modules/users';
import { recordWebhookEvent } from '../modules/webhooks';

type Publish<E extends EventType> = (
  payload: DomainEvents[E],
) => { type: WebhookEventType; data: Record<string, unknown> } | null;

/**
 * The public catalogue, made from the domain events: each internal event that integrators may hear is
 * recorded as a webhook event in the transaction of its cause (so a rolled-back change sends nothing).
 * The mapping lives here, not in the modules: the webhooks module knows no domain, the domains no webhooks.
 */
export function subscribeWebhookEvents(opts: {
  queue: Queue;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
}) {
  const on = <E extends EventType>(internal: E, publish: Publish<E>) =>
    subscribe(internal, 'webhook-events', async (db, { payload, subject }) => {
      const event = publish(payload);
      if (event) await record(db, subject, event);
    });
  const record = (
    db: Db,
    subject: EventSubject,
    event: { type: WebhookEventType; data: Record<string, unknown> },
  ) => recordWebhookEvent(db, opts.queue, { ...event, accountId: subject.accountId, at: opts.clock.now() });
  const same =
    <E extends EventType>(type: WebhookEventType): Publish<E> =>
    (payload) => ({ type, data: payload as Record<string, unknown> });

  on('job.created', same('job.created'));
  on('job.change_order', ({ confirmTo: _private, ...data }) => ({ type: 'job.changed', data }));
  on('job.status_changed', same('job.status_changed'));
  on('job.risk_changed', (p) =>
    p.risk === 'at_risk'
      ? { type: 'job.at_risk', data: p }
      : p.risk === 'late'
        ? { type: 'job.late', data: p }
        : null,
  );
  on('job.stage_changed', same('stage.changed'));
  on('job.stage_blocked', same('stage.blocked'));
  on('proof.decided', same('proof.decided'));
  on('quote.sent', same('quote.sent'));
  on('quote.accepted', same('quote.accepted'));
  on('quote.declined', same('quote.declined'));
  on('order.placed', same('order.placed'));
  on('order.approved', same('order.approved'));
  on('order.rejected', same('order.rejected'));
  on('shipment.shipped', same('shipment.shipped'));
  on('shipment.delivered', same('shipment.delivered'));
  on('shipment.exception', same('shipment.exception'));
  on('purchase_order.sent', same('purchase_order.sent'));
  on('purchase_order.received', same('purchase_order.received'));
  on('purchase_order.updated', same('purchase_order.updated'));
  on('conversation.message_received', same('message.received'));
  on('escalation.opened', same('escalation.opened'));
  on('escalation.resolved', same('escalation.resolved'));
  on('stock.low', same('stock.low'));

  // An endpoint switched off after days of failures: every active admin hears it by e-mail.
  subscribe('webhook_endpoint.disabled', 'webhook-events', async (db, { payload }) => {
    for (const admin of await listUsers({ db, role: 'admin', active: true }))
      await opts.mailer.queueMail(db, {
        to: admin.email,
        subject: `Webhook endpoint disabled: ${payload.url}`,
        text: `Jobjacket stopped sending webhooks to ${payload.url}.\n\n${payload.reason}\n\nFix the receiver, then enable the endpoint and replay what it missed: ${opts.publicUrl}/admin/webhooks/${payload.endpointId}\n`,
      });
  });
}
