import nodemailer from 'nodemailer';
import { eq } from 'drizzle-orm';
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
    const [msg] = await this.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    if (!msg || msg.status === 'sent' || msg.status === 'outbox') return;
    if (!this.transport) {
      await this.db
        .update(mailMessages)
        .set({ status: 'outbox', updatedAt: new Date() })
        .where(eq(mailMessages.id, id));
      return;
    }
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
