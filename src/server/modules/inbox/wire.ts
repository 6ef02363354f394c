import { and, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import { registerHealthSource, type HealthFigures } from '../accounts';
import { shopClock } from '../../platform/service-context';
import { registerImapPoll, startSmtpListener, type Inbound } from './channels';
import { inboxSettings } from './settings';
import { conversations } from './tables';

const listeners = new WeakMap<AppContext, { port: number; close: () => Promise<void> }>();

/** Open client queries per account, for the account health line. */
async function openQueries(db: Db, accountIds: string[]) {
  const rows = await db
    .select({ id: conversations.accountId, n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(inArray(conversations.accountId, accountIds), ne(conversations.status, 'resolved')))
    .groupBy(conversations.accountId);
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

/** Defines the inbox's queue (IMAP poll) and its health figure; call before the queue starts. */
export function registerInbox(ctx: AppContext) {
  registerHealthSource(openQueries);
  if (ctx.config.JOBJACKET_IMAP_URL)
    registerImapPoll(ctx.queue, ctx.database, inboundOf(ctx), ctx.config.JOBJACKET_IMAP_URL);
}

/** Starts the SMTP listener when JOBJACKET_SMTP_LISTEN_PORT is set. */
export async function startInboundListener(ctx: AppContext) {
  const port = ctx.config.JOBJACKET_SMTP_LISTEN_PORT;
  if (port === undefined) return;
  listeners.set(
    ctx,
    await startSmtpListener(ctx.database, inboundOf(ctx), {
      port,
      host: ctx.config.JOBJACKET_SMTP_LISTEN_HOST,
    }),
  );
}

/** The port the SMTP listener of a context listens on (tests bind port 0). */
export const smtpListenerPort = (ctx: AppContext) => listeners.get(ctx)?.port ?? null;

export async function stopInboundListener(ctx: AppContext) {
  await listeners.get(ctx)?.close();
  listeners.delete(ctx);
}
