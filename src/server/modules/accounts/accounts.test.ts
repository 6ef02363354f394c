import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { buildAccount, buildContact, buildJob } from '../../factories';
import { addDays } from '../../platform/calendar/working-days';
import { jobs } from '../jobs/tables';
import { conversations } from '../inbox/tables';

let t: TestApp;
let am: Session;

beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, s = am) =>
  t.request({ method: 'POST', url, payload: payload as object, headers: s.headers });
const get = (url: string, s = am) => t.request({ method: 'GET', url, headers: s.headers });

describe('accounts', () => {
  it('creates an account with the minimal body and answers 201 with its id', async () => {
    const res = await post('/api/v1/accounts', { name: 'Minimal Co', segment: 'corporate' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ name: 'Minimal Co', segment: 'corporate', status: 'active', addresses: [] });
    const again = await get(`/api/v1/accounts/${body.id}`);
    expect(again.json().name).toBe('Minimal Co');
  });

  it('keeps addresses with one default each and cost centres', async () => {
    const res = await post('/api/v1/accounts', {
      name: 'Dept of Parks',
      segment: 'state',
      poRequired: true,
      addresses: [
        {
          kind: 'billing',
          line1: '1 Main St',
          city: 'Austin',
          region: 'TX',
          postalCode: '78701',
          isDefault: true,
        },
        {
          kind: 'shipping',
          line1: '2 Dock Rd',
          city: 'Austin',
          region: 'TX',
          postalCode: '78702',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Marketing', code: 'MKT' }],
    });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a.addresses).toHaveLength(2);
    expect(a.costCentres[0]).toMatchObject({ code: 'MKT' });
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.id}`,
      headers: am.headers,
      payload: { addresses: [a.addresses[0]], status: 'on_hold' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().addresses).toHaveLength(1);
    expect(patched.json().addresses[0].id).toBe(a.addresses[0].id);
    expect(patched.json().status).toBe('on_hold');
  });

  it('rejects two default billing addresses and writes nothing', async () => {
    const addr = {
      kind: 'billing',
      line1: '1 Main St',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      isDefault: true,
    };
    const res = await post('/api/v1/accounts', {
      name: 'Two Defaults Inc',
      segment: 'corporate',
      addresses: [addr, addr],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const list = await get('/api/v1/accounts?q=Two%20Defaults');
    expect(list.json().items).toHaveLength(0);
  });

  it('answers problem+json naming the field for a wrong type and an unknown field', async () => {
    const wrongType = await post('/api/v1/accounts', { name: 42, segment: 'corporate' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].path).toContain('name');
    const unknown = await post('/api/v1/accounts', { name: 'X', segment: 'corporate', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('colour');
    const badSegment = await post('/api/v1/accounts', { name: 'X', segment: 'government' });
    expect(badSegment.json().errors[0].path).toBe('body.segment');
  });

  it('refuses a second account with the same name', async () => {
    await buildAccount(t.db, { name: 'Unique Name LLC' });
    const res = await post('/api/v1/accounts', { name: 'unique name llc', segment: 'other' });
    expect(res.statusCode).toBe(409);
  });

  it('finds accounts by account name, contact name and contact e-mail', async () => {
    const a = await buildAccount(t.db, { name: 'Zephyr Searchable Holdings' });
    await buildContact(t.db, {
      accountId: a.id,
      firstName: 'Quentin',
      lastName: 'Marlowe',
      emails: ['qm@zephyr-x.example'],
    });
    for (const q of ['zephyr search', 'Marlowe', 'qm@zephyr-x', 'QUENTIN']) {
      const res = await get(`/api/v1/accounts?q=${encodeURIComponent(q)}`);
      expect(
        res.json().items.map((i: { id: string }) => i.id),
        q,
      ).toContain(a.id);
    }
    const sqlish = await get(`/api/v1/accounts?q=${encodeURIComponent("'; drop table accounts; --")}`);
    expect(sqlish.statusCode).toBe(200);
    expect(sqlish.json().items).toEqual([]);
    const percent = await get(`/api/v1/accounts?q=${encodeURIComponent('%')}`);
    expect(percent.json().items).toEqual([]);
  });

  it('pages through the list with a cursor without repeats', async () => {
    const tag = `page${Date.now()}`;
    for (let i = 0; i < 7; i++) await buildAccount(t.db, { name: `Paged ${i} ${tag}`, tags: [tag] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/accounts?tag=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(url)).json();
      seen.push(...page.items.map((i: { name: string }) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...Array(7).keys()].map((i) => `Paged ${i} ${tag}`));
    const bad = await get('/api/v1/accounts?cursor=garbage');
    expect(bad.statusCode).toBe(400);
  });

  it('filters "my accounts" for the signed-in account manager', async () => {
    const mine = await post('/api/v1/accounts', {
      name: `Mine ${Date.now()}`,
      segment: 'education',
      ownerId: am.userId,
    });
    const res = await get('/api/v1/accounts?owner=me&limit=200');
    const ids = res.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine.json().id);
    expect(res.json().items.every((i: { owner: { id: string } }) => i.owner.id === am.userId)).toBe(true);
  });

  it('archives with DELETE: gone from the list, still readable, and on the timeline', async () => {
    const a = await buildAccount(t.db, { name: 'Archive Me Corp' });
    const del = await t.request({ method: 'DELETE', url: `/api/v1/accounts/${a.id}`, headers: am.headers });
    expect(del.statusCode).toBe(200);
    expect(del.json().archivedAt).not.toBeNull();
    expect((await get('/api/v1/accounts?q=Archive%20Me')).json().items).toHaveLength(0);
    const timeline = (await get(`/api/v1/accounts/${a.id}/timeline`)).json().items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['account.archive', 'account.create']);
  });

  it('answers 404 problem for an unknown account and 400 for a malformed id', async () => {
    const missing = await get('/api/v1/accounts/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().title).toBe('Not found');
    expect((await get('/api/v1/accounts/not-a-uuid')).statusCode).toBe(400);
  });

  it('lets production staff read but not change accounts', async () => {
    const press = await t.signIn('production', { department: 'press' });
    expect((await get('/api/v1/accounts', press)).statusCode).toBe(200);
    const res = await post('/api/v1/accounts', { name: 'Nope', segment: 'other' }, press);
    expect(res.statusCode).toBe(403);
  });
});

describe('timeline', () => {
  it('pages newest first without gaps, even for events written in one transaction', async () => {
    const a = await t.db.transaction(async (db) => {
      const account = await buildAccount(db, { name: `Timeline ${Date.now()}` });
      for (let i = 1; i <= 4; i++)
        await buildContact(db, { accountId: account.id, firstName: `C${i}`, lastName: 'Same Moment' });
      return account;
    });
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/accounts/${a.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(url)).json();
      titles.push(...page.items.map((e: { title: string }) => e.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(titles).toEqual([
      'Added contact C4 Same Moment',
      'Added contact C3 Same Moment',
      'Added contact C2 Same Moment',
      'Added contact C1 Same Moment',
      `Created account ${a.name}`,
    ]);
  });
});

describe('contacts', () => {
  it('adds contacts, keeps a single primary, and archives with DELETE', async () => {
    const a = await buildAccount(t.db);
    const first = await post(`/api/v1/accounts/${a.id}/contacts`, {
      firstName: 'Ada',
      lastName: 'Byron',
      emails: ['ada@example.com'],
      isPrimary: true,
    });
    expect(first.statusCode).toBe(201);
    const second = await post(`/api/v1/accounts/${a.id}/contacts`, {
      firstName: 'Bob',
      lastName: 'Stone',
      roles: ['billing'],
      isPrimary: true,
    });
    const list = (await get(`/api/v1/accounts/${a.id}/contacts`)).json().items;
    expect(list.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { id: string }) => c.id)).toEqual([
      second.json().id,
    ]);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/contacts/${first.json().id}`,
      headers: am.headers,
      payload: { title: 'Director' },
    });
    expect(patch.json().title).toBe('Director');
    const del = await t.request({
      method: 'DELETE',
      url: `/api/v1/contacts/${first.json().id}`,
      headers: am.headers,
    });
    expect(del.json().archivedAt).not.toBeNull();
    expect((await get(`/api/v1/accounts/${a.id}/contacts`)).json().items).toHaveLength(1);
    const account = (await get(`/api/v1/accounts/${a.id}`)).json();
    expect(account.primaryContact.id).toBe(second.json().id);
  });

  it('keeps exactly one primary contact when several are added at once', async () => {
    const a = await buildAccount(t.db);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        post(`/api/v1/accounts/${a.id}/contacts`, { firstName: `P${n}`, lastName: 'Race', isPrimary: true }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const list = (await get(`/api/v1/accounts/${a.id}/contacts`)).json().items;
    expect(list.filter((c: { isPrimary: boolean }) => c.isPrimary)).toHaveLength(1);
  });

  it('rejects an invalid e-mail with the field path', async () => {
    const a = await buildAccount(t.db);
    const res = await post(`/api/v1/accounts/${a.id}/contacts`, {
      firstName: 'A',
      lastName: 'B',
      emails: ['nope'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.emails.0');
  });

  it('answers 404 for a contact on an unknown account', async () => {
    const res = await post('/api/v1/accounts/00000000-0000-4000-8000-000000000000/contacts', {
      firstName: 'A',
      lastName: 'B',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('the account list', () => {
  it('answers every combination of its filters and sorts, page by page, with the accounts that match', async () => {
    const tag = `combo${Date.now()}`;
    const other = await t.signIn('account_manager');
    const make = (name: string, over: object) =>
      buildAccount(t.db, { name: `${name} ${tag}`, tags: [tag], ...over });
    const zoe = await make('Zoë Øster', { segment: 'state', status: 'active', ownerId: am.userId });
    const nguyen = await make('Nguyễn Print', { segment: 'education', status: 'on_hold', ownerId: null });
    const plain = await make('Plain', { segment: 'corporate', status: 'active', ownerId: other.userId });
    const gone = await make('Zoë Gone', { segment: 'state', status: 'active', ownerId: am.userId });
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/accounts/${gone.id}`, headers: am.headers }))
        .statusCode,
    ).toBe(200);
    await buildContact(t.db, { accountId: plain.id, firstName: 'Øyvind', lastName: `Contact ${tag}` });
    // The list, read two at a time: the cursor's sort key must carry each page to the next.
    const all = async (query: string) => {
      const found: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/api/v1/accounts?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
        found.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor);
      return found.map((a) => a.id);
    };
    const byName = (...list: { id: string; name: string }[]) =>
      [...list].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((a) => a.id);
    const cases: [string, string[]][] = [
      [`tag=${tag}`, byName(nguyen, plain, zoe)],
      [`tag=${tag}&archived=include`, byName(nguyen, plain, gone, zoe)],
      [`tag=${tag}&archived=include&sort=-name`, byName(nguyen, plain, gone, zoe).reverse()],
      [`tag=${tag}&archived=only`, [gone.id]],
      [`tag=${tag}&segment=state`, [zoe.id]],
      [`tag=${tag}&status=active&owner=me`, [zoe.id]],
      [`tag=${tag}&owner=none`, [nguyen.id]],
      [`tag=${tag}&owner=${other.userId}`, [plain.id]],
      [`q=${encodeURIComponent('øyvind')}&tag=${tag}`, [plain.id]],
      [`q=${encodeURIComponent('NGUYỄN PRINT ' + tag)}`, [nguyen.id]],
    ];
    // Each twice: the second run reuses the prepared statement of its shape with other values in between.
    for (const round of [1, 2])
      for (const [query, expected] of cases)
        expect(await all(query), `${query} (round ${round})`).toEqual(expected);
    // Most recently changed first: the archived one was changed last.
    const recent = await all(`tag=${tag}&sort=-updated&archived=include`);
    expect(recent[0]).toBe(gone.id);
    expect([...recent].sort()).toEqual([gone.id, plain.id, nguyen.id, zoe.id].sort());
    const forged = Buffer.from(JSON.stringify(['not a moment', zoe.id])).toString('base64url');
    const bad = await get(`/api/v1/accounts?sort=-updated&cursor=${forged}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('cursor');
  });

  it('shows each account its own open jobs, late jobs and open queries, also many on one page', async () => {
    const tag = `health-${randomUUID().slice(0, 8)}`;
    const quiet = await buildAccount(t.db, { name: `Zoë Øster Quiet ${tag}`, tags: [tag] });
    const busy = await buildAccount(t.db, { name: `Nguyễn Busy ${tag}`, tags: [tag] });
    const today = new Date().toISOString().slice(0, 10);
    await buildJob(t.db, { accountId: busy.id });
    await buildJob(t.db, { accountId: busy.id });
    const done = await buildJob(t.db, { accountId: busy.id });
    await t.db.update(jobs).set({ status: 'completed' }).where(eq(jobs.id, done.id));
    const late = await buildJob(t.db, { accountId: busy.id, dueDate: addDays(today, 30) });
    await t.db.update(jobs).set({ risk: 'late' }).where(eq(jobs.id, late.id));
    const query = (status: 'open' | 'resolved', subject: string) => ({
      accountId: busy.id,
      subject,
      status,
      replyToken: randomUUID(),
      lastMessageAt: new Date(),
    });
    await t.db.insert(conversations).values([query('open', 'Proof?'), query('resolved', 'Thanks')]);

    const items = (await get(`/api/v1/accounts?tag=${tag}&sort=name`)).json().items;
    expect(items.map((a: { name: string; health: object }) => [a.name, a.health])).toEqual([
      [busy.name, { openJobs: 3, lateJobs: 1, openQueries: 1, lastContactAt: null }],
      [quiet.name, { openJobs: 0, lateJobs: 0, openQueries: 0, lastContactAt: null }],
    ]);
    expect((await get(`/api/v1/accounts/${busy.id}`)).json().health).toMatchObject({
      openJobs: 3,
      lateJobs: 1,
      openQueries: 1,
    });
  });
});
