import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildContact, buildPortal, buildPortalUser } from '../../factories';
import { auditEvents } from '../../platform/audit-tables';
import { mailMessages } from '../../platform/mail-tables';
import { addDays } from '../../platform/calendar/working-days';
import { todayIn } from '../../platform/clock';
import type { Job } from '../../../shared/jobs';
import type { Portal } from '../../../shared/portals';
import type { PortalProof, SentProof } from '../../../shared/proofs';

let t: TestApp;
let am: Session;
const today = todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

type Who = { headers: Record<string, string> } | null;
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Who, payload?: object, ip = '127.0.0.1') =>
  t.request({ method, url: `/api/v1${url}`, headers: who?.headers ?? {}, payload, remoteAddress: ip });

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/** A job with one item that needs a PDF proof, its contact, and version 1 of the proof uploaded. */
async function proofJob(opts: { accountId?: string; proof?: 'pdf' | 'none' } = {}) {
  const accountId = opts.accountId ?? (await buildAccount(t.db, { ownerId: am.userId })).id;
  const contact = await buildContact(t.db, {
    accountId,
    firstName: 'Zoë',
    lastName: 'Øster',
    emails: [`zoe.${accountId.slice(0, 8)}@client.example`],
  });
  const res = await call('POST', '/jobs', am, {
    accountId,
    contactId: contact.id,
    title: 'Gala invitations',
    ownerId: am.userId,
    dueDate: addDays(today, 30),
    items: [
      { productType: 'postcard', quantity: 500, description: 'Gala invitation', proof: opts.proof ?? 'pdf' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  const job: Job = res.json();
  const item = job.items[0]!;
  const file = await upload(job, 'invitation-proof.pdf', 'version one');
  return { job, item, contact, file, accountId };
}

async function upload(job: Job, name: string, text: string) {
  const res = await call('POST', `/jobs/${job.id}/files`, am, {
    itemId: job.items[0]!.id,
    kind: 'proof',
    filename: name,
    contentType: 'application/pdf',
    contentBase64: pdf(text).toString('base64'),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** Sends the proof and returns the token read from the e-mail queued to the contact. */
async function send(job: Job, fileId: string) {
  const res = await call('POST', `/jobs/${job.id}/proofs`, am, { itemId: job.items[0]!.id, fileId });
  expect(res.statusCode, res.body).toBe(201);
  const [mail] = await t.db
    .select()
    .from(mailMessages)
    .where(sql`${mailMessages.text} like ${`%${job.number}%`}`)
    .orderBy(desc(mailMessages.createdAt))
    .limit(1);
  const token = /\/proof\/(jjp_[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  return { proof: res.json() as SentProof, token, mail: mail! };
}

const itemOf = async (job: Job) => ((await call('GET', `/jobs/${job.id}`, am)).json() as Job).items[0]!;
const proofsOf = async (job: Job) =>
  (await call('GET', `/jobs/${job.id}/proofs`, am)).json().items as SentProof[];

describe('proofs clients approve', () => {
  it('e-mails a link to that proof version; the page shows only that proof and takes one decision', async () => {
    const { job, contact, file } = await proofJob();
    const { proof, token, mail } = await send(job, file.id);
    expect(mail.to).toBe(contact.emails[0]);
    expect(mail.subject).toContain(job.number);
    expect(proof).toMatchObject({ state: 'waiting', file: { version: 1 }, sentTo: contact.emails[0] });
    expect(Date.parse(proof.expiresAt) - Date.parse(proof.sentAt)).toBe(14 * 86_400_000);

    const page = await call('GET', `/proof-links/${token}`, null);
    expect(page.statusCode, page.body).toBe(200);
    // Nothing beyond that proof: no ids, no prices, no other items, no contact or owner.
    const shown =
      'accountName comment decidedAt decidedBy decidedVia decision expiresAt file itemTitle jobNumber sentAt state';
    expect(Object.keys(page.json()).sort()).toEqual(shown.split(' '));
    expect(page.json()).toMatchObject({
      jobNumber: job.number,
      itemTitle: 'Item 1: Gala invitation',
      accountName: job.account.name,
      file: { name: 'invitation-proof.pdf', version: 1, contentType: 'application/pdf' },
      state: 'waiting',
    });
    const bytes = await call('GET', `/proof-links/${token}/file`, null);
    expect(bytes.rawPayload.equals(pdf('version one'))).toBe(true);
    expect(bytes.headers['content-disposition']).toBe(
      `inline; filename="invitation-proof.pdf"; filename*=UTF-8''invitation-proof.pdf`,
    );

    const noName = await call('POST', `/proof-links/${token}/decision`, null, { decision: 'approved' });
    expect(noName.statusCode).toBe(400);
    const noComment = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'changes_requested',
      name: 'Zoë Øster',
    });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].path).toBe('body.comment');

    const approved = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë Øster',
      comment: 'Looks right',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', decidedBy: 'Zoë Øster', decidedVia: 'link' });
    expect(await itemOf(job)).toMatchObject({
      proofStatus: 'approved',
      proofDecidedBy: 'Zoë Øster',
      proofComment: 'Looks right',
    });

    // Used: the page shows the decision, read-only; a second decision is refused.
    const again = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'changes_requested',
      name: 'Someone else',
      comment: 'No',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already decided');
    expect((await call('GET', `/proof-links/${token}`, null)).json()).toMatchObject({
      state: 'approved',
      decidedBy: 'Zoë Øster',
    });

    // On the job's activity, the account's timeline and the account manager's notifications.
    const activity = (await call('GET', `/jobs/${job.id}/activity`, am)).json().items;
    const decided = activity.find((e: { action: string }) => e.action === 'job.proof.decided');
    expect(decided.summary).toContain('approved by Zoë Øster from the e-mailed link — Looks right');
    expect(activity.some((e: { action: string }) => e.action === 'job.proof.sent')).toBe(true);
    const timeline = (await call('GET', `/accounts/${job.account.id}/timeline`, am)).json().items;
    expect(timeline.some((e: { title: string }) => e.title.includes('approved by Zoë Øster'))).toBe(true);
    const notes = (await call('GET', '/notifications', am)).json().items;
    expect(
      notes.some((n: { title: string }) =>
        n.title.startsWith(`Proof approved: Proof invitation-proof.pdf v1 of ${job.number}`),
      ),
    ).toBe(true);
    expect((await proofsOf(job))[0]).toMatchObject({ state: 'approved', decidedVia: 'link' });
  });

  it('refuses bad and expired tokens', async () => {
    const unknown = await call('GET', `/proof-links/jjp_${'x'.repeat(43)}`, null);
    expect(unknown.statusCode).toBe(404);
    expect((await call('GET', '/proof-links/not%20a%20token', null)).statusCode).toBe(400);

    const { job, file } = await proofJob();
    const { token, proof } = await send(job, file.id);
    await t.db.execute(
      sql`update proof_links set expires_at = now() - interval '1 minute' where id = ${proof.id}`,
    );
    const expired = await call('GET', `/proof-links/${token}`, null);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toContain('expired');
    expect((await call('GET', `/proof-links/${token}/file`, null)).statusCode).toBe(404);
    const late = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë',
    });
    expect(late.statusCode).toBe(404);
    expect((await itemOf(job)).proofStatus).toBe('pending');
    expect((await proofsOf(job))[0]!.state).toBe('expired');
  });

  it('binds the decision to a file version: a new version reopens the item and the old link is refused', async () => {
    const { job, file } = await proofJob();
    const first = await send(job, file.id);
    const changes = await call('POST', `/proof-links/${first.token}/decision`, null, {
      decision: 'changes_requested',
      name: 'Zoë Øster',
      comment: 'The date is wrong',
    });
    expect(changes.statusCode, changes.body).toBe(200);
    expect((await itemOf(job)).proofStatus).toBe('changes_requested');

    const v2 = await upload(job, 'invitation-proof.pdf', 'version two');
    expect(v2.version).toBe(2);
    expect((await itemOf(job)).proofStatus).toBe('pending');
    // Version 1 can no longer be sent; a link to it that is still open can no longer decide.
    const stale = await call('POST', `/jobs/${job.id}/proofs`, am, {
      itemId: job.items[0]!.id,
      fileId: file.id,
    });
    expect(stale.statusCode).toBe(409);
    const second = await send(job, v2.id);
    const v3 = await upload(job, 'invitation-proof.pdf', 'version three');
    const superseded = await call('POST', `/proof-links/${second.token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë Øster',
    });
    expect(superseded.statusCode).toBe(409);
    expect(superseded.json().detail).toContain('replaced by a newer proof');
    expect((await call('GET', `/proof-links/${second.token}`, null)).json().state).toBe('superseded');

    const third = await send(job, v3.id);
    const ok = await call('POST', `/proof-links/${third.token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë Øster',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await proofsOf(job)).map((p) => [p.file.version, p.state])).toEqual([
      [3, 'approved'],
      [2, 'superseded'],
      [1, 'changes_requested'],
    ]);
    // An approved proof followed by a new version waits for approval again.
    await upload(job, 'invitation-proof.pdf', 'version four');
    expect((await itemOf(job)).proofStatus).toBe('pending');
  });

  it('refuses a decision once the item no longer needs a proof', async () => {
    const { job, file } = await proofJob();
    const { token } = await send(job, file.id);
    const changed = await call('PATCH', `/jobs/${job.id}/items/${job.items[0]!.id}`, am, { proof: 'none' });
    expect(changed.statusCode, changed.body).toBe(200);
    const late = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('This item no longer needs a proof');
    expect((await itemOf(job)).proofStatus).toBe('not_required');
  });

  it('prepress cannot finish before the item’s proof is approved', async () => {
    const { job, file } = await proofJob();
    const prepressOp = await t.signIn('production', { department: 'prepress' });
    const prepress = job.stages.find((s) => s.department.code === 'prepress')!;
    const move = (status: string) =>
      call('PATCH', `/jobs/${job.id}/stages/${prepress.id}`, prepressOp, { status });
    expect((await move('in_progress')).statusCode).toBe(200);
    const refused = await move('done');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      `Prepress of ${job.number} cannot finish before the proof is approved: item 1 (waiting for approval)`,
    );
    const { token } = await send(job, file.id);
    await call('POST', `/proof-links/${token}/decision`, null, { decision: 'approved', name: 'Zoë Øster' });
    const done = await move('done');
    expect(done.statusCode, done.body).toBe(200);

    const noProof = await proofJob({ proof: 'none' });
    const stage = noProof.job.stages.find((s) => s.department.code === 'prepress')!;
    const finished = await call('PATCH', `/jobs/${noProof.job.id}/stages/${stage.id}`, prepressOp, {
      status: 'done',
    });
    expect(finished.statusCode, finished.body).toBe(200);
  });

  it('of two decisions at once exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { job, file } = await proofJob();
      const { token } = await send(job, file.id);
      const [a, b] = await Promise.all([
        call('POST', `/proof-links/${token}/decision`, null, { decision: 'approved', name: 'Zoë' }),
        call('POST', `/proof-links/${token}/decision`, null, {
          decision: 'changes_requested',
          name: 'Ola',
          comment: 'Bigger logo',
        }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? a.json() : b.json();
      expect((await itemOf(job)).proofStatus).toBe(winner.state);
      const decisions = await t.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, job.id), eq(auditEvents.action, 'job.proof.decided')));
      expect(decisions).toHaveLength(1);
    }
  });

  it('stops guessing: 30 failed link requests from one address, then 429', async () => {
    const bad = `/proof-links/jjp_${'y'.repeat(43)}`;
    for (let i = 0; i < 30; i++)
      expect((await call('GET', bad, null, undefined, '10.9.9.9')).statusCode).toBe(404);
    const limited = await call('GET', bad, null, undefined, '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await call('GET', bad, null, undefined, '10.9.9.10')).statusCode).toBe(404);
  });
});

describe('proofs in the portal', () => {
  type PortalHeaders = { headers: Record<string, string> };
  async function portalSignIn(slug: string, email: string): Promise<PortalHeaders> {
    const res = await call('POST', `/portal/${slug}/auth/login`, null, { email, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
    return { headers: { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } };
  }
  async function portalWith(role: 'buyer' | 'viewer') {
    const portal: Portal = await buildPortal(t.db);
    const user = await buildPortalUser(t.db, portal.id, { role, password: PASSWORD });
    return { portal, who: await portalSignIn(portal.slug, user.email), name: user.name };
  }

  it('lists its own organisation’s proofs, hides others’ (404), and lets a buyer decide once', async () => {
    const mine = await portalWith('buyer');
    const other = await portalWith('buyer');
    const { job, file } = await proofJob({ accountId: mine.portal.account.id });
    const { token } = await send(job, file.id);

    const list = (await call('GET', `/portal/${mine.portal.slug}/proofs`, mine.who)).json()
      .items as PortalProof[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ jobNumber: job.number, state: 'waiting', file: { version: 1 } });
    const id = list[0]!.id;
    expect((await call('GET', `/portal/${other.portal.slug}/proofs`, other.who)).json().items).toEqual([]);
    const foreign = await call('POST', `/portal/${other.portal.slug}/proofs/${id}/decision`, other.who, {
      decision: 'approved',
    });
    expect(foreign.statusCode).toBe(404);
    expect((await call('GET', `/portal/${other.portal.slug}/proofs/${id}/file`, other.who)).statusCode).toBe(
      404,
    );

    const bytes = await call('GET', `/portal/${mine.portal.slug}/proofs/${id}/file`, mine.who);
    expect(bytes.rawPayload.equals(pdf('version one'))).toBe(true);

    const viewerUser = await buildPortalUser(t.db, mine.portal.id, { role: 'viewer', password: PASSWORD });
    const viewer = await portalSignIn(mine.portal.slug, viewerUser.email);
    const looked = await call('POST', `/portal/${mine.portal.slug}/proofs/${id}/decision`, viewer, {
      decision: 'approved',
    });
    expect(looked.statusCode).toBe(403);

    const decided = await call('POST', `/portal/${mine.portal.slug}/proofs/${id}/decision`, mine.who, {
      decision: 'approved',
      comment: 'Go ahead',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'approved', decidedBy: mine.name, decidedVia: 'portal' });
    expect(await itemOf(job)).toMatchObject({ proofStatus: 'approved', proofDecidedBy: mine.name });
    // The e-mailed link now shows that decision and takes no other.
    expect((await call('GET', `/proof-links/${token}`, null)).json()).toMatchObject({ state: 'approved' });
    const late = await call('POST', `/proof-links/${token}/decision`, null, {
      decision: 'approved',
      name: 'Zoë',
    });
    expect(late.statusCode).toBe(409);
    const again = await call('POST', `/portal/${mine.portal.slug}/proofs/${id}/decision`, mine.who, {
      decision: 'changes_requested',
      comment: 'Wait',
    });
    expect(again.statusCode).toBe(409);
    const notes = (await call('GET', '/notifications', am)).json().items;
    expect(
      notes.some((n: { title: string }) => n.title.includes(`approved by ${mine.name} in the portal`)),
    ).toBe(true);
  });

  it('the link and the portal deciding at the same moment: exactly one wins', async () => {
    const mine = await portalWith('buyer');
    const { job, file } = await proofJob({ accountId: mine.portal.account.id });
    const { token, proof } = await send(job, file.id);
    const [byLink, inPortal] = await Promise.all([
      call('POST', `/proof-links/${token}/decision`, null, { decision: 'approved', name: 'Zoë Øster' }),
      call('POST', `/portal/${mine.portal.slug}/proofs/${proof.id}/decision`, mine.who, {
        decision: 'changes_requested',
        comment: 'Wrong date',
      }),
    ]);
    expect([byLink.statusCode, inPortal.statusCode].sort()).toEqual([200, 409]);
    const winner = byLink.statusCode === 200 ? byLink.json() : inPortal.json();
    expect((await proofsOf(job))[0]).toMatchObject({ state: winner.state, decidedBy: winner.decidedBy });
  });
});
