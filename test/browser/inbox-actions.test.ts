import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildJob, buildUser } from '../../src/server/factories';
import { ingestEmail } from '../../src/server/modules/inbox/ingest';
import { inboundOf } from '../../src/server/modules/inbox/wire';
import { smtpPeer } from '../helpers/smtp';
import { signIn, staffApi, startHarness, type Harness } from './harness';

// Issue 23 in the browser: an e-mailed PDF saved as the job's artwork, an unknown sender made a new account
// and contact, a meeting rescheduled (its new .ics has the same UID and a higher SEQUENCE).

let h: Harness;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
beforeAll(async () => {
  peer = await smtpPeer();
  h = await startHarness({ SMTP_URL: peer.url, MAIL_FROM: 'Print shop <shop@example.test>' });
  await h.ctx.queue.work();
});
afterAll(async () => {
  await h?.close();
  await peer?.close();
});

const password = 'correct horse battery';

async function pdf(text: string) {
  const doc = new PDFDocument({ size: [432, 288] });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(22).text(text, 36, 60);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

const word = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

function mail(o: { from: string; subject: string; text: string; id: string; pdf?: Buffer }) {
  const b = 'b-inbox-actions';
  return Buffer.from(
    [
      `From: ${o.from}`,
      'To: orders@shop.example',
      `Subject: ${o.subject}`,
      `Message-ID: <${o.id}@client.example>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.text,
      ...(o.pdf
        ? [
            `--${b}`,
            'Content-Type: application/pdf; name="postcard-front.pdf"',
            'Content-Disposition: attachment; filename="postcard-front.pdf"',
            'Content-Transfer-Encoding: base64',
            '',
            o.pdf.toString('base64'),
          ]
        : []),
      `--${b}--`,
      '',
    ].join('\r\n'),
  );
}

const receive = async (raw: Buffer) => {
  const r = await h.ctx.db.transaction((tx) =>
    ingestEmail({ db: tx, ...inboundOf(h.ctx), raw, source: 'http' }),
  );
  return r.conversationId!;
};

const icsOf = (text: string) => {
  const ev = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
  return {
    uid: String(ev.getFirstPropertyValue('uid')),
    sequence: Number(ev.getFirstPropertyValue('sequence')),
    start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  };
};

describe('inbox hand-offs in the browser', () => {
  it('saves an e-mailed PDF as the job’s artwork, makes an unknown sender a new account and contact, and reschedules a meeting', async () => {
    const am = await buildUser(h.ctx.db, {
      email: 'ash@actions.test',
      name: 'Ash Actions',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Harbor Museum', ownerId: am.id });
    const dana = await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Dana',
      lastName: 'Reyes',
      emails: ['dana@harbor.example'],
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      title: 'Gala postcards',
      items: [{ productType: 'postcard', quantity: 2500, description: 'Gala postcard' }],
    });
    const artwork = await pdf('Gala postcard — front');
    const withArt = await receive(
      mail({
        from: 'Dana Reyes <dana@harbor.example>',
        subject: 'Postcard artwork',
        text: 'Front attached.',
        id: 'art-1',
        pdf: artwork,
      }),
    );
    const page = await signIn(h, 'ash@actions.test', password);
    await staffApi(h, page, 'PATCH', `/conversations/${withArt}`, { jobId: job.id });

    // 1. The attachment into the job's files, as artwork of its item.
    await page.goto(`${h.base}/inbox/${withArt}`);
    await page.getByRole('button', { name: 'Save postcard-front.pdf to a job' }).click();
    const save = page.getByRole('dialog', { name: 'Save postcard-front.pdf to a job' });
    await expect.poll(() => save.getByRole('combobox', { name: 'Job' }).inputValue()).toContain(job.number);
    await save.getByRole('combobox', { name: 'Item' }).click();
    await page.getByRole('option', { name: /1\. Gala postcard/ }).click();
    await save.getByRole('radio', { name: 'Artwork' }).check({ force: true });
    await page.screenshot({ path: 'docs/screenshots/inbox-save-attachment.png' });
    await save.getByRole('button', { name: 'Save to job' }).click();
    await page.getByText(`postcard-front.pdf saved to ${job.number} as artwork v1`).waitFor();
    await page.goto(`${h.base}/jobs/${job.id}`);
    await page.getByText('postcard-front.pdf').first().waitFor();
    const files = (await staffApi(h, page, 'GET', `/jobs/${job.id}/files`)).json().items;
    expect(files).toEqual([
      expect.objectContaining({
        name: 'postcard-front.pdf',
        kind: 'artwork',
        version: 1,
        itemId: job.items[0]!.id,
      }),
    ]);
    const stored = await page.request.get(`${h.base}/api/v1/jobs/${job.id}/files/${files[0].id}/content`);
    expect(Buffer.from(await stored.body()).equals(artwork)).toBe(true);

    // 2. An unknown sender made a contact of a new account.
    const unknown = await receive(
      mail({
        from: `${word('Nguyễn → Zoë Øster')} <zoe@oster-design.example>`,
        subject: 'Business cards for our studio',
        text: 'Could you print 500 cards?',
        id: 'unknown-1',
      }),
    );
    await page.goto(`${h.base}/inbox/${unknown}`);
    await page.getByRole('button', { name: 'New contact from sender' }).click();
    const sender = page.getByRole('dialog', { name: /New contact from zoe@oster-design\.example/ });
    await expect.poll(() => sender.getByLabel('First name').inputValue()).toBe('Nguyễn → Zoë');
    expect(await sender.getByLabel('Last name').inputValue()).toBe('Øster');
    expect(await sender.getByRole('radio', { name: 'A new account' }).isChecked()).toBe(true);
    expect(await sender.getByLabel('New account’s name').inputValue()).toBe('Oster Design');
    await sender.getByLabel('New account’s name').fill('Øster Design Studio');
    await sender.getByRole('button', { name: 'Create the contact and link' }).click();
    await page.getByRole('link', { name: 'Øster Design Studio' }).waitFor();
    await page.getByText('Nguyễn → Zoë Øster').first().waitFor();
    const linked = (await staffApi(h, page, 'GET', `/conversations/${unknown}`)).json();
    expect(linked).toMatchObject({
      account: { name: 'Øster Design Studio' },
      contact: { name: 'Nguyễn → Zoë Øster' },
    });
    const newAccount = (await staffApi(h, page, 'GET', `/accounts/${linked.account.id}`)).json();
    expect(newAccount.name).toBe('Øster Design Studio');

    // 2b. An unmatched thread escalated: the dialog names the client first, then opens the escalation.
    const angry = await receive(
      mail({
        from: 'Pat Lee <pat@lee-events.example>',
        subject: 'Cards arrived damaged',
        text: 'Half the box is crushed.',
        id: 'angry-1',
      }),
    );
    await page.goto(`${h.base}/inbox/${angry}`);
    await page.getByRole('button', { name: 'Escalate' }).click();
    const esc = page.getByRole('dialog', { name: 'Escalate: first, whose client is this?' });
    await expect.poll(() => esc.getByLabel('Last name').inputValue()).toBe('Lee');
    await esc.getByLabel('New account’s name').fill('Lee Events');
    await esc.getByRole('button', { name: 'Create the contact and escalate' }).click();
    await page.waitForURL(/\/escalations\/[0-9a-f-]{36}$/);
    await page.getByText('Lee Events').first().waitFor();

    // 3. A meeting moved: the new invitation keeps its UID and raises its SEQUENCE.
    const created = await staffApi(h, page, 'POST', '/meetings', {
      accountId: account.id,
      conversationId: withArt,
      title: 'Press check',
      startsAt: '2026-12-14T15:00:00.000Z',
      endsAt: '2026-12-14T16:00:00.000Z',
      attendees: [{ name: 'Dana Reyes', email: 'dana@harbor.example', contactId: dana.id }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const first = icsOf((await staffApi(h, page, 'GET', `/meetings/${created.json().id}/invite.ics`)).body);
    await page.goto(`${h.base}/inbox/${withArt}`);
    const meeting = page.getByTestId('meeting');
    await meeting.getByRole('button', { name: 'Reschedule' }).click();
    const move = page.getByRole('dialog', { name: 'Reschedule “Press check”' });
    const local = (iso: string) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    await move.getByLabel('Starts').fill(local('2026-12-15T17:30:00.000Z'));
    await move.getByLabel('Ends').fill(local('2026-12-15T18:30:00.000Z'));
    await move.getByRole('button', { name: 'Reschedule' }).click();
    await meeting.getByText('invitation v2').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      meeting.getByRole('link', { name: /Invitation \(\.ics\)/ }).click(),
    ]);
    const moved = icsOf(await readFile((await download.path())!, 'utf8'));
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBeGreaterThan(first.sequence);
    expect(moved.start).toBe('2026-12-15T17:30:00.000Z');
    // On a phone: the save dialog fits and works with the keyboard alone.
    const phone = await (
      await h.browser.newContext({
        viewport: { width: 390, height: 844 },
        storageState: await page.context().storageState(),
      })
    ).newPage();
    await phone.goto(`${h.base}/inbox/${withArt}`);
    await phone.getByRole('button', { name: 'Save postcard-front.pdf to a job' }).focus();
    await phone.keyboard.press('Enter');
    const small = phone.getByRole('dialog', { name: 'Save postcard-front.pdf to a job' });
    await small.getByRole('button', { name: 'Save to job' }).waitFor();
    const box = (await small.getByRole('button', { name: 'Save to job' }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: 'docs/screenshots/inbox-save-attachment-phone.png' });
    await phone.keyboard.press('Escape');
    await small.waitFor({ state: 'hidden' });

    const sent = await peer.message('dana@harbor.example', 'Rescheduled: Press check');
    const attached = sent.attachments.find((a) => a.filename === 'invite.ics')!;
    expect(icsOf(attached.content.toString('utf8'))).toEqual(moved);
    // Four screens in one story: longer than the default minute on a shared machine.
  }, 180_000);
});
