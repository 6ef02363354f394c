import type { AppContext } from '../../platform/context';
import { shopClock } from '../../platform/service-context';
import { attemptDelivery } from './attempt';
import { DELIVER_QUEUE, FAN_OUT_QUEUE, SWEEP_QUEUE, fanOut, sweepDeliveries } from './deliveries';
import { sealPlainSecrets } from './endpoints';
import { webhookSettings } from './settings';

/** The webhook queues: fan an event out to its endpoints, make one attempt, and the minute sweep for retries. */
export function registerWebhookQueues(ctx: Pick<AppContext, 'config' | 'db' | 'queue'>) {
  const settings = webhookSettings(ctx.config);
  const clock = shopClock(ctx.config.JOBJACKET_TIMEZONE);
  ctx.queue.define<{ eventId: string }>(FAN_OUT_QUEUE, ({ eventId }) =>
    fanOut({ db: ctx.db, queue: ctx.queue, eventId }),
  );
  ctx.queue.define<{ id: string }>(DELIVER_QUEUE, async ({ id }) => {
    await attemptDelivery({ db: ctx.db, clock, settings, id });
  });
  ctx.queue.define(SWEEP_QUEUE, async () => {
    await sweepDeliveries({ db: ctx.db, queue: ctx.queue, clock });
  });
  ctx.queue.defineSchedule(SWEEP_QUEUE, '* * * * *');
}

/** Seals the signing secrets stored in plain text before secrets were sealed at rest (start-up, once each). */
export async function sealWebhookSecrets(ctx: Pick<AppContext, 'config' | 'db'>) {
  return sealPlainSecrets({ db: ctx.db, key: webhookSettings(ctx.config).secretKey });
}
