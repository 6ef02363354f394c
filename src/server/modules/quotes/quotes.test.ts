import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { exampleBrochure, setUpExampleCostModel } from '../../../../test/helpers/estimating';
import { convertWithLibreOffice } from '../../../../test/helpers/office';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildAccount, buildContact } from '../../factories';

let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let foldId: string;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url, MAIL_FROM: 'Shop <shop@shop.example>' });
  await t.ctx.queue.work();
  const admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
  ({ foldId } = await setUpExampleCostModel((method, url, payload) =>
    t.request({ method, url, headers: admin.headers, payload: payload as never }),
  ));
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = am.headers) =>
  t.request({ method, url: `/api/v1${url}`, headers, payload: payload as never });
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function quoteFor(over: { poRequired?: boolean; items?: unknown[] } = {}) {
  const account = await buildAccount(t.db, {
    name: `Nguyễn → Zoë Øster ${Math.random()}`,
    poRequired: over.poRequired ?? false,
  });
  const contact = await buildContact(t.db, { accountId: account.id, firstName: 'Zoë', lastName: 'Øster' });
  const res = await call('POST', '/quotes', {
    accountId: account.id,
    contactId: contact.id,
    title: 'Spring brochures',
    validUntil: inAMonth(),
    terms: 'Half on acceptance, half on delivery.',
    items: over.items ?? [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { quote: res.json(), account, contact };
}

const tokenOf = (link: string) => link.split('/quote/')[1]!;

describe('a quote from draft to job', () => {
  it('prices three quantities, sends a link a real SMTP peer receives, and the client accepts the middle one', async () => {
    const { quote, contact } = await quoteFor();
    expect(quote).toMatchObject({ status: 'draft', version: 1 });
    expect(quote.number).toMatch(/^Q-\d{4}-\d+$/);
    expect(quote.items[0].quantities.map((q: { totalCents: number }) => q.totalCents)).toEqual([
      64_837, 84_589, 108_275,
    ]);

    const sent = await call('POST', `/quotes/${quote.id}/send`, { message: 'As discussed on the phone.' });
    expect(sent.statusCode, sent.body).toBe(200);
    const mail = await peer.message(contact.emails[0]!, quote.number);
    const link = /https?:\/\/\S+\/quote\/\S+/.exec(mail.text ?? '')![0];
    expect(link).toBe(sent.json().link);

    const view = await t.request({ method: 'GET', url: `/api/v1/quote-links/${tokenOf(link)}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      number: quote.number,
      status: 'sent',
      contact: { name: 'Zoë Øster' },
    });
    expect(view.body).not.toContain('internalNotes');
    expect(view.body).not.toContain('working');

    const itemId = quote.items[0].id;
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/quote-links/${tokenOf(link)}/decision`,
      payload: { decision: 'accept', name: 'Zoë Øster', choices: [{ itemId, quantity: 5000 }] },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decidedBy: 'Zoë Øster' });

    const staff = (await call('GET', `/quotes/${quote.id}`)).json();
    expect(staff).toMatchObject({ status: 'accepted', decisionChannel: 'link' });
    expect(staff.items[0].acceptedQuantity).toBe(5000);
    const job = (await call('GET', `/jobs/${staff.job.id}`)).json();
    expect(job.items).toHaveLength(1);
    expect(job.items[0]).toMatchObject({
      quantity: 5000,
      priceCents: 78_142,
      productType: 'folded_brochure',
    });
    expect(job.description).toContain(quote.number);
    expect(job.estimatedPriceCents).toBeNull(); // the items carry the price, as change orders move it

    const again = await t.request({
      method: 'POST',
      url: `/api/v1/quote-links/${tokenOf(link)}/decision`,
      payload: { decision: 'decline', name: 'Someone else', reason: 'Too late' },
    });
    expect(again.statusCode).toBe(404); // the link served its one decision
    expect(
      (await call('GET', `/quotes?status=accepted&accountId=${staff.account.id}`)).json().items,
    ).toHaveLength(1);
  });

  it('makes exactly one job from two answers sent at once', async () => {
    const { quote } = await quoteFor();
    const { link } = (await call('POST', `/quotes/${quote.id}/send`, {})).json();
    const decide = (quantity: number) =>
      t.request({
        method: 'POST',
        url: `/api/v1/quote-links/${tokenOf(link)}/decision`,
        payload: { decision: 'accept', name: 'Zoë', choices: [{ itemId: quote.items[0].id, quantity }] },
      });
    const answers = await Promise.all([decide(2500), decide(8000), decide(5000)]);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    const { rows } = await t.ctx.database.raw.query<{ n: number }>(
      `select count(*)::int as n from jobs where description like $1`,
      [`%${quote.number}%`],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('asks for the PO on an account that requires one, and refuses a quantity that was not quoted', async () => {
    const { quote } = await quoteFor({ poRequired: true });
    const { link } = (await call('POST', `/quotes/${quote.id}/send`, {})).json();
    const decide = (payload: unknown) =>
      t.request({
        method: 'POST',
        url: `/api/v1/quote-links/${tokenOf(link)}/decision`,
        payload: payload as never,
      });
    const itemId = quote.items[0].id;
    const noPo = await decide({ decision: 'accept', name: 'Zoë', choices: [{ itemId, quantity: 5000 }] });
    expect(noPo.statusCode).toBe(400);
    expect(noPo.json().detail).toContain('requires a PO number');
    const odd = await decide({
      decision: 'accept',
      name: 'Zoë',
      clientPo: 'PO-77',
      choices: [{ itemId, quantity: 4000 }],
    });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().detail).toContain('not a quoted quantity');
    const ok = await decide({
      decision: 'accept',
      name: 'Zoë',
      clientPo: 'PO-77',
      choices: [{ itemId, quantity: 2500 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const staff = (await call('GET', `/quotes/${quote.id}`)).json();
    expect((await call('GET', `/jobs/${staff.job.id}`)).json().clientPo).toBe('PO-77');
  });
});

describe('versions, declines, phone answers, expiry', () => {
  it('keeps the sent version when revised; its link stops working; the client declines the new one', async () => {
    const { quote } = await quoteFor();
    const { link } = (await call('POST', `/quotes/${quote.id}/send`, {})).json();
    const revised = await call('PATCH', `/quotes/${quote.id}`, { title: 'Spring brochures, revised' });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({
      version: 2,
      status: 'draft',
      number: quote.number,
      previousVersionId: quote.id,
    });
    expect((await call('GET', `/quotes/${quote.id}`)).json().status).toBe('superseded');
    expect((await t.request({ method: 'GET', url: `/api/v1/quote-links/${tokenOf(link)}` })).statusCode).toBe(
      404,
    );
    expect((await call('PATCH', `/quotes/${quote.id}`, { title: 'x' })).statusCode).toBe(409);

    const second = (await call('POST', `/quotes/${revised.json().id}/send`, {})).json();
    const declined = await t.request({
      method: 'POST',
      url: `/api/v1/quote-links/${tokenOf(second.link)}/decision`,
      payload: { decision: 'decline', name: 'Zoë Øster', reason: 'We found a cheaper printer' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({
      status: 'declined',
      declineReason: 'We found a cheaper printer',
    });
  });

  it('records an acceptance taken by phone (who, when, how) and refuses an expired quote', async () => {
    const { quote } = await quoteFor();
    await call('POST', `/quotes/${quote.id}/send`, {});
    const byPhone = await call('POST', `/quotes/${quote.id}/accept`, {
      decision: 'accept',
      name: 'Zoë Øster',
      channel: 'phone',
      decidedAt: new Date().toISOString(),
      choices: [{ itemId: quote.items[0].id, quantity: 8000 }],
    });
    expect(byPhone.statusCode, byPhone.body).toBe(200);
    expect(byPhone.json()).toMatchObject({
      status: 'accepted',
      decisionChannel: 'phone',
      decidedBy: 'Zoë Øster',
    });

    const { quote: old } = await quoteFor();
    await call('POST', `/quotes/${old.id}/send`, {});
    await t.db.execute(sql`update quotes set valid_until = current_date - 1 where id = ${old.id}`);
    expect((await call('GET', `/quotes/${old.id}`)).json().status).toBe('expired');
    const late = await call('POST', `/quotes/${old.id}/accept`, {
      decision: 'accept',
      name: 'Zoë',
      channel: 'email',
      choices: [{ itemId: old.items[0].id, quantity: 2500 }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('expired');
  });

  it('refuses a quote valid until a past day, a contact of another account, and production users', async () => {
    const { account } = await quoteFor();
    const other = await buildContact(t.db, {});
    const base = {
      accountId: account.id,
      title: 'x',
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    };
    expect((await call('POST', '/quotes', { ...base, validUntil: '2001-01-01' })).statusCode).toBe(400);
    const wrongContact = await call('POST', '/quotes', {
      ...base,
      validUntil: inAMonth(),
      contactId: other.id,
    });
    expect(wrongContact.statusCode).toBe(400);
    const unknownType = await call('POST', '/quotes', {
      ...base,
      validUntil: inAMonth(),
      items: [{ ...exampleBrochure(foldId), productType: 'no_such_type' }],
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.body).toContain('items.0.productType');
    const production = await t.signIn('production');
    expect((await call('GET', '/quotes', undefined, production.headers)).statusCode).toBe(403);
  });
});

describe('a quote given by phone', () => {
  it('takes the answer on a draft never e-mailed; a blank signature is refused with a plain message', async () => {
    const { quote } = await quoteFor();
    const blank = await call('POST', `/quotes/${quote.id}/accept`, {
      decision: 'accept',
      name: '  ',
      channel: 'phone',
      choices: [{ itemId: quote.items[0].id, quantity: 2500 }],
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().detail).toContain('Type your name to sign the answer');
    const ok = await call('POST', `/quotes/${quote.id}/accept`, {
      decision: 'accept',
      name: 'Zoë Øster',
      channel: 'phone',
      choices: [{ itemId: quote.items[0].id, quantity: 2500 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'accepted', decisionChannel: 'phone', sentAt: null });
  });
});

describe('the quote letter', () => {
  it('prints the number, each quantity and price in a PDF and a Word document LibreOffice opens', async () => {
    const { quote } = await quoteFor();
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-quote-'));
    for (const format of ['pdf', 'docx'] as const) {
      const res = await call('GET', `/quotes/${quote.id}/quote.${format}`);
      expect(res.statusCode).toBe(200);
      const file = path.join(dir, `quote.${format}`);
      writeFileSync(file, res.rawPayload);
      if (format === 'docx') await convertWithLibreOffice(file, 'pdf');
      const pdf = file.replace(/\.docx$/, '.pdf');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
      for (const expected of [
        quote.number,
        '2,500',
        '5,000',
        '8,000',
        '$648.37',
        '$845.89',
        '$1,082.75',
        'Nguyễn → Zoë Øster',
      ])
        expect(text, `${format}: ${expected}`).toContain(expected);
    }
  });
});

describe('the pipeline report', () => {
  it('counts this file’s sent quotes by what became of them, revisions once, with the win rate', async () => {
    const res = await call('POST', '/reports/quotes-win-rate/run', {
      parameters: { ownerId: am.userId, by: 'am' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = res.json().rows;
    expect(row).toMatchObject({ sent: 6, accepted: 4, declined: 1, expired: 1, open: 0 });
    expect(row.win_rate).toBeCloseTo(4 / 6);
    expect(Number(row.won_cents)).toBeGreaterThanOrEqual(84_589 + 64_837 + 64_837 + 108_275);
  });
  it.skipIf(inject('database').kind !== 'postgres')(
    'lists quotes with their accounts, contacts and owners in as many statements for 9 as for 3',
    async () => {
      for (let i = 0; i < 9; i++) await quoteFor();
      // Counting every statement the process sends needs the process quiet: the queue's handlers (events of the
      // quotes just made) would otherwise add theirs. It is the file's last test; afterAll's close allows this.
      await t.ctx.queue.stop();
      const statementsFor = async (limit: number) => {
        const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
        const original = proto.query;
        let n = 0;
        proto.query = function (this: unknown, ...args: unknown[]) {
          n++;
          return original.apply(this, args);
        };
        try {
          const res = await call('GET', `/quotes?limit=${limit}`);
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json().items).toHaveLength(limit);
          expect(new Set(res.json().items.map((q: { account: { id: string } }) => q.account.id)).size).toBe(
            limit,
          );
        } finally {
          proto.query = original;
        }
        return n;
      };
      const forThree = await statementsFor(3);
      expect(forThree).toBeGreaterThan(0);
      expect(await statementsFor(9)).toBe(forThree);
    },
  );
});
