import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildMaterial, buildVendor } from '../../factories';
import { notifications } from '../notifications/tables';
import { followReorderPoint } from './reorder-alert';
import { materials, purchaseOrderLines, purchaseOrders } from './tables';
import type { PurchaseOrder } from '../../../shared/purchasing';
import type { ToReplenish } from '../../../shared/replenish';

let t: TestApp;
let buyer: Session;
let buyer2: Session;
let am: Session;
let peer: Awaited<ReturnType<typeof smtpPeer>>;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url });
  await t.ctx.queue.work();
  buyer = await t.signIn('purchasing');
  buyer2 = await t.signIn('purchasing');
  am = await t.signIn('account_manager');
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

const move = (id: string, quantity: number, who = buyer) =>
  api('POST', `/materials/${id}/movements`, who, { kind: 'adjustment', quantity, reason: 'Count fix' });

async function alertsFor(userId: string, sku: string) {
  return t.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.kind, 'material.reorder'),
        like(notifications.title, `%${sku}%`),
      ),
    );
}

async function toReplenish(): Promise<ToReplenish[]> {
  const res = await api('GET', '/materials/to-replenish', am);
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('reorder points that act', () => {
  it('lists a material at its reorder point with an order in whole packs, and one click drafts it', async () => {
    const vendor = await buildVendor(t.db, { name: 'Nguyễn → Zoë Øster Papier' });
    const m = await buildMaterial(t.db, {
      name: 'Zoë’s 80# Silk',
      packUnits: [
        { name: 'carton', factor: 2000 },
        { name: 'ream', factor: 500 },
      ],
      reorderPoint: 1000,
      reorderQuantity: 1200,
      preferredVendorId: vendor.id,
      unitCostCents: 2,
      onHand: 3000,
    });
    expect((await toReplenish()).some((r) => r.material.id === m.id)).toBe(false);
    expect((await move(m.id, -2100)).statusCode).toBe(201);
    const row = (await toReplenish()).find((r) => r.material.id === m.id)!;
    // 900 available: at least 1200, in reams of 500 → 3 reams.
    expect(row.suggested).toEqual({ quantity: 3, unit: 'ream', factor: 500, stockUnits: 1500 });
    expect(row.onDraft).toBeNull();

    expect((await api('POST', `/materials/${m.id}/replenish`, am)).statusCode).toBe(403);
    const res = await api('POST', `/materials/${m.id}/replenish`, buyer);
    expect(res.statusCode).toBe(201);
    const po: PurchaseOrder = res.json();
    expect(po.status).toBe('draft');
    expect(po.vendor.name).toBe('Nguyễn → Zoë Øster Papier');
    expect(po.lines).toEqual([
      expect.objectContaining({ quantity: 3, unit: 'ream', unitFactor: 500, unitCostCents: 1000 }),
    ]);
    const drafted = (await toReplenish()).find((r) => r.material.id === m.id)!;
    expect(drafted.onDraft).toEqual({ id: po.id, number: po.number });
    // What the draft holds counts as on order: nothing more is suggested for it.
    expect(drafted.suggested).toMatchObject({ quantity: 0, stockUnits: 0 });
    const again = await api('POST', `/materials/${m.id}/replenish`, buyer);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain(po.number);

    // A second material for the same vendor joins that draft as line 2.
    const other = await buildMaterial(t.db, { reorderPoint: 10, preferredVendorId: vendor.id });
    const joined = await api('POST', `/materials/${other.id}/replenish`, buyer);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().id).toBe(po.id);
    expect(joined.json().lines.map((l: { material: { id: string } }) => l.material.id)).toEqual([
      m.id,
      other.id,
    ]);
  });

  it('asks for a vendor when the material has none, and refuses what is above its point', async () => {
    const orphan = await buildMaterial(t.db, { reorderPoint: 50, onHand: 10 });
    const res = await api('POST', `/materials/${orphan.id}/replenish`, buyer);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Choose a preferred vendor/);
    const vendor = await buildVendor(t.db);
    const fine = await buildMaterial(t.db, { reorderPoint: 50, onHand: 500, preferredVendorId: vendor.id });
    expect((await api('POST', `/materials/${fine.id}/replenish`, buyer)).statusCode).toBe(409);
    expect(
      (await api('POST', `/materials/00000000-0000-4000-8000-000000000000/replenish`, buyer)).statusCode,
    ).toBe(404);
    const lines = await t.db
      .select()
      .from(purchaseOrderLines)
      .where(eq(purchaseOrderLines.materialId, orphan.id));
    expect(lines).toHaveLength(0);
  });

  it('two clicks at once make one line on one draft', async () => {
    const vendor = await buildVendor(t.db);
    const m = await buildMaterial(t.db, { reorderPoint: 100, onHand: 20, preferredVendorId: vendor.id });
    const results = await Promise.all([
      api('POST', `/materials/${m.id}/replenish`, buyer),
      api('POST', `/materials/${m.id}/replenish`, buyer2),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const lines = await t.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.materialId, m.id));
    expect(lines).toHaveLength(1);
    const drafts = await t.db.select().from(purchaseOrders).where(eq(purchaseOrders.vendorId, vendor.id));
    expect(drafts).toHaveLength(1);
  });

  it('tells purchasing once per crossing, also when two stock changes cross at once', async () => {
    const m = await buildMaterial(t.db, { reorderPoint: 100, onHand: 104 });
    expect(await alertsFor(buyer.userId, m.sku)).toHaveLength(0);
    const both = await Promise.all([move(m.id, -3), move(m.id, -3, buyer2)]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await alertsFor(buyer.userId, m.sku)).toHaveLength(1);
    expect(await alertsFor(buyer2.userId, m.sku)).toHaveLength(1);
    expect(await alertsFor(am.userId, m.sku)).toHaveLength(0);
    await move(m.id, -5);
    expect(await alertsFor(buyer.userId, m.sku)).toHaveLength(1);
    const [row] = await t.db.select().from(materials).where(eq(materials.id, m.id));
    expect(row!.reorderAlertedAt).not.toBeNull();

    // Back above the point clears the mark; the next fall tells them again.
    await move(m.id, 50);
    const [cleared] = await t.db.select().from(materials).where(eq(materials.id, m.id));
    expect(cleared!.reorderAlertedAt).toBeNull();
    await move(m.id, -60);
    expect(await alertsFor(buyer.userId, m.sku)).toHaveLength(2);

    // And by e-mail, through a real SMTP peer: once per crossing, to each purchasing user, none to the AM.
    const mail = await peer.message(buyer2.email, `Reorder ${m.sku}`);
    expect(mail.text).toContain('reorder point 100');
    expect(mail.text).toContain('/purchasing/shortages');
    await peer.message(buyer.email, `Reorder ${m.sku}`);
    const about = (to: string) =>
      peer.received.filter(
        (r) => JSON.stringify(r.to).includes(to) && (r.subject ?? '').includes(`Reorder ${m.sku}`),
      );
    await expect.poll(() => about(buyer.email).length).toBe(2);
    expect(about(am.email)).toHaveLength(0);
  });

  it('notices a crossing once when two transactions check it at the same moment', async () => {
    const m = await buildMaterial(t.db, { reorderPoint: 100, onHand: 500 });
    await t.db.update(materials).set({ onHand: 40 }).where(eq(materials.id, m.id));
    await Promise.all([
      t.db.transaction((tx) => followReorderPoint(tx, m.id)),
      t.db.transaction((tx) => followReorderPoint(tx, m.id)),
    ]);
    expect(await alertsFor(buyer.userId, m.sku)).toHaveLength(1);
  });
});
