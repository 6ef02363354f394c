import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import { registerHealthSource, type HealthFigures } from '../accounts';
import { shopClock } from '../../platform/service-context';
import { Leadership } from '../../platform/leader';
import { IMAP_QUEUE, startImapPolling, startSmtpListener, type Inbound } from './channels';
import { inboxSettings } from './settings';
import { countOpenQueriesByAccount } from './repo';

const listeners = new WeakMap<AppContext, { port: number; close: () => Promise<void> }>();
const leaderships = new WeakMap<AppContext, Leadership>();

/** Open client queries per account, for the account health line. */
async function openQueries(db: Db, accountIds: string[]) {
  const rows = await countOpenQueriesByAccount(db, accountIds);
  const out = new Map<string, HealthFigures>(accountIds.map((id) => [id, { openQueries: 0 }]));
  for (const r of rows) if (r.id) out.set(r.id, { openQueries: r.n });
  return out;
}

/** What the inbound channels of a running server hand the pipeline. */
export const inboundOf = (ctx: Pick<AppContext, 'config' | 'files'>): Inbound => ({
  clock: shopClock(ctx.config.JOBJACKET_TIMEZONE),
  files: ctx.files,
  settings: inboxSettings(ctx.config),
});

/** Registers the inbox's health figure; call before the queue starts. */
export function registerInbox(ctx: AppContext) {
  registerHealthSource(openQueries);
  // The IMAP poll ran on a queue schedule before the leader ran it: an old schedule must not fire.
  ctx.queue.retireSchedule(IMAP_QUEUE);
}

/**
 * Starts the inbound channels that are configured (the SMTP listener on JOBJACKET_SMTP_LISTEN_PORT, the
 * IMAP poller for JOBJACKET_IMAP_URL) on one node of the cluster: the leader elected through PostgreSQL
 * (`platform/leader.ts`). Every node with the setting contends; when the leader dies another takes over.
 */
export async function startInboundListener(ctx: AppContext) {
  const port = ctx.config.JOBJACKET_SMTP_LISTEN_PORT;
  const imapUrl = ctx.config.JOBJACKET_IMAP_URL;
  if (port === undefined && !imapUrl) return;
  let polling: { stop(): Promise<void> } | null = null;
  const leadership = new Leadership({
    database: ctx.database,
    databaseUrl: ctx.config.DATABASE_URL,
    name: 'inbound-mail',
    duties: {
      start: async () => {
        if (port !== undefined) {
          const host = ctx.config.JOBJACKET_SMTP_LISTEN_HOST;
          listeners.set(ctx, await startSmtpListener(ctx.database, inboundOf(ctx), { port, host }));
        }
        if (imapUrl) polling = startImapPolling(ctx.database, inboundOf(ctx), imapUrl);
      },
      stop: async () => {
        await polling?.stop();
        polling = null;
        await listeners.get(ctx)?.close();
        listeners.delete(ctx);
      },
    },
  });
  leaderships.set(ctx, leadership);
  await leadership.start();
}

/** The port the SMTP listener of a context listens on (tests bind port 0). */
export const smtpListenerPort = (ctx: AppContext) => listeners.get(ctx)?.port ?? null;

/** Stops the inbound channels (if this node leads) and gives up the lead, so another node takes over at once. */
export async function stopInboundListener(ctx: AppContext) {
  await leaderships.get(ctx)?.stop();
  leaderships.delete(ctx);
}
