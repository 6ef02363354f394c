import nodemailer from 'nodemailer';
import { eq } from 'drizzle-orm';
import type { Db } from './db';
import { mailMessages } from './db/schema';
import type { Queue } from './queue';

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };

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
    private readonly options: { smtpUrl?: string; from: string },
  ) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    queue.define<{ id: string }>(MAIL_QUEUE, (data) => this.deliver(data.id));
  }

  async queueMail(db: Db, mail: OutgoingMail): Promise<string> {
    const [row] = await db
      .insert(mailMessages)
      .values({ ...mail, status: 'queued' })
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
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html ?? undefined,
        messageId: `<${msg.id}@jobjacket>`,
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
