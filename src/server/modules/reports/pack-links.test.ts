import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../../../../test/helpers/app';
import { appWithSmtpPeer } from '../../../../test/helpers/smtp';
import { buildAccount, buildJob } from '../../factories';
import { reportExports } from './tables';

let t: TestApp;
let peer: Awaited<ReturnType<typeof appWithSmtpPeer>>['peer'];
let close: () => Promise<void>;
let am: Session;
beforeAll(async () => {
  ({ t, peer, close } = await appWithSmtpPeer({ JOBJACKET_PUBLIC_URL: 'https://jobs.shop.example' }));
  am = await t.signIn('account_manager');
});
afterAll(() => close());

/** A link from the e-mail, as the recipient's browser would request it (no cookie, no token). */
const open = (link: string) =>
  t.request({ method: 'GET', url: link.replace('https://jobs.shop.example', '') });

describe("a client pack's e-mailed links", () => {
  it('open the files for the client contact, who has no sign-in, until the files expire', async () => {
    const account = await buildAccount(t.db, { name: 'Lakeside College', ownerId: am.userId });
    await buildJob(t.db, { accountId: account.id });
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/report-schedules',
      headers: am.headers,
      payload: {
        name: 'Lakeside monthly pack',
        reportId: 'client-pack',
        parameters: { accountId: account.id, period: 'last_30_days' },
        formats: ['xlsx', 'pdf'],
        recipientUserIds: [],
        recipientEmails: ['registrar@lakeside.example'],
        frequency: 'daily',
        time: '07:00',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const run = await t.request({
      method: 'POST',
      url: `/api/v1/report-schedules/${created.json().id}/run`,
      headers: am.headers,
    });
    expect(run.statusCode).toBe(202);
    const mail = await peer.message('registrar@lakeside.example', 'Client report pack');

    const links = [...(mail.text ?? '').matchAll(/(https:\/\/jobs\.shop\.example\/\S+) \((\S+)\)/g)];
    expect(links.map((l) => l[2])).toEqual(mail.attachments.map((a) => a.filename));
    expect(mail.text).not.toContain('/report-exports/'); // the staff download answers a client 401
    for (const [, link, filename] of links) {
      const res = await open(link!);
      expect(res.statusCode, `${filename}: ${res.body.slice(0, 200)}`).toBe(200);
      const attached = mail.attachments.find((a) => a.filename === filename)!;
      expect(Buffer.compare(res.rawPayload, attached.content)).toBe(0);
      expect(res.headers['content-disposition']).toContain(filename);
    }

    const first = links[0]![1]!;
    const forged = first.replace(/.{6}$/, 'AAAAAA');
    const refused = await open(forged);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await open(`${first}x`)).statusCode).toBe(400);

    // Past the keeping time the link stops working, with a message that says why.
    await t.db
      .update(reportExports)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reportExports.status, 'done'));
    const expired = await open(first);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toMatch(/kept for \d+ days/);
  });
});
