import nodemailer from 'nodemailer';
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from './db';
import { mailMessages } from './mail-tables';
import type { FileStore } from './files';
import type { Queue } from './queue';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /**
   * Extra headers, e.g. threading (`Message-ID`, `In-Reply-To`, `References`), `Reply-To` and `Cc`.
   * Without a `Message-ID` the message gets `<id@jobjacket>` as before.
   */
  headers?: Record<string, string>;
};

export const MAIL_QUEUE = 'mail.deliver';
/** Sends, once an SMTP server is configured, the mail that waited in the outbox while none was. */
export const MAIL_RELEASE_QUEUE = 'mail.release-waiting';
/** A message claimed for sending longer ago than this (its process died mid-send) may be claimed again. */
const SENDING_LEASE_MINUTES = 10;

/**
 * Outbound e-mail: `queueMail` records the message and enqueues its delivery in the caller's transaction;
 * the worker sends it over SMTP, or, with no SMTP configured, leaves it in the outbox for admins to read.
 */
export class Mailer {
  private readonly transport: nodemailer.Transporter | null;

  constructor(
    private readonly db: Db,
    private readonly queue: Queue,
    private readonly options: { smtpUrl?: string; from: string; files: FileStore },
  ) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    queue.define<{ id: string }>(MAIL_QUEUE, (data) => this.deliver(data.id));
    queue.define(MAIL_RELEASE_QUEUE, async () => {
      await this.releaseWaiting();
    });
    queue.defineSchedule(MAIL_RELEASE_QUEUE, '*/5 * * * *');
  }

  /** Whether this process can send: an SMTP server is configured. */
  get canSend(): boolean {
    return this.transport !== null;
  }

  /**
   * Puts every message that waited in the outbox (queued while no SMTP server was set) back in the queue.
   * Runs at start and on a schedule; a no-op without SMTP. The claim is one `UPDATE … RETURNING`, so two
   * processes releasing at once never enqueue a message twice.
   */
  async releaseWaiting(): Promise<number> {
    if (!this.transport) return 0;
    return this.db.transaction(async (tx) => {
      const released = await tx
        .update(mailMessages)
        .set({ status: 'queued', updatedAt: new Date() })
        .where(eq(mailMessages.status, 'outbox'))
        .returning({ id: mailMessages.id });
      for (const { id } of released) await this.queue.send(tx, MAIL_QUEUE, { id });
      return released.length;
    });
  }

  /** Enqueues one message again (the outbox's "Resend"), in the caller's transaction. */
  async requeue(db: Db, id: string): Promise<void> {
    await db
      .update(mailMessages)
      .set({ status: 'queued', error: null, updatedAt: new Date() })
      .where(eq(mailMessages.id, id));
    await this.queue.send(db, MAIL_QUEUE, { id });
  }

  /**
   * Claims a message for sending: one atomic update from queued or failed (or a stale claim) to `sending`.
   * A resend and a pending retry of the same message may both run; only one of them gets the row.
   */
  private async claim(id: string) {
    const [msg] = await this.db
      .update(mailMessages)
      .set({ status: 'sending', updatedAt: new Date() })
      .where(
        and(
          eq(mailMessages.id, id),
          or(
            inArray(mailMessages.status, ['queued', 'failed']),
            and(
              eq(mailMessages.status, 'sending'),
              lt(mailMessages.updatedAt, sql`now() - make_interval(mins => ${SENDING_LEASE_MINUTES})`),
            ),
          ),
        ),
      )
      .returning();
    return msg;
  }

  /** Attachments go to the file store first: a rolled-back transaction leaves only an unreferenced file. */
  async queueMail(db: Db, mail: OutgoingMail): Promise<string> {
    const { attachments, ...message } = mail;
    const stored = [];
    for (const a of attachments ?? []) {
      const file = await this.options.files.put(a.content);
      stored.push({ filename: a.filename, contentType: a.contentType, storageKey: file.key });
    }
    const [row] = await db
      .insert(mailMessages)
      .values({
        ...message,
        headers: message.headers ?? null,
        attachments: stored.length ? stored : null,
        status: 'queued',
      })
      .returning({ id: mailMessages.id });
    await this.queue.send(db, MAIL_QUEUE, { id: row!.id });
    return row!.id;
  }

  private async deliver(id: string): Promise<void> {
    if (!this.transport) {
      await this.db
        .update(mailMessages)
        .set({ status: 'outbox', updatedAt: new Date() })
        .where(and(eq(mailMessages.id, id), inArray(mailMessages.status, ['queued', 'failed'])));
      return;
    }
    const msg = await this.claim(id);
    if (!msg) return; // sent already, or being sent by another worker
    const {
      'Message-ID': messageId,
      'In-Reply-To': inReplyTo,
      References: references,
      'Reply-To': replyTo,
      Cc: cc,
      ...headers
    } = msg.headers ?? {};
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: msg.to,
        cc,
        replyTo,
        inReplyTo,
        references,
        headers,
        subject: msg.subject,
        text: msg.text,
        html: msg.html ?? undefined,
        attachments: await Promise.all(
          (msg.attachments ?? []).map(async (a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: await this.options.files.get(a.storageKey),
          })),
        ),
        messageId: messageId ?? `<${msg.id}@jobjacket>`,
      });
      await this.db
        .update(mailMessages)
        .set({
          status: 'sent',
          sentAt: new Date(),
          attempts: msg.attempts + 1,
          error: null,
          updatedAt: new Date(),
        })
        .where(eq(mailMessages.id, id));
    } catch (err) {
      await this.db
        .update(mailMessages)
        .set({ status: 'failed', attempts: msg.attempts + 1, error: String(err), updatedAt: new Date() })
        .where(eq(mailMessages.id, id));
      throw err; // let the queue retry with back-off
    }
  }
}
