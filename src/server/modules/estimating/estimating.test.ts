import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildMaterial } from '../../factories';
import {
  exampleBrochure,
  exampleRules as rules,
  komori,
  setUpExampleCostModel,
  versant,
} from '../../../../test/helpers/estimating';

// The cost model over HTTP and POST /estimates, priced as docs/estimating.md works it by hand.
let t: TestApp;
let admin: Session;
let am: Session;
let foldId: string;

const call = (who: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload: payload as never });

const brochure = (over: Record<string, unknown> = {}) => exampleBrochure(foldId, over);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
  ({ foldId } = await setUpExampleCostModel((method, url, payload) =>
    t.request({ method, url, headers: admin.headers, payload: payload as never }),
  ));
  const saved = await call(admin, 'GET', '/estimating-rules');
  expect(saved.json().spoilage.map((r: { fromQuantity: number }) => r.fromQuantity)).toEqual([
    0, 1000, 10_000,
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('POST /estimates', () => {
  it('prices example A at 2,500, 5,000 and 8,000 to the cent, with the working', async () => {
    const res = await call(am, 'POST', '/estimates', { items: [brochure()] });
    expect(res.statusCode, res.body).toBe(200);
    const [item] = res.json().items;
    expect(item.quantities.map((q: { totalCents: number }) => q.totalCents)).toEqual([
      64_837, 84_589, 108_275,
    ]);
    const five = item.quantities[1];
    expect(five.press.name).toBe('Komori 28');
    expect(five.imposition).toEqual({ up: 4, across: 2, down: 2, rotated: true });
    expect(five.lines.find((l: { kind: string }) => l.kind === 'press').working).toContain(
      '1.372 h × $150.00',
    );
    expect(five.refused[0].reason).toContain('Versant 280 takes sheets');
    expect(res.json().markupSource).toBe('shop');
  });

  it('takes the paper from the catalogue (size and cost per sheet) and refuses a paper it cannot price', async () => {
    const paper = await buildMaterial(t.db, {
      name: '100 lb gloss text 19×25',
      spec: { width: 19, height: 25, sizeUnit: 'in' },
      unitCostCents: 9.5,
    });
    const res = await call(am, 'POST', '/estimates', {
      items: [brochure({ paper: { materialId: paper.id }, quantities: [5000] })],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0].quantities[0].totalCents).toBe(84_589);
    const noSize = await buildMaterial(t.db, { name: 'Mystery stock', unitCostCents: 5 });
    const bad = await call(am, 'POST', '/estimates', {
      items: [brochure({ paper: { materialId: noSize.id } })],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('needs a sheet size and a cost');
  });

  it("uses the account's markup over its segment's over the shop's, and its tax exemption while in date", async () => {
    const exempt = await buildAccount(t.db, {
      name: 'Nguyễn State Agency',
      segment: 'state',
      taxExempt: true,
      taxExemptExpiresOn: '2099-12-31',
    });
    const lapsed = await buildAccount(t.db, {
      name: 'Lapsed Exemption Ltd',
      segment: 'corporate',
      taxExempt: true,
      taxExemptExpiresOn: '2001-01-01',
    });
    const price = async (accountId: string) =>
      (await call(am, 'POST', '/estimates', { accountId, items: [brochure({ quantities: [5000] })] })).json();
    let e = await price(exempt.id);
    expect(e).toMatchObject({ markupSource: 'shop', account: { taxExempt: true } });
    expect(e.items[0].quantities[0]).toMatchObject({ priceCents: 78_142, taxCents: 0, totalCents: 78_142 });
    expect((await price(lapsed.id)).items[0].quantities[0].taxCents).toBe(6447);

    expect(
      (await call(admin, 'PUT', '/estimating-rules', { ...rules, segmentMarkups: { state: 25 } })).statusCode,
    ).toBe(200);
    e = await price(exempt.id);
    expect(e.markupSource).toBe('segment');
    expect(e.items[0].quantities[0]).toMatchObject({ costCents: 55_816, markupCents: 13_954 });

    expect(
      (await call(admin, 'PUT', `/accounts/${exempt.id}/markup`, { markupPercent: 10 })).statusCode,
    ).toBe(200);
    e = await price(exempt.id);
    expect(e.markupSource).toBe('account');
    expect(e.items[0].quantities[0].markupCents).toBe(5582);
    expect(
      (await call(admin, 'PUT', `/accounts/${exempt.id}/markup`, { markupPercent: null })).json(),
    ).toEqual({ markupPercent: null });
    expect((await price(exempt.id)).markupSource).toBe('segment');
    await call(admin, 'PUT', '/estimating-rules', rules);
  });

  it('refuses what it cannot price with a 400 that says why, and more than five quantities', async () => {
    const tooBig = await call(am, 'POST', '/estimates', {
      items: [brochure({ flatSize: { width: 40, height: 30, unit: 'in' } })],
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().detail).toMatch(/Item 1: No press can print this item/);
    const six = await call(am, 'POST', '/estimates', {
      items: [brochure({ quantities: [1, 2, 3, 4, 5, 6] })],
    });
    expect(six.statusCode).toBe(400);
    const unknownOp = await call(am, 'POST', '/estimates', {
      items: [brochure({ operationIds: ['00000000-0000-4000-8000-000000000000'] })],
    });
    expect(unknownOp.statusCode).toBe(400);
    expect(unknownOp.json().detail).toContain('Unknown or inactive operation');
    const blank = await call(am, 'POST', '/estimates', {
      items: [brochure({ inks: { front: 0, back: 0 } })],
    });
    expect(blank.statusCode).toBe(400);
  });
});

describe('the cost model', () => {
  it('is changed by admins and managers only, audited; account managers read it, production neither', async () => {
    expect((await call(am, 'POST', '/presses', komori)).statusCode).toBe(403);
    expect((await call(am, 'GET', '/presses')).json().items).toHaveLength(2);
    const production = await t.signIn('production');
    expect((await call(production, 'GET', '/presses')).statusCode).toBe(403);
    expect((await call(production, 'POST', '/estimates', { items: [brochure()] })).statusCode).toBe(403);
    const manager = await t.signIn('manager');
    const list = (await call(manager, 'GET', '/presses')).json().items;
    const versantRow = list.find((p: { name: string }) => p.name === 'Versant 280');
    const changed = await call(manager, 'PUT', `/presses/${versantRow.id}`, {
      ...versant,
      hourlyRateCents: 6500,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().hourlyRateCents).toBe(6500);
    const audit = await call(admin, 'GET', '/audit-events?entityType=press');
    expect(audit.body).toContain('Changed the press Versant 280');
    const inverted = await call(admin, 'POST', '/presses', {
      ...komori,
      minSheet: { width: 30, height: 40 },
    });
    expect(inverted.statusCode).toBe(400);
    await call(manager, 'PUT', `/presses/${versantRow.id}`, versant);
  });
});
