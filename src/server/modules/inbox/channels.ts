import { SMTPServer } from 'smtp-server';
import { ImapFlow } from 'imapflow';
import type { Database } from '../../platform/db';
import type { FileStore } from '../../platform/files';
import type { Clock } from '../../platform/service-context';
import { AppError } from '../../platform/errors';
import { ingestEmail } from './ingest';
import type { InboxSettings } from './settings';

/** What every inbound channel hands the pipeline besides the message: the clock, file store and settings. */
export type Inbound = { clock: Clock; files: FileStore; settings: InboxSettings };

/**
 * The built-in SMTP listener: every accepted message goes through the inbound pipeline in its own
 * transaction; the SMTP peer hears "250" only after it is stored, so a failure makes the sender retry.
 */
export async function startSmtpListener(
  database: Database,
  inbound: Inbound,
  opts: { port: number; host: string },
) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: inbound.settings.maxMessageBytes,
    logger: false,
    banner: 'Jobjacket inbound mail',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        database.db
          .transaction((tx) => ingestEmail({ db: tx, ...inbound, raw, source: 'smtp', envelopeTo }))
          .then(
            () => callback(),
            (err: unknown) =>
              // A message we refuse for what it is (too many parts) is refused for good; anything else is ours.
              err instanceof AppError
                ? callback(Object.assign(new Error(err.detail), { responseCode: 552 }))
                : callback(
                    Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }),
                  ),
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The keyword a message gets when the pipeline could not take it: it is skipped from then on. */
export const IMAP_FAILED_KEYWORD = '$JobjacketFailed';

export type ImapPollResult = { imported: number; failed: { uid: number; error: string }[] };

/**
 * Reads unseen messages of the configured mailbox into the pipeline, then flags them seen. A message the
 * pipeline refuses (or that breaks it) does not stop the poll: it stays unseen for a person to look at, is
 * flagged and gets {@link IMAP_FAILED_KEYWORD} so later polls pass it by. Ingest commits before the flag is
 * set, so a connection lost in between only brings the message back as a duplicate, which is dropped.
 */
export async function pollImap(database: Database, inbound: Inbound, url: string): Promise<ImapPollResult> {
  const u = new URL(url);
  const client = new ImapFlow({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'imaps:' ? 993 : 143),
    secure: u.protocol === 'imaps:',
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
  });
  await client.connect();
  const result: ImapPollResult = { imported: 0, failed: [] };
  try {
    const lock = await client.getMailboxLock(decodeURIComponent(u.pathname.slice(1)) || 'INBOX');
    try {
      const uids =
        (await client.search({ seen: false, unKeyword: IMAP_FAILED_KEYWORD }, { uid: true })) || [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!msg || !msg.source) continue;
        const source = msg.source;
        try {
          await database.db.transaction((tx) =>
            ingestEmail({ db: tx, ...inbound, raw: source, source: 'imap' }),
          );
        } catch (err) {
          result.failed.push({ uid, error: err instanceof Error ? err.message : String(err) });
          await client.messageFlagsAdd(String(uid), ['\\Flagged', IMAP_FAILED_KEYWORD], { uid: true });
          continue;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        result.imported += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
  return result;
}

/** The queue the IMAP poll ran on before the leader ran it; its cron schedule is removed at start. */
export const IMAP_QUEUE = 'inbox.poll-imap';

/**
 * Polls the mailbox every `everyMs` (first at once) until stopped; run by the elected leader only, so one
 * node polls at a time. A failed poll is logged and tried again on the next round.
 */
export function startImapPolling(database: Database, inbound: Inbound, url: string, everyMs = 60_000) {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = pollImap(database, inbound, url)
      .then((r) => {
        if (r.failed.length) console.error(`inbox: IMAP poll could not take ${r.failed.length} message(s)`);
      })
      .catch((e: unknown) => console.error(`inbox: IMAP poll failed (${String(e)}); retrying next round`))
      .finally(() => {
        if (!stopped) timer = setTimeout(round, everyMs);
      });
  };
  round();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
