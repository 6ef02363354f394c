import type { WebhookEventType } from '../../shared/webhooks';
import type { Db } from '../platform/db';
import {
  subscribe,
  type DomainEvents,
  type EventSubject,
  type EventType,
  type Subscriber,
} from '../platform/events';

const NAME = 'webhook-events';
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
  const hear =
    <E extends EventType>(publish: Publish<E>): Subscriber<E> =>
    async (db, { payload, subject }) => {
      const event = publish(payload);
      if (event) await record(db, subject, event);
    };
  const record = (
    db: Db,
    subject: EventSubject,
    event: { type: WebhookEventType; data: Record<string, unknown> },
  ) => recordWebhookEvent(db, opts.queue, { ...event, accountId: subject.accountId, at: opts.clock.now() });
  const same =
    <E extends EventType>(type: WebhookEventType): Publish<E> =>
    (payload) => ({ type, data: payload as Record<string, unknown> });

  subscribe('job.created', NAME, hear(same('job.created')));
  subscribe(
    'job.change_order',
    NAME,
    hear(({ confirmTo: _private, ...data }) => ({ type: 'job.changed', data })),
  );
  subscribe('job.status_changed', NAME, hear(same('job.status_changed')));
  subscribe(
    'job.risk_changed',
    NAME,
    hear((p) =>
      p.risk === 'at_risk'
        ? { type: 'job.at_risk', data: p }
        : p.risk === 'late'
          ? { type: 'job.late', data: p }
          : null,
    ),
  );
  subscribe('job.stage_changed', NAME, hear(same('stage.changed')));
  subscribe('job.stage_blocked', NAME, hear(same('stage.blocked')));
  subscribe('proof.decided', NAME, hear(same('proof.decided')));
  subscribe('quote.sent', NAME, hear(same('quote.sent')));
  subscribe('quote.accepted', NAME, hear(same('quote.accepted')));
  subscribe('quote.declined', NAME, hear(same('quote.declined')));
  subscribe('order.placed', NAME, hear(same('order.placed')));
  subscribe('order.approved', NAME, hear(same('order.approved')));
  subscribe('order.rejected', NAME, hear(same('order.rejected')));
  subscribe('shipment.shipped', NAME, hear(same('shipment.shipped')));
  subscribe('shipment.delivered', NAME, hear(same('shipment.delivered')));
  subscribe('shipment.exception', NAME, hear(same('shipment.exception')));
  subscribe('purchase_order.sent', NAME, hear(same('purchase_order.sent')));
  subscribe('purchase_order.received', NAME, hear(same('purchase_order.received')));
  subscribe('purchase_order.updated', NAME, hear(same('purchase_order.updated')));
  subscribe('conversation.message_received', NAME, hear(same('message.received')));
  subscribe('escalation.opened', NAME, hear(same('escalation.opened')));
  subscribe('escalation.resolved', NAME, hear(same('escalation.resolved')));
  subscribe('stock.low', NAME, hear(same('stock.low')));

  // An endpoint switched off after days of failures: every active admin hears it by e-mail.
  subscribe('webhook_endpoint.disabled', NAME, async (db, { payload }) => {
    for (const admin of await listUsers({ db, role: 'admin', active: true }))
      await opts.mailer.queueMail(db, {
        to: admin.email,
        subject: `Webhook endpoint disabled: ${payload.url}`,
        text: `Jobjacket stopped sending webhooks to ${payload.url}.\n\n${payload.reason}\n\nFix the receiver, then enable the endpoint and replay what it missed: ${opts.publicUrl}/admin/webhooks/${payload.endpointId}\n`,
      });
  });
}
