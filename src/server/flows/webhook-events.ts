import type { WebhookEventType } from '../../shared/webhooks';
import type { Db } from '../platform/db';
import {
  subscribe,
  type DomainEvents,
  type EventSubject,
  type EventType,
  type Subscriber,
} from '../platform/events';
import type { Mailer } from '../platform/mail';
import type { Queue } from '../platform/queue';
import type { Clock } from '../platform/service-context';
import type { InboxSettings } from '../modules/inbox';
import { listUsers } from '../modules/users';
import { isHeard, recordWebhookEvent } from '../modules/webhooks';
import { webhookResources, type ResourceOf } from './webhook-resources';

const NAME = 'webhook-events';

type Publish<E extends EventType> = (
  payload: DomainEvents[E],
) => { type: WebhookEventType; data: Record<string, unknown> } | null;

/**
 * The public catalogue, made from the domain events: each internal event that integrators may hear is
 * recorded as a webhook event in the transaction of its cause (so a rolled-back change sends nothing), with
 * the resource it is about as the API's GET route presents it (`job`, `order`, `shipment`…) beside the
 * event's own fields. The mapping lives here, not in the modules: the webhooks module knows no domain, the
 * domains no webhooks.
 */
export function subscribeWebhookEvents(opts: {
  queue: Queue;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  inbox: InboxSettings;
}) {
  const resources = webhookResources(opts.clock, opts.inbox);
  const hear =
    <E extends EventType>(publish: Publish<E>, resource?: ResourceOf<E>): Subscriber<E> =>
    async (db, { payload, subject }) => {
      const event = publish(payload);
      if (!event || !(await isHeard(db, event.type, subject.accountId))) return;
      const attached = resource ? await resource(db, payload) : {};
      await record(db, subject, { type: event.type, data: { ...event.data, ...attached } });
    };
  const record = (
    db: Db,
    subject: EventSubject,
    event: { type: WebhookEventType; data: Record<string, unknown> },
  ) => recordWebhookEvent(db, opts.queue, { ...event, accountId: subject.accountId, at: opts.clock.now() });
  const same =
    <E extends EventType>(type: WebhookEventType): Publish<E> =>
    (payload) => ({ type, data: payload as Record<string, unknown> });
  const {
    job,
    proof,
    quote,
    order,
    released,
    shipment,
    purchaseOrder,
    escalation,
    conversation,
    inventoryItem,
  } = resources;

  // job.created carries the job already (created in the same step).
  subscribe('job.created', NAME, hear(same('job.created')));
  subscribe(
    'job.change_order',
    NAME,
    hear(
      ({ confirmTo: _private, ...data }) => ({
        type: 'job.changed',
        data: { kind: 'change_order', ...data },
      }),
      job,
    ),
  );
  subscribe(
    'job.updated',
    NAME,
    hear((data) => ({ type: 'job.changed', data: { kind: 'edit', ...data } }), job),
  );
  subscribe('job.status_changed', NAME, hear(same('job.status_changed'), job));
  subscribe(
    'job.risk_changed',
    NAME,
    hear(
      (p) =>
        p.risk === 'at_risk'
          ? { type: 'job.at_risk', data: p }
          : p.risk === 'late'
            ? { type: 'job.late', data: p }
            : null,
      job,
    ),
  );
  subscribe('job.stage_changed', NAME, hear(same('stage.changed'), job));
  subscribe('job.stage_blocked', NAME, hear(same('stage.blocked'), job));
  subscribe('proof.sent', NAME, hear(same('proof.sent'), proof));
  subscribe('proof.decided', NAME, hear(same('proof.decided'), proof));
  subscribe('quote.sent', NAME, hear(same('quote.sent'), quote));
  subscribe('quote.accepted', NAME, hear(same('quote.accepted'), quote));
  subscribe('quote.declined', NAME, hear(same('quote.declined'), quote));
  subscribe('order.placed', NAME, hear(same('order.placed'), order));
  subscribe('order.approved', NAME, hear(same('order.approved'), order));
  subscribe('order.rejected', NAME, hear(same('order.rejected'), order));
  subscribe('order.released', NAME, hear(same('order.released'), released));
  subscribe('shipment.shipped', NAME, hear(same('shipment.shipped'), shipment));
  subscribe('shipment.delivered', NAME, hear(same('shipment.delivered'), shipment));
  subscribe('shipment.exception', NAME, hear(same('shipment.exception'), shipment));
  subscribe('purchase_order.sent', NAME, hear(same('purchase_order.sent'), purchaseOrder));
  subscribe('purchase_order.received', NAME, hear(same('purchase_order.received'), purchaseOrder));
  subscribe('purchase_order.updated', NAME, hear(same('purchase_order.updated'), purchaseOrder));
  subscribe('conversation.message_received', NAME, hear(same('message.received'), conversation));
  subscribe('escalation.opened', NAME, hear(same('escalation.opened'), escalation));
  subscribe('escalation.resolved', NAME, hear(same('escalation.resolved'), escalation));
  subscribe('stock.low', NAME, hear(same('stock.low'), inventoryItem));

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
