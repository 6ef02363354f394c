import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildContact } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';

let t: TestApp;
let am: Session;
const today = todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const post = (url: string, payload: object, s = am) =>
  t.request({ method: 'POST', url, payload, headers: s.headers });
const patch = (url: string, payload: object, s = am) =>
  t.request({ method: 'PATCH', url, payload, headers: s.headers });
const get = (url: string, s = am) => t.request({ method: 'GET', url, headers: s.headers });

async function newJob(over: object = {}) {
  const account = await buildAccount(t.db, { ownerId: am.userId });
  const res = await post('/api/v1/jobs', {
    accountId: account.id,
    title: 'Spring newsletter',
    dueDate: addDays(today, 30),
    items: [
      { productType: 'booklet', quantity: 5000, pages: 16, spec: { inks: { front: 4, back: 4 } } },
      { productType: 'envelope', quantity: 5000 },
    ],
    ...over,
  });
  return { account, res };
}

describe('jobs', () => {
  it('creates a numbered job from the minimal body with stages planned back from the due date', async () => {
    const { res, account } = await newJob();
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json();
    expect(job.number).toMatch(new RegExp(`^J-${today.slice(0, 4)}-\\d{5}$`));
    expect(job.owner.id).toBe(am.userId);
    expect(job.items).toHaveLength(2);
    expect(job.stages.map((s: { department: { code: string } }) => s.department.code)).toEqual([
      'prepress',
      'press',
      'bindery',
      'shipping',
      'prepress',
      'press',
      'shipping',
    ]);
    for (const s of job.stages) expect(s.plannedEnd < job.dueDate).toBe(true);
    expect(job.risk).toBe('on_track');
    const activity = (await get(`/api/v1/jobs/${job.id}/activity`)).json().items;
    expect(activity.map((e: { action: string }) => e.action)).toContain('job.create');
    const timeline = (await get(`/api/v1/accounts/${account.id}/timeline`)).json().items;
    expect(timeline[0].title).toContain(job.number);
    expect((await get(`/api/v1/accounts/${account.id}`)).json().health).toMatchObject({
      openJobs: 1,
      lateJobs: 0,
    });
  });

  it('numbers jobs one after another', async () => {
    const a = (await newJob()).res.json().number;
    const b = (await newJob()).res.json().number;
    expect(Number(b.slice(-5))).toBe(Number(a.slice(-5)) + 1);
  });

  it('saves a job due too soon, marked at risk with a visible warning', async () => {
    const { res } = await newJob({ dueDate: addDays(today, 1) });
    expect(res.statusCode).toBe(201);
    expect(res.json().risk).toBe('at_risk');
    expect(res.json().warnings.join(' ')).toMatch(/at risk/i);
  });

  it.each([
    ['a due date before today', { dueDate: addDays(today, -1) }, 'body.dueDate|dueDate'],
    ['a negative quantity', { items: [{ productType: 'postcard', quantity: -5 }] }, 'body.items.0.quantity'],
    ['no items', { items: [] }, 'body.items'],
    [
      'an unknown product type',
      { items: [{ productType: 'hologram', quantity: 1 }] },
      // Codes are data now (product types an admin defines): the service checks it, as it does the due date.
      'items.0.productType',
    ],
  ])('rejects %s with a 400 naming the field', async (_label, over, path) => {
    const { res } = await newJob(over);
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .join(' '),
    ).toMatch(new RegExp(path));
  });

  it('requires a PO number when the account says so', async () => {
    const account = await buildAccount(t.db, { poRequired: true });
    const body = {
      accountId: account.id,
      title: 'Forms',
      dueDate: addDays(today, 20),
      items: [{ productType: 'flat_sheet', quantity: 100 }],
    };
    const res = await post('/api/v1/jobs', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('clientPo');
    expect((await post('/api/v1/jobs', { ...body, clientPo: 'PO-7781' })).statusCode).toBe(201);
  });

  it("refuses another account's contact", async () => {
    const other = await buildContact(t.db);
    const { res } = await newJob({ contactId: other.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('contactId');
  });

  it('moves stages in order; production moves only its own department; the job follows', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const job = (
      await post('/api/v1/jobs', {
        accountId: account.id,
        title: 'Cards',
        dueDate: addDays(today, 20),
        items: [{ productType: 'envelope', quantity: 500, proof: 'none' }],
      })
    ).json();
    const [prepress, press, shipping] = job.stages;
    const url = (s: { id: string }) => `/api/v1/jobs/${job.id}/stages/${s.id}`;
    const pressOp = await t.signIn('production', { department: 'press' });
    const prepressOp = await t.signIn('production', { department: 'prepress' });

    const outOfOrder = await patch(url(press), { status: 'in_progress' }, pressOp);
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json().detail).toContain('must be done');
    expect((await patch(url(prepress), { status: 'in_progress' }, pressOp)).statusCode).toBe(403);

    const started = await patch(url(prepress), { status: 'in_progress' }, prepressOp);
    expect(started.json().status).toBe('in_production');
    const finished = await patch(url(prepress), { status: 'done' }, prepressOp);
    expect(finished.json().stages[1].status).toBe('ready');

    const blocked = await patch(url(press), { status: 'blocked' }, pressOp);
    expect(blocked.statusCode).toBe(400);
    expect(
      (await patch(url(press), { status: 'blocked', blockedReason: 'Paper not in' }, pressOp)).json()
        .stages[1].blockedReason,
    ).toBe('Paper not in');
    await patch(url(press), { status: 'in_progress' }, pressOp);
    await patch(url(press), { status: 'done' }, pressOp);
    const done = await patch(url(shipping), { status: 'done' }, am);
    expect(done.json().status).toBe('completed');

    const queue = (await get(`/api/v1/departments/${press.department.id}/queue`, pressOp)).json().items;
    expect(queue.some((e: { job: { id: string } }) => e.job.id === job.id)).toBe(false);
  });

  it("lists a department's queue by planned end and filters the job list", async () => {
    const { res } = await newJob({ title: 'Queue check' });
    const job = res.json();
    const pressId = job.stages[1].department.id;
    const queue = (await get(`/api/v1/departments/${pressId}/queue`)).json().items;
    expect(queue.some((e: { job: { id: string } }) => e.job.id === job.id)).toBe(true);
    const ends = queue.map((e: { stage: { plannedEnd: string } }) => e.stage.plannedEnd);
    expect([...ends].sort()).toEqual(ends);
    const mine = (await get(`/api/v1/jobs?owner=me&q=${encodeURIComponent('queue check')}`)).json().items;
    expect(mine.map((j: { id: string }) => j.id)).toContain(job.id);
    const byNumber = (await get(`/api/v1/jobs?q=${job.number}`)).json().items;
    expect(byNumber).toHaveLength(1);
  });

  it('re-plans when the due date moves, and needs a reason to put a job on hold', async () => {
    const job = (await newJob()).res.json();
    const moved = await patch(`/api/v1/jobs/${job.id}`, { dueDate: addDays(today, 60) });
    expect(moved.json().stages[0].plannedStart > job.stages[0].plannedStart).toBe(true);
    expect((await patch(`/api/v1/jobs/${job.id}`, { status: 'on_hold' })).statusCode).toBe(400);
    const held = await patch(`/api/v1/jobs/${job.id}`, {
      status: 'on_hold',
      statusReason: 'Client reviewing copy',
    });
    expect(held.json().status).toBe('on_hold');
    expect((await patch(`/api/v1/jobs/${job.id}`, { status: 'closed' })).statusCode).toBe(409);
  });

  it('copies a job as a reorder', async () => {
    const job = (await newJob()).res.json();
    const copy = await post(`/api/v1/jobs/${job.id}/copy`, { dueDate: addDays(today, 40) });
    expect(copy.statusCode).toBe(201);
    expect(copy.json().number).not.toBe(job.number);
    expect(copy.json().items.map((i: { productType: string }) => i.productType)).toEqual([
      'booklet',
      'envelope',
    ]);
  });

  it('tells the account manager once when a job becomes at risk', async () => {
    await t.ctx.queue.work();
    const account = await buildAccount(t.db, { ownerId: am.userId });
    await post('/api/v1/jobs', {
      accountId: account.id,
      title: 'Rush flyers',
      dueDate: addDays(today, 1),
      items: [{ productType: 'flat_sheet', quantity: 100 }],
    });
    const admin = await t.signIn('admin');
    let alerts: { subject: string }[] = [];
    for (let i = 0; i < 50 && alerts.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = (await get('/api/v1/mail-messages?limit=200', admin))
        .json()
        .items.filter(
          (m: { to: string; subject: string }) => m.to === am.email && m.subject.includes('Rush flyers'),
        );
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toMatch(/At risk/);
    const inApp = (await get('/api/v1/notifications')).json().items;
    expect(inApp.some((n: { kind: string }) => n.kind === 'job.at_risk')).toBe(true);
  });

  it('records a proof decision and shows the job on My day while proofs wait', async () => {
    const job = (await newJob({ dueDate: addDays(today, 3) })).res.json();
    const day = (await get('/api/v1/my-day')).json();
    expect(day.dueThisWeek.map((j: { id: string }) => j.id)).toContain(job.id);
    expect(day.awaitingProof.find((j: { id: string }) => j.id === job.id).items).toBe(2);
    const url = `/api/v1/jobs/${job.id}/items/${job.items[0].id}/proof`;
    const decided = await patch(url, {
      status: 'approved',
      decidedBy: 'Jane Client',
      comment: 'Looks great',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().items[0]).toMatchObject({ proofStatus: 'approved', proofDecidedBy: 'Jane Client' });
    const after = (await get('/api/v1/my-day')).json();
    expect(after.awaitingProof.find((j: { id: string }) => j.id === job.id).items).toBe(1);
    expect((await patch(url, { status: 'maybe', decidedBy: 'x' })).statusCode).toBe(400);
  });

  it('keeps comments and e-mails the people they mention', async () => {
    const job = (await newJob()).res.json();
    const press = await t.signIn('production', { department: 'press' });
    const handle = press.email.split('@')[0];
    const res = await post(`/api/v1/jobs/${job.id}/comments`, {
      body: `@${handle} can we gang this with the Friday run?`,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mentions).toHaveLength(1);
    const list = (await get(`/api/v1/jobs/${job.id}/comments`, press)).json().items;
    expect(list.at(-1).body).toContain('Friday run');
    const admin = await t.signIn('admin');
    const mail = (await get('/api/v1/mail-messages?limit=200', admin)).json().items;
    expect(
      mail.some(
        (m: { to: string; subject: string }) => m.to === press.email && m.subject.includes('mentioned you'),
      ),
    ).toBe(true);
    const inbox = (await get('/api/v1/notifications', press)).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'job.mention', link: `/jobs/${job.id}` });
    const notRead = await post(`/api/v1/notifications/${inbox.items[0].id}/read`, {});
    expect(notRead.statusCode).toBe(404);
    expect((await post(`/api/v1/notifications/${inbox.items[0].id}/read`, {}, press)).statusCode).toBe(200);
    expect((await get('/api/v1/notifications', press)).json().unread).toBe(0);
  });

  it('keeps versions of artwork per item and serves the bytes back', async () => {
    const job = (await newJob()).res.json();
    const itemId = job.items[0].id;
    const upload = (text: string, over: object = {}) =>
      post(`/api/v1/jobs/${job.id}/files`, {
        itemId,
        kind: 'artwork',
        filename: 'cover.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from(text).toString('base64'),
        ...over,
      });
    expect((await upload('%PDF-1 first')).json().version).toBe(1);
    const second = await upload('%PDF-1 second');
    expect(second.json()).toMatchObject({ version: 2, size: 13, kind: 'artwork' });
    const list = (await get(`/api/v1/jobs/${job.id}/files`)).json().items;
    expect(list.map((f: { version: number }) => f.version)).toEqual([2, 1]);
    const download = await get(`/api/v1/jobs/${job.id}/files/${second.json().id}/content`);
    expect(download.body).toBe('%PDF-1 second');
    expect(download.headers['content-disposition']).toContain('cover.pdf');

    expect((await upload('x', { kind: 'poster' })).statusCode).toBe(400);
    expect((await upload('x', { filename: '../../etc/passwd' })).statusCode).toBe(400);
    const other = await buildContact(t.db);
    expect((await upload('x', { itemId: other.id })).json().errors[0].path).toBe('itemId');
    const otherJob = (await newJob()).res.json();
    const foreign = await get(`/api/v1/jobs/${otherJob.id}/files/${second.json().id}/content`);
    expect(foreign.statusCode).toBe(404);
  });

  it('saves a job as a template and starts a new job from it', async () => {
    const { res, account } = await newJob();
    const saved = await post('/api/v1/job-templates', {
      name: 'Quarterly newsletter',
      fromJobId: res.json().id,
    });
    expect(saved.statusCode).toBe(201);
    const listed = (await get(`/api/v1/job-templates?accountId=${account.id}`)).json().items;
    expect(listed.map((t: { id: string }) => t.id)).toContain(saved.json().id);
    const job = await post(`/api/v1/job-templates/${saved.json().id}/jobs`, {
      accountId: account.id,
      dueDate: addDays(today, 50),
    });
    expect(job.statusCode).toBe(201);
    expect(job.json().items.map((i: { productType: string }) => i.productType)).toEqual([
      'booklet',
      'envelope',
    ]);
    const other = await buildAccount(t.db);
    const wrong = await post(`/api/v1/job-templates/${saved.json().id}/jobs`, {
      accountId: other.id,
      dueDate: addDays(today, 50),
    });
    expect(wrong.statusCode).toBe(400);
  });

  it('edits a route: adds a stage after another and removes one that has not started', async () => {
    const job = (await newJob()).res.json();
    const [prepress, press] = job.stages;
    const bindery = job.stages[2].department.id;
    const added = await post(`/api/v1/jobs/${job.id}/stages`, {
      afterStageId: press.id,
      departmentId: bindery,
      name: 'UV coat',
      standardHours: 16,
    });
    expect(added.statusCode, added.body).toBe(201);
    const names = added.json().stages.map((s: { name: string }) => s.name);
    expect(names.slice(0, 4)).toEqual([prepress.name, press.name, 'UV coat', job.stages[2].name]);
    const uv = added.json().stages[2];
    expect(uv.plannedStart > press.plannedEnd || uv.plannedStart >= added.json().stages[1].plannedEnd).toBe(
      true,
    );
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/jobs/${job.id}/stages/${uv.id}`,
      headers: am.headers,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().stages.map((s: { name: string }) => s.name)).toEqual(
      job.stages.map((s: { name: string }) => s.name),
    );
    const prepressOp = await t.signIn('production', { department: 'prepress' });
    await patch(`/api/v1/jobs/${job.id}/stages/${prepress.id}`, { status: 'in_progress' }, prepressOp);
    const started = await t.request({
      method: 'DELETE',
      url: `/api/v1/jobs/${job.id}/stages/${prepress.id}`,
      headers: am.headers,
    });
    expect(started.statusCode).toBe(409);
    const badDept = await post(`/api/v1/jobs/${job.id}/stages`, {
      afterStageId: press.id,
      departmentId: am.userId,
      name: 'X',
      standardHours: 1,
    });
    expect(badDept.json().errors[0].path).toBe('departmentId');
  });
});

describe('the job list', () => {
  type Row = { id: string; number: string; title: string; status: string; risk: string; dueDate: string };
  type Full = Row & {
    account: { id: string };
    owner: { id: string } | null;
    stages: { department: { id: string; code: string }; status: string }[];
  };
  const all = async (query: string, s = am) => {
    const found: Row[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/jobs?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`, s);
      expect(res.statusCode, res.body).toBe(200);
      found.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return found.map((j) => j.id).sort();
  };

  it('answers every combination of its filters, page by page, with the jobs that match', async () => {
    // Two AMs of their own: the other tests' jobs are the first AM's.
    const me = await t.signIn('account_manager');
    const other = await t.signIn('account_manager');
    const made: Full[] = [];
    for (const [i, title] of ['Zoë Øster flyers', 'Nguyễn menus', 'Zoë posters', 'Plain cards'].entries()) {
      const { res } = await newJob({ title, ownerId: me.userId, dueDate: addDays(today, 20 + i * 3) });
      made.push(res.json());
    }
    // Another AM's job on the first job's account.
    const theirs = await post(
      '/api/v1/jobs',
      {
        accountId: made[0]!.account.id,
        ownerId: other.userId,
        title: 'Zoë banners',
        dueDate: addDays(today, 22),
        items: [{ productType: 'envelope', quantity: 100 }],
      },
      other,
    );
    expect(theirs.statusCode, theirs.body).toBe(201);
    made.push(theirs.json());
    const ids = (rows: Full[]) => rows.map((j) => j.id).sort();
    const mine = made.filter((j) => j.owner?.id === me.userId);
    const bindery = made[0]!.stages.find((s) => s.department.code === 'bindery')!.department.id;
    const cases: [string, Full[]][] = [
      ['owner=me&q=zo%C3%AB', mine.filter((j) => j.title.includes('Zoë'))],
      [`owner=${other.userId}`, [made[4]!]],
      [`accountId=${made[0]!.account.id}`, [made[0]!, made[4]!]],
      [`accountId=${made[0]!.account.id}&owner=me`, [made[0]!]],
      [`dueFrom=${addDays(today, 22)}&dueTo=${addDays(today, 26)}&owner=me`, [made[1]!, made[2]!]],
      [
        `departmentId=${bindery}&owner=me&q=zo%C3%AB`,
        mine.filter((j) => j.title.includes('Zoë') && j.stages.some((s) => s.department.id === bindery)),
      ],
      ['q=NGUY%E1%BB%84N', [made[1]!]],
      ['owner=me&status=in_production', []],
      ['owner=me&risk=on_track&q=plain', [made[3]!]],
    ];
    // Each twice: the second run reuses the prepared statement of its filters with other values in between.
    for (const round of [1, 2])
      for (const [query, expected] of cases)
        expect(await all(query, me), `${query} (round ${round})`).toEqual(ids(expected));
  });
});
