import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';

// Product types beyond the built-in twelve: defined, renamed and retired by an admin, used by jobs.
let t: TestApp;
let admin: Session;
let am: Session;
const due = addDays(todayIn('UTC'), 30);
const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, s = admin) =>
  t.request({ method, url: `/api/v1${url}`, payload, headers: s.headers });

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const steps = [
  { departmentCode: 'prepress', name: 'Set the names', standardHours: 1 },
  { departmentCode: 'bindery', name: 'Tie ribbons', standardHours: 0.5, piecesPerHour: 200 },
];

async function jobWith(productType: string) {
  const account = await buildAccount(t.db, { ownerId: am.userId });
  return call(
    'POST',
    '/jobs',
    { accountId: account.id, title: 'Invitations', dueDate: due, items: [{ productType, quantity: 400 }] },
    am,
  );
}

describe('product types', () => {
  it('an admin defines one with its route; a job uses it; renamed, then retired', async () => {
    const made = await call('POST', '/product-types', {
      code: 'wedding_invitation',
      label: 'Nguyễn → Zoë Øster invitations',
      steps,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      builtIn: false,
      active: true,
      label: 'Nguyễn → Zoë Øster invitations',
    });
    const list = (await call('GET', '/product-routes', undefined, am)).json().items as {
      productType: string;
    }[];
    expect(list.map((r) => r.productType)).toContain('wedding_invitation');
    expect(list.length).toBe(13);

    const job = await jobWith('wedding_invitation');
    expect(job.statusCode, job.body).toBe(201);
    const stages = job.json().stages as { name: string; standardHours: number }[];
    expect(stages.map((s) => s.name)).toEqual(['Set the names', 'Tie ribbons']);
    expect(stages[1]!.standardHours).toBeCloseTo(0.5 + 400 / 200);

    const renamed = await call('PATCH', '/product-types/wedding_invitation', { label: 'Invitations' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().label).toBe('Invitations');

    expect((await call('PATCH', '/product-types/wedding_invitation', { active: false })).statusCode).toBe(
      200,
    );
    const refused = await jobWith('wedding_invitation');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('items.0.productType');
    expect(refused.body).toContain('retired');
    // The job made before keeps its type.
    const kept = await call('GET', `/jobs/${job.json().id}`, undefined, am);
    expect(kept.json().items[0].productType).toBe('wedding_invitation');
    // Built-in ones can be renamed too, and their code stays.
    const postcard = await call('PATCH', '/product-types/postcard', { label: 'Postcards (6×4)' });
    expect(postcard.json()).toMatchObject({
      productType: 'postcard',
      builtIn: true,
      label: 'Postcards (6×4)',
    });
  });

  it('refuses a taken code, a bad code, an unknown department, an unknown type and a non-admin', async () => {
    await call('POST', '/product-types', { code: 'calendar', label: 'Calendars', steps });
    expect(
      (await call('POST', '/product-types', { code: 'calendar', label: 'Again', steps })).statusCode,
    ).toBe(409);
    expect(
      (await call('POST', '/product-types', { code: 'postcard', label: 'Mine', steps })).statusCode,
    ).toBe(409);
    const bad = await call('POST', '/product-types', { code: 'Big Cards!', label: 'Big', steps });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('code');
    const dept = await call('POST', '/product-types', {
      code: 'mugs',
      label: 'Mugs',
      steps: [{ departmentCode: 'kiln', name: 'Fire', standardHours: 2 }],
    });
    expect(dept.statusCode).toBe(400);
    expect(dept.body).toContain('steps.0.departmentCode');
    const unknown = await jobWith('no_such_type');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('items.0.productType');
    expect((await call('PATCH', '/product-types/no_such_type', { label: 'X' })).statusCode).toBe(404);
    expect((await call('PUT', '/product-routes/no_such_type', { steps })).statusCode).toBe(404);
    expect((await call('POST', '/product-types', { code: 'ams', label: 'AM', steps }, am)).statusCode).toBe(
      403,
    );
  });
});
