import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, freshDatabase, type Session, type TestApp } from './helpers/app';
import { smtpPeer, waitFor } from './helpers/smtp';
import { buildMaterial, buildVendor } from '../src/server/factories';
import { auditEvents } from '../src/server/platform/audit-tables';
import { mailMessages } from '../src/server/platform/mail-tables';
import { MAIL_RELEASE_QUEUE } from '../src/server/platform/mail';
import type { MailMessage, MailSummary } from '../src/shared/audit';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const call = (t: TestApp, who: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

/** A purchase order e-mailed to a new vendor through the API: the message the outbox then holds. */
async function emailPurchaseOrder(t: TestApp, buyer: Session) {
  const vendor = await buildVendor(t.db);
  const material = await buildMaterial(t.db, { preferredVendorId: vendor.id });
  const po = (
    await call(t, buyer, 'POST', '/purchase-orders', {
      vendorId: vendor.id,
      lines: [{ materialId: material.id, quantity: 1000, unitCostCents: 3 }],
    })
  ).json() as { id: string; number: string };
  const sent = await call(t, buyer, 'POST', `/purchase-orders/${po.id}/send`, {});
  expect(sent.statusCode).toBe(200);
  const [row] = await t.db.select().from(mailMessages).where(eq(mailMessages.to, vendor.email!));
  return { vendor, po, messageId: row!.id };
}

const statusOf = async (t: TestApp, id: string) =>
  (await t.db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0]!.status;

describe('mail that waited for an SMTP server', () => {
  it('is held without SMTP_URL and sent when the server starts again with it', async () => {
    const database = await freshDatabase();
    const filesDir = mkdtempSync(path.join(tmpdir(), 'jj-files-'));
    // The first process must not close the database the second one opens again.
    const first = await createTestApp(
      { JOBJACKET_FILES_DIR: filesDir },
      { database: { ...database, close: async () => {} } },
    );
    await first.ctx.queue.work();
    const buyer = await first.signIn('purchasing');
    const admin = await first.signIn('admin');
    const { vendor, po, messageId } = await emailPurchaseOrder(first, buyer);
    await waitFor(async () => (await statusOf(first, messageId)) === 'outbox' || undefined, 'the outbox');
    const held = (await call(first, admin, 'GET', '/mail-messages/summary')).json() as MailSummary;
    expect(held).toEqual({ waiting: 1, failed: 0, smtpConfigured: false });
    await first.close();

    const peer = await smtpPeer();
    const second = await createTestApp({ SMTP_URL: peer.url, JOBJACKET_FILES_DIR: filesDir }, { database });
    cleanup.push(
      () => second.close(),
      () => peer.close(),
    );
    await second.ctx.queue.work();
    const mail = await peer.message(vendor.email!, `Purchase order ${po.number}`);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${po.number}.pdf`]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    await waitFor(async () => (await statusOf(second, messageId)) === 'sent' || undefined, 'status sent');
    expect(peer.received).toHaveLength(1);
  });

  it('the scheduled release sends mail another process left in the outbox', async () => {
    const peer = await smtpPeer();
    const t = await createTestApp({ SMTP_URL: peer.url });
    cleanup.push(
      () => t.close(),
      () => peer.close(),
    );
    // A web node without SMTP_URL held this message; this process has SMTP and runs the release.
    const [row] = await t.db
      .insert(mailMessages)
      .values({ to: 'held@client.example', subject: 'Held while no SMTP', text: 'x', status: 'outbox' })
      .returning();
    await t.ctx.queue.work();
    await t.ctx.queue.send(t.db, MAIL_RELEASE_QUEUE, {});
    await peer.message('held@client.example', 'Held while no SMTP');
    await waitFor(async () => (await statusOf(t, row!.id)) === 'sent' || undefined, 'status sent');
  });
});

describe('resending a failed message', () => {
  it('an admin resends a message the SMTP server refused; it is sent once and audited', async () => {
    const peer = await smtpPeer();
    const t = await createTestApp({ SMTP_URL: peer.url });
    cleanup.push(
      () => t.close(),
      () => peer.close(),
    );
    await t.ctx.queue.work();
    const buyer = await t.signIn('purchasing');
    const admin = await t.signIn('admin');
    peer.state.refusing = true;
    const { vendor, messageId } = await emailPurchaseOrder(t, buyer);
    await waitFor(async () => (await statusOf(t, messageId)) === 'failed' || undefined, 'the failure');
    const summary = (await call(t, admin, 'GET', '/mail-messages/summary')).json() as MailSummary;
    expect(summary).toMatchObject({ failed: 1, smtpConfigured: true });
    const failed = (await call(t, admin, 'GET', `/mail-messages/${messageId}`)).json() as MailMessage;
    expect(failed.error).toContain('550');

    expect((await call(t, buyer, 'POST', `/mail-messages/${messageId}/resend`)).statusCode).toBe(403);
    peer.state.refusing = false;
    // Two admins press Resend at once: the message is queued once, the second is told why not.
    const [a, b] = await Promise.all([
      call(t, admin, 'POST', `/mail-messages/${messageId}/resend`),
      call(t, admin, 'POST', `/mail-messages/${messageId}/resend`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toContain('only a failed message can be sent again');

    await peer.message(vendor.email!, 'Purchase order');
    await waitFor(async () => (await statusOf(t, messageId)) === 'sent' || undefined, 'status sent');
    expect(peer.received.filter((m) => JSON.stringify(m.to).includes(vendor.email!))).toHaveLength(1);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, messageId));
    expect(audit.map((e) => e.action)).toEqual(['mail.resent']);
    expect((await call(t, admin, 'POST', `/mail-messages/${messageId}/resend`)).statusCode).toBe(409);
  });
});
