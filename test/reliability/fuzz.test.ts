import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  buildInventoryItem,
  buildJob,
  buildMaterial,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
  buildVendor,
  buildContact,
} from '../../src/server/factories';
import { login } from '../../src/server/modules/users/auth';
import { portalLogin } from '../../src/server/modules/portals/users';
import { getAccount } from '../../src/server/modules/accounts/service';
import { createTestApp, PASSWORD } from '../helpers/app';
import {
  arbitraryOf,
  BAD_IDS,
  badQueryValues,
  deepJson,
  deepObjectJson,
  harvestIds,
  malformedBodies,
  operationsOf,
  responseChecker,
  type IdPool,
  type OpenApiDoc,
  type Operation,
  type Schema,
} from '../helpers/openapi-fuzz';

/**
 * Schema fuzzing of the whole API. For every operation of /api/openapi.json (new ones are covered without
 * editing this file) it sends generated valid input and malformed input as a signed-in admin, or as a
 * portal user for portal operations, and holds the server to three promises: no 5xx; every 4xx is
 * problem+json with a `code` and a `detail`; every 2xx matches its documented response schema.
 *
 *   FUZZ_SEED=123 FUZZ_RUNS=50 npx vitest run --project api test/reliability/fuzz.test.ts
 *   npm run test:fuzz:long            # many more cases, random seed unless FUZZ_SEED is given
 */
const LONG = process.env.FUZZ_LONG === '1';
const RUNS = Number(process.env.FUZZ_RUNS ?? (LONG ? 40 : 2));
const SEED = Number(process.env.FUZZ_SEED ?? (LONG ? Date.now() % 2 ** 31 : 20_240_601));

const t = await createTestApp();
afterAll(() => t.close());
const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDoc;
const operations = order(operationsOf(doc));
const checkResponse = responseChecker();
const pool: IdPool = new Map();
const stats = { operations: 0, cases: 0, failures: 0, byStatus: new Map<number, number>() };

/** Reads first, writes next, then deletions and sign-outs, so each stage still finds something to act on. */
function order(ops: Operation[]) {
  const rank = (o: Operation) =>
    o.path.endsWith('/logout') ? 4 : o.method === 'GET' ? 0 : o.method === 'DELETE' ? 3 : 1;
  return [...ops].sort((a, b) => rank(a) - rank(b));
}

// --- the world the fuzzer acts on -------------------------------------------------------------------

async function buildWorld() {
  const portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  await buildContact(t.db, { accountId: account.id });
  const item = await buildInventoryItem(t.db, account.id, { onHand: 10_000 });
  const product = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    productType: null,
  });
  const portalUser = await buildPortalUser(t.db, portal.id, { role: 'approver' });
  return { portal, account, product, portalUser };
}
let world = await buildWorld();
// Once, at the start: later cases may rename or retire the departments a job's route needs.
await buildJob(t.db, { accountId: world.account.id });
await buildVendor(t.db);
await buildMaterial(t.db, { onHand: 1000 });

let staff: Record<string, string> = {};
let portalHeaders: Record<string, string> = {};

/** A signed-in admin (through the service, so the per-address sign-in limit is not spent on it). */
async function ensureStaff() {
  const me = staff.cookie ? await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: staff }) : null;
  if (me?.statusCode === 200 && me.json().user.role === 'admin' && me.json().user.active !== false) return;
  const user = await buildUser(t.db, { role: 'admin' });
  const s = await login({ db: t.db, email: user.email, password: PASSWORD });
  staff = { cookie: `jj_session=${s.token}`, 'x-csrf-token': s.csrfToken };
}

async function ensurePortal() {
  let slug = world.portal.slug;
  const me = portalHeaders.cookie
    ? await t.request({ method: 'GET', url: `/api/v1/portal/${slug}/auth/me`, headers: portalHeaders })
    : null;
  if (me?.statusCode !== 200) {
    // Earlier cases may have locked or deactivated the user, or the portal: then a fresh one.
    const s = await portalLogin(t.db, slug, world.portalUser.email, PASSWORD).catch(async () => {
      world = await buildWorld();
      return portalLogin(t.db, world.portal.slug, world.portalUser.email, PASSWORD);
    });
    portalHeaders = { cookie: `jj_portal=${s.token}`, 'x-csrf-token': s.csrfToken };
    slug = world.portal.slug;
  }
  // Keep something in the cart and an order to act on: earlier cases may have checked out or emptied it.
  await t.request({
    method: 'POST',
    url: `/api/v1/portal/${slug}/cart/lines`,
    headers: portalHeaders,
    payload: { productId: world.product.id, quantity: 1 },
  });
}

async function placePortalOrder() {
  await ensurePortal();
  await t.request({
    method: 'POST',
    url: `/api/v1/portal/${world.portal.slug}/checkout`,
    headers: portalHeaders,
    payload: {
      costCentreId: world.account.costCentres[0]!.id,
      shipToAddressId: world.account.addresses[0]!.id,
    },
  });
  await ensurePortal();
}

const headersFor = (op: Operation) =>
  op.roles === 'public' ? {} : op.roles === 'portal' ? portalHeaders : staff;

// --- sending and judging ----------------------------------------------------------------------------

type Case = { label: string; url: string; method: string; payload?: unknown; raw?: string; type?: string };
const failures: string[] = [];
/** Pages a browser opens (a cXML PunchOut StartPage, the cart's form post back): their refusals are HTML pages. */
const BROWSER_PAGES = new Set(['GET /api/v1/punchout/start/{token}', 'POST /api/v1/punchout/return']);

async function send(op: Operation, c: Case, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...headersFor(op), ...extra };
  if (op.headers.some((h) => h.name.toLowerCase() === 'idempotency-key'))
    headers['idempotency-key'] ??= randomUUID();
  const opts: InjectOptions = { method: c.method as 'GET', url: c.url, headers };
  if (c.raw !== undefined) {
    opts.payload = c.raw;
    headers['content-type'] = c.type ?? 'application/json';
  } else if (c.payload !== undefined) opts.payload = c.payload as object;
  let res: LightMyRequestResponse;
  try {
    res = await t.request(opts);
  } catch (err) {
    failures.push(`${op.method} ${op.path} [${c.label}] threw ${String(err)}`);
    return null;
  }
  judge(op, c, res);
  return res;
}

function judge(op: Operation, c: Case, res: LightMyRequestResponse) {
  stats.cases += 1;
  stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
  const where = `${op.method} ${op.path} [${c.label}] ${c.method} ${c.url.slice(0, 160)}`;
  const fail = (why: string) => {
    stats.failures += 1;
    const body =
      c.payload !== undefined ? JSON.stringify(c.payload).slice(0, 1200) : (c.raw ?? '').slice(0, 120);
    failures.push(
      `${where} → ${res.statusCode}: ${why}\n      body: ${body}\n      answer: ${res.body.slice(0, 300)}`,
    );
  };
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 500) return fail('server error');
  if (res.statusCode >= 400) {
    // Their own refusals are pages; a request the schema refuses is a problem like any other.
    if (BROWSER_PAGES.has(`${op.method} ${op.path}`) && type.includes('text/html')) {
      if (!/<h1>[^<]+<\/h1>/.test(res.body)) return fail('4xx page without a heading');
      return;
    }
    if (!type.includes('application/problem+json')) return fail(`4xx with content-type ${type}`);
    const body = res.json() as { code?: unknown; detail?: unknown };
    if (typeof body.code !== 'string' || typeof body.detail !== 'string' || !body.detail)
      return fail('4xx problem without code and detail');
    return;
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    const documented = Object.keys(op.responses);
    if (!documented.includes(String(res.statusCode)))
      return fail(`undocumented status (documents ${documented.join(', ')})`);
    const schema = op.responses[String(res.statusCode)];
    if (schema && type.includes('application/json')) {
      const body: unknown = res.body ? res.json() : null;
      harvestIds(
        pool,
        body,
        op.path
          .split('/')
          .filter((s) => s && !s.startsWith('{'))
          .pop(),
      );
      const problem = checkResponse(schema, body);
      if (problem) fail(`answer does not match the documented schema: ${problem}`);
    }
  }
}

// --- path parameters ----------------------------------------------------------------------------------

/** The first element of the first list found in a body. */
function firstElement(body: unknown): Record<string, unknown> | null {
  if (Array.isArray(body)) return (body[0] as Record<string, unknown>) ?? null;
  if (!body || typeof body !== 'object') return null;
  for (const v of Object.values(body)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object') return v[0] as Record<string, unknown>;
  }
  return null;
}

/** Real values for the path parameters, looked up in the list one level up (`/jobs` for `/jobs/{id}`). */
async function resolvePath(op: Operation, rng: Rng): Promise<{ url: string; ids: Record<string, string> }> {
  let url = '';
  const ids: Record<string, string> = {};
  for (const segment of op.path.split('/').slice(1)) {
    const match = /\{([^}]+)\}/.exec(segment);
    if (!match) {
      url += `/${segment}`;
      continue;
    }
    const name = match[1]!;
    const schema = op.pathParams.find((p) => p.name === name)?.schema ?? {};
    let value: string | undefined;
    if (name === 'slug') value = world.portal.slug;
    else if (schema.enum) value = String(schema.enum[rng.nextInt(0, schema.enum.length - 1)]);
    else if (schema.type === 'integer') value = '0';
    else {
      const list = await t.request({ method: 'GET', url, headers: headersFor(op) });
      const element = list.statusCode === 200 ? firstElement(list.json()) : null;
      const found = element?.[name] ?? element?.id;
      if (typeof found === 'string') value = found;
      else {
        const prefix = url.split('/').pop() ?? '';
        const known = [...(pool.get(`${prefix.replace(/s$/, '')}Id`) ?? pool.get(name) ?? [])];
        value = known[0] ?? randomUUID();
      }
    }
    ids[name] = value;
    url += `/${segment.replace(match[0], encodeURIComponent(value))}`;
  }
  return { url, ids };
}

function queryString(op: Operation, rng: Rng, seed: number) {
  const parts: string[] = [];
  for (const q of op.query) {
    if (!q.required && rng.nextInt(0, 2) === 0) continue;
    const [value] = fc.sample(arbitraryOf(q.schema, pool, q.name), { seed: seed + parts.length, numRuns: 1 });
    if (value === null || value === undefined) continue;
    parts.push(`${q.name}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A small CSV for raw upload endpoints. */
const csv = fc
  .array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })), { maxLength: 5 })
  .map((rows) =>
    [
      'name,address,city,state,zip',
      ...rows.map(([a, b]) => `"${a.replace(/"/g, '""')}",${JSON.stringify(b)},Austin,TX,78701`),
    ].join('\n'),
  );

type Rng = { nextInt(min: number, max: number): number };
/** mulberry32: a small seeded generator for choices outside fast-check's arbitraries. */
function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { nextInt: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

// --- the run ----------------------------------------------------------------------------------------

async function fuzzOperation(op: Operation, index: number) {
  const seed = SEED + index * 7919;
  const rng = seededRandom(seed);
  if (op.roles === 'portal') {
    if (/\/(orders|approvals)/.test(op.path)) await placePortalOrder();
    else await ensurePortal();
  } else await ensureStaff();
  stats.operations += 1;
  const { url, ids } = await resolvePath(op, rng);
  const withBody = op.method !== 'GET' && op.method !== 'DELETE';
  const q = () => queryString(op, rng, seed);

  // 1. Valid input.
  const valid = op.body ? fc.sample(arbitraryOf(op.body, pool), { seed, numRuns: RUNS }) : [];
  for (let i = 0; i < RUNS; i++) {
    if (op.rawBody) {
      const [raw] = fc.sample(csv, { seed: seed + i, numRuns: 1 });
      await send(op, {
        label: 'csv upload',
        method: op.method,
        url: `${url}?filename=list.csv`,
        raw,
        type: 'text/csv',
      });
    } else if (withBody && op.body) {
      await send(op, { label: `valid #${i}`, method: op.method, url: url + q(), payload: valid[i] });
    } else if (withBody) {
      await send(op, { label: `valid #${i}`, method: op.method, url: url + q(), payload: {} });
    } else await send(op, { label: `valid #${i}`, method: op.method, url: url + q() });
    if (op.roles === 'portal') await ensurePortal();
  }

  // 2. Malformed bodies: one rule broken at a time.
  if (op.body && withBody) {
    const base = (valid[0] ?? {}) as Record<string, unknown>;
    const bad = fc.sample(malformedBodies(op.body, typeof base === 'object' && base ? base : {}), {
      seed: seed + 1,
      numRuns: RUNS * 2,
    });
    for (const m of bad) await send(op, { label: m.label, method: op.method, url, payload: m.body });
    const firstProp = Object.keys(op.body.properties ?? {})[0] ?? 'x';
    const raws: [string, string, string][] = [
      ['deeply nested array', deepJson(20_000), 'application/json'],
      ['deeply nested object', deepObjectJson(firstProp, 5_000), 'application/json'],
      ['truncated JSON', '{"a": [1, 2', 'application/json'],
      ['form body', 'a=1&b=2', 'application/x-www-form-urlencoded'],
      ['text body', JSON.stringify(base), 'text/plain'],
      [
        'multipart body',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
        'multipart/form-data; boundary=x',
      ],
      ['JSON with a charset we do not speak', JSON.stringify(base), 'application/json; charset=utf-16'],
      ['empty JSON body', '', 'application/json'],
      [
        'Infinity literal',
        JSON.stringify(base).replace(/^\{/, `{"${firstProp}": 1e999,`),
        'application/json',
      ],
    ];
    // A few of these per operation by default (chosen by the seed), all of them in the long run.
    const picked = LONG ? raws : raws.filter(() => rng.nextInt(0, 2) === 0);
    for (const [label, raw, type] of picked) await send(op, { label, method: op.method, url, raw, type });
  }
  if (op.rawBody) {
    const garbage = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 2000 }), { seed, numRuns: RUNS });
    for (const bytes of garbage)
      await send(op, {
        label: 'binary upload',
        method: op.method,
        url: `${url}?filename=${encodeURIComponent('ü\u202e.csv')}`,
        raw: Buffer.from(bytes).toString('latin1'),
        type: 'application/octet-stream',
      });
  }
  if (op.headers.some((h) => h.name.toLowerCase() === 'idempotency-key'))
    await send(
      op,
      { label: 'overlong Idempotency-Key', method: op.method, url, payload: valid[0] ?? {} },
      { 'idempotency-key': 'k'.repeat(300) },
    );

  // 3. Path ids that are not ids, or ids of nothing.
  for (const param of op.pathParams.filter((p) => p.name !== 'slug')) {
    const picks = LONG
      ? BAD_IDS.map((_, i) => i)
      : [...new Set([rng.nextInt(0, 1), rng.nextInt(2, BAD_IDS.length - 1)])];
    for (const i of picks) {
      const bad = op.path
        .replace(`{${param.name}}`, BAD_IDS[i]!)
        .replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(ids[n] ?? ''));
      await send(op, {
        label: `${param.name} = ${BAD_IDS[i]!.slice(0, 20)}`,
        method: op.method,
        url: bad,
        ...(withBody ? { payload: valid[0] ?? {} } : {}),
      });
    }
  }

  // 4. Query parameters out of their schema.
  for (const param of op.query) {
    const values = badQueryValues(param.schema as Schema);
    for (let i = 0; i < Math.max(1, Math.ceil(RUNS / 2)); i++) {
      const v = values[rng.nextInt(0, values.length - 1)]!;
      await send(op, {
        label: `query ${param.name}=${v.slice(0, 20)}`,
        method: op.method,
        url: `${url}?${param.name}=${v}${op.rawBody && param.name !== 'filename' ? '&filename=a.csv' : ''}`,
        ...(withBody && !op.rawBody ? { payload: valid[0] ?? {} } : {}),
        ...(op.rawBody ? { raw: 'a,b\n1,2', type: 'text/csv' } : {}),
      });
    }
  }
}

describe(`fuzzing every operation of /api/openapi.json (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})`, () => {
  it('documents operations for the fuzzer to reach', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it.each(operations.map((op, i) => [`${op.method} ${op.path}`, op, i] as const))(
    '%s',
    async (_name, op, index) => {
      const before = failures.length;
      await fuzzOperation(op, index);
      const mine = failures.slice(before);
      expect(mine, `reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`).toEqual([]);
    },
    LONG ? 600_000 : 60_000,
  );

  it('sent cases to every operation', () => {
    console.log(
      `fuzz: ${stats.operations} operations, ${stats.cases} cases, seed ${SEED}, ` +
        `statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort((a, b) => a[0] - b[0])))}, ` +
        `${stats.failures} failures`,
    );
    expect(stats.operations).toBe(operations.length);
  });
});
