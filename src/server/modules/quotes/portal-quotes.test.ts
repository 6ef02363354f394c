import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { exampleBrochure, setUpExampleCostModel } from '../../../../test/helpers/estimating';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildAccount, buildContact, buildPortal, buildPortalUser } from '../../factories';

// Quotes in the client portal: the account's sent quotes, answered by a signed-in buyer; never another's.
let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let foldId: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url, MAIL_FROM: 'Shop <shop@shop.example>' });
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

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, headers, payload: payload as never });
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function portalSignIn(slug: string, email: string): Promise<Headers> {
  const res = await call('POST', `/portal/${slug}/auth/login`, {}, { email, password: PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
  return { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}

/** A portal on its own account with a buyer signed in, and a quote for that account (sent unless told). */
async function portalWithQuote(over: { poRequired?: boolean; send?: boolean } = {}) {
  const account = await buildAccount(t.db, {
    name: `Nguyễn → Zoë Øster ${Math.random()}`,
    poRequired: over.poRequired ?? false,
  });
  const contact = await buildContact(t.db, { accountId: account.id, firstName: 'Zoë', lastName: 'Øster' });
  const portal = await buildPortal(t.db, { accountId: account.id });
  const buyer = await buildPortalUser(t.db, portal.id, {
    role: 'buyer',
    name: 'Nguyễn Thị Bé',
    password: PASSWORD,
  });
  const created = await call('POST', '/quotes', am.headers, {
    accountId: account.id,
    contactId: contact.id,
    title: 'Spring brochures',
    validUntil: inAMonth(),
    items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const quote = created.json();
  if (over.send !== false)
    expect((await call('POST', `/quotes/${quote.id}/send`, am.headers, {})).statusCode).toBe(200);
  return { portal, quote, who: await portalSignIn(portal.slug, buyer.email), portalId: portal.id };
}

describe('quotes in the portal', () => {
  it('lists the account’s sent quotes, and a buyer accepts the middle quantity: the job has that price', async () => {
    const mine = await portalWithQuote();
    const draft = await call('POST', '/quotes', am.headers, {
      accountId: mine.portal.account.id,
      title: 'Not sent yet',
      validUntil: inAMonth(),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    });
    expect(draft.statusCode).toBe(201);

    const list = await call('GET', `/portal/${mine.portal.slug}/quotes`, mine.who);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((q: { number: string }) => q.number)).toEqual([mine.quote.number]);
    expect(list.body).not.toContain('working');
    expect(list.body).not.toContain('internalNotes');

    const pdf = await call('GET', `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/quote.pdf`, mine.who);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const draftPdf = await call(
      'GET',
      `/portal/${mine.portal.slug}/quotes/${draft.json().id}/quote.pdf`,
      mine.who,
    );
    expect(draftPdf.statusCode).toBe(404);

    const itemId = mine.quote.items[0].id;
    const accepted = await call(
      'POST',
      `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/decision`,
      mine.who,
      {
        decision: 'accept',
        choices: [{ itemId, quantity: 5000 }],
      },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      id: mine.quote.id,
      status: 'accepted',
      decidedBy: 'Nguyễn Thị Bé',
    });

    const staff = (await call('GET', `/quotes/${mine.quote.id}`, am.headers)).json();
    expect(staff).toMatchObject({ status: 'accepted', decisionChannel: 'portal' });
    const job = (await call('GET', `/jobs/${staff.job.id}`, am.headers)).json();
    expect(job.items[0]).toMatchObject({ quantity: 5000, priceCents: 78_142 });
    expect(job.description).toContain(mine.quote.number);

    const again = await call(
      'POST',
      `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/decision`,
      mine.who,
      {
        decision: 'decline',
        reason: 'Changed our mind',
      },
    );
    expect(again.statusCode).toBe(409);
  });

  it('never shows or answers another organisation’s quote, and viewers only look', async () => {
    const mine = await portalWithQuote();
    const other = await portalWithQuote();
    const foreignList = (await call('GET', `/portal/${other.portal.slug}/quotes`, other.who)).json();
    expect(foreignList.items.map((q: { number: string }) => q.number)).toEqual([other.quote.number]);
    const foreign = await call(
      'POST',
      `/portal/${other.portal.slug}/quotes/${mine.quote.id}/decision`,
      other.who,
      {
        decision: 'decline',
        reason: 'Not ours',
      },
    );
    expect(foreign.statusCode).toBe(404);
    const foreignPdf = await call(
      'GET',
      `/portal/${other.portal.slug}/quotes/${mine.quote.id}/quote.pdf`,
      other.who,
    );
    expect(foreignPdf.statusCode).toBe(404);

    const viewerUser = await buildPortalUser(t.db, mine.portalId, { role: 'viewer', password: PASSWORD });
    const viewer = await portalSignIn(mine.portal.slug, viewerUser.email);
    const looked = await call(
      'POST',
      `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/decision`,
      viewer,
      {
        decision: 'decline',
        reason: 'Just looking',
      },
    );
    expect(looked.statusCode).toBe(403);
    expect((await call('GET', `/quotes/${mine.quote.id}`, am.headers)).json().status).toBe('sent');
  });

  it('asks for the PO on an account that needs one, and answers a decline with its reason', async () => {
    const mine = await portalWithQuote({ poRequired: true });
    const url = `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/decision`;
    const itemId = mine.quote.items[0].id;
    const noPo = await call('POST', url, mine.who, {
      decision: 'accept',
      choices: [{ itemId, quantity: 5000 }],
    });
    expect(noPo.statusCode).toBe(400);
    expect(noPo.json().errors).toEqual([expect.objectContaining({ path: 'clientPo' })]);
    const noReason = await call('POST', url, mine.who, { decision: 'decline', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const declined = await call('POST', url, mine.who, { decision: 'decline', reason: 'Budget cut' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Budget cut' });
  });

  it('the portal and the e-mailed link answering at once make exactly one job', async () => {
    const mine = await portalWithQuote({ send: false });
    const sent = (await call('POST', `/quotes/${mine.quote.id}/send`, am.headers, {})).json();
    const token = sent.link.split('/quote/')[1];
    const itemId = mine.quote.items[0].id;
    const answers = await Promise.all([
      call('POST', `/portal/${mine.portal.slug}/quotes/${mine.quote.id}/decision`, mine.who, {
        decision: 'accept',
        choices: [{ itemId, quantity: 5000 }],
      }),
      call(
        'POST',
        `/quote-links/${token}/decision`,
        {},
        {
          decision: 'accept',
          name: 'Zoë',
          choices: [{ itemId, quantity: 2500 }],
        },
      ),
    ]);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    const { rows } = await t.ctx.database.raw.query<{ n: number }>(
      `select count(*)::int as n from jobs where description like $1`,
      [`%${mine.quote.number}%`],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
