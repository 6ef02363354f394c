import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildJob, buildMaterial, buildVendor } from '../../factories';
import { todayIn } from '../../platform/clock';
import { domainEvents } from '../../platform/events';
import { addDays } from '../../platform/calendar/working-days';
import type { JobMaterial, PurchaseOrder } from '../../../shared/purchasing';

let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let buyer: Session;
let am: Session;
let today: string;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url, MAIL_FROM: 'Shop <shop@example.test>' });
  await t.ctx.queue.work();
  buyer = await t.signIn('purchasing');
  am = await t.signIn('account_manager');
  today = todayIn(t.ctx.config.JOBJACKET_TIMEZONE);
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  who: Session,
  payload?: object,
  headers = {},
) => t.request({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });

async function stockOf(materialId: string) {
  const m = (await api('GET', `/materials/${materialId}`, buyer)).json();
  const sum = await t.db.execute(
    sql`select coalesce(sum(quantity), 0)::int as total from material_movements where material_id = ${materialId}`,
  );
  return { ...m.stock, movementsTotal: (sum as unknown as { rows: { total: number }[] }).rows[0]!.total };
}

describe('vendors and materials', () => {
  it('refuses a vendor without the address that receives purchase orders, naming the field', async () => {
    const res = await api('POST', '/vendors', buyer, { name: 'No Mail Paper' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.email' })]),
    );
  });

  it('keeps a catalogue with pack units; stock moves only with a reason and never below zero', async () => {
    const vendor = await buildVendor(t.db);
    const created = await api('POST', '/materials', buyer, {
      sku: 'ENV-10-WHT',
      name: '#10 Window Envelope 24# White',
      kind: 'envelope',
      unit: 'each',
      packUnits: [
        { name: 'box', factor: 500 },
        { name: 'carton', factor: 2500 },
      ],
      preferredVendorId: vendor.id,
      reorderPoint: 1000,
      reorderQuantity: 5000,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (await api('POST', '/materials', buyer, { sku: 'env-10-wht', name: 'Twin', kind: 'envelope' })).json(),
    ).toMatchObject({ status: 400, errors: [{ path: 'sku' }] });

    const noReason = await api('POST', `/materials/${id}/movements`, buyer, {
      kind: 'adjustment',
      quantity: 10,
    });
    expect(noReason.statusCode).toBe(400);
    await api('POST', `/materials/${id}/movements`, buyer, {
      kind: 'adjustment',
      quantity: 800,
      reason: 'Found a pallet',
    });
    const tooMuch = await api('POST', `/materials/${id}/movements`, buyer, {
      kind: 'adjustment',
      quantity: -801,
      reason: 'Water damage',
    });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    const counted = await api('POST', `/materials/${id}/movements`, buyer, {
      kind: 'count',
      quantity: 750,
      reason: 'Cycle count',
    });
    expect(counted.json().stock).toMatchObject({ onHand: 750, available: 750, belowReorderPoint: true });
    expect(await stockOf(id)).toMatchObject({ onHand: 750, movementsTotal: 750 });
    const moves = (await api('GET', `/materials/${id}/movements`, buyer)).json().items;
    expect(moves.map((m: { kind: string }) => m.kind)).toEqual(['count', 'adjustment']);
    expect(moves[0].reason).toContain('Counted 750 (was 800)');
    const low = (await api('GET', '/materials?low=true', buyer)).json().items;
    expect(low.map((m: { id: string }) => m.id)).toContain(id);
  });

  it('lets account managers read but not change the catalogue', async () => {
    expect((await api('GET', '/materials', am)).statusCode).toBe(200);
    expect((await api('POST', '/vendors', am, { name: 'X', email: 'x@y.example' })).statusCode).toBe(403);
  });
});

describe('from a shortage to received stock', () => {
  it('computes the need, orders the shortage, e-mails the PO as PDF, receives once per Idempotency-Key', async () => {
    const vendor = await buildVendor(t.db, {
      name: 'Midwest Paper',
      email: 'orders@midwest.example',
      terms: 'Net 30',
    });
    const material = await buildMaterial(t.db, {
      preferredVendorId: vendor.id,
      unitCostCents: 4.2,
      onHand: 500,
    });
    const job = await buildJob(t.db, { items: [{ productType: 'postcard', quantity: 5000 }] });
    const item = job.items[0]!;

    const need = await api('POST', `/jobs/${job.id}/materials`, am, {
      itemId: item.id,
      materialId: material.id,
      upCount: 4,
      spoilagePercent: 5,
    });
    expect(need.statusCode).toBe(201);
    const jm: JobMaterial = need.json();
    expect(jm).toMatchObject({
      quantity: 1313,
      computed: true,
      allocated: 500,
      shortage: 813,
      status: 'to_order',
    });

    const shortages = (await api('GET', '/shortages', buyer)).json().items;
    expect(shortages).toEqual(
      expect.arrayContaining([expect.objectContaining({ jobMaterialId: jm.id, shortage: 813 })]),
    );

    const drafted = await api('POST', '/purchase-orders/from-shortages', buyer, { jobMaterialIds: [jm.id] });
    expect(drafted.statusCode).toBe(201);
    const po: PurchaseOrder = drafted.json();
    expect(po).toMatchObject({ status: 'draft', vendor: { id: vendor.id }, expectedDate: addDays(today, 5) });
    expect(po.lines[0]).toMatchObject({
      quantity: 2,
      unit: 'ream',
      unitFactor: 500,
      orderedStockUnits: 1000,
      unitCostCents: 2100,
    });
    expect((await api('GET', `/jobs/${job.id}/materials`, am)).json().items[0]).toMatchObject({
      status: 'ordered',
      onOrder: 813,
    });

    const early = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, {
      lines: [{ lineId: po.lines[0]!.id, quantity: 1 }],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('send it before receiving');

    const sent = await api('POST', `/purchase-orders/${po.id}/send`, buyer, {});
    expect(sent.json()).toMatchObject({ status: 'sent', sentTo: 'orders@midwest.example' });
    expect((await stockOf(material.id)).onOrder).toBe(1000);
    const mail = await peer.message('orders@midwest.example', po.number);
    const attachment = mail.attachments.find((a) => a.filename === `${po.number}.pdf`)!;
    expect(attachment.contentType).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-po-'));
    writeFileSync(path.join(dir, 'po.pdf'), attachment.content);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'po.pdf'), '-']).toString();
    expect(text).toContain(po.number);
    expect(text).toContain('Midwest Paper');
    expect(text).toContain('$42.00');

    const receipt = {
      lines: [{ lineId: po.lines[0]!.id, quantity: 1000 }],
      note: 'Two reams, shrink-wrapped',
    };
    const key = { 'idempotency-key': `receipt-${po.id}` };
    const first = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, receipt, key);
    const again = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, receipt, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ status: 'received', receipts: [expect.anything()] });
    const other = await api(
      'POST',
      `/purchase-orders/${po.id}/receipts`,
      buyer,
      { lines: [{ lineId: po.lines[0]!.id, quantity: 5 }] },
      key,
    );
    expect(other.statusCode).toBe(409);

    expect(await stockOf(material.id)).toMatchObject({
      onHand: 1500,
      allocated: 1313,
      onOrder: 0,
      available: 187,
      movementsTotal: 1500,
    });
    expect((await api('GET', `/jobs/${job.id}/materials`, am)).json().items[0]).toMatchObject({
      status: 'received',
      allocated: 1313,
      received: 813,
      shortage: 0,
    });
  });

  it('receives partly, over and damaged; a PO past its date puts the waiting job at risk', async () => {
    const vendor = await buildVendor(t.db);
    const material = await buildMaterial(t.db, { preferredVendorId: vendor.id });
    const job = await buildJob(t.db, { items: [{ productType: 'flat_sheet', quantity: 900 }] });
    const jm = (
      await api('POST', `/jobs/${job.id}/materials`, am, { materialId: material.id, quantity: 900 })
    ).json();
    const po: PurchaseOrder = (
      await api('POST', '/purchase-orders', buyer, {
        vendorId: vendor.id,
        lines: [
          {
            materialId: material.id,
            quantity: 1000,
            unitCostCents: 3,
            for: [{ jobMaterialId: jm.id, quantity: 900 }],
          },
        ],
      })
    ).json();
    await api('POST', `/purchase-orders/${po.id}/send`, buyer, {});
    const lineId = po.lines[0]!.id;

    const late = await api('PATCH', `/purchase-orders/${po.id}`, buyer, { expectedDate: addDays(today, -1) });
    expect(late.json().overdue).toBe(true);
    const atRisk = (await api('GET', `/jobs/${job.id}`, am)).json();
    expect(atRisk.risk).toBe('at_risk');
    const overdue = (await api('GET', '/purchase-orders?overdue=true', buyer)).json().items;
    expect(overdue.map((p: { id: string }) => p.id)).toContain(po.id);

    const partly = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, {
      lines: [{ lineId, quantity: 400, damaged: 100 }],
    });
    expect(partly.json()).toMatchObject({
      status: 'partly_received',
      lines: [{ receivedStockUnits: 400, damagedStockUnits: 100 }],
    });
    expect(await stockOf(material.id)).toMatchObject({ onHand: 400, allocated: 400, onOrder: 500 });

    const over = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, {
      lines: [{ lineId, quantity: 700 }],
    });
    expect(over.json().status).toBe('received');
    expect(await stockOf(material.id)).toMatchObject({
      onHand: 1100,
      allocated: 900,
      available: 200,
      onOrder: 0,
      movementsTotal: 1100,
    });
    expect((await api('GET', `/jobs/${job.id}`, am)).json().risk).toBe('on_track');
    const events = await t.db
      .select({ type: domainEvents.type, payload: domainEvents.payload })
      .from(domainEvents)
      .where(eq(domainEvents.entityId, po.id))
      .orderBy(domainEvents.seq);
    expect(events).toEqual([
      { type: 'purchase_order.sent', payload: expect.objectContaining({ resend: false }) },
      { type: 'purchase_order.updated', payload: expect.objectContaining({ jobIds: [job.id] }) },
      {
        type: 'purchase_order.received',
        payload: expect.objectContaining({ jobIds: [job.id], complete: false }),
      },
      {
        type: 'purchase_order.received',
        payload: expect.objectContaining({ jobIds: [job.id], complete: true }),
      },
    ]);
    const closedAgain = await api('POST', `/purchase-orders/${po.id}/receipts`, buyer, {
      lines: [{ lineId, quantity: 1 }],
    });
    expect(closedAgain.statusCode).toBe(409);
  });

  it('never allocates or removes more than is on hand under concurrent requests', async () => {
    const material = await buildMaterial(t.db, { onHand: 100 });
    const jobs = [];
    for (let i = 0; i < 12; i++) jobs.push(await buildJob(t.db));
    const takes = jobs.map((j) =>
      api('POST', `/jobs/${j.id}/materials`, am, { materialId: material.id, quantity: 10 }),
    );
    const removals = Array.from({ length: 6 }, () =>
      api('POST', `/materials/${material.id}/movements`, buyer, {
        kind: 'adjustment',
        quantity: -5,
        reason: 'Test sheets',
      }),
    );
    const results = await Promise.all([...takes, ...removals]);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const stock = await stockOf(material.id);
    expect(stock.onHand).toBe(70);
    expect(stock.movementsTotal).toBe(70);
    expect(stock.allocated).toBeLessThanOrEqual(stock.onHand);
    const allocated = await t.db.execute(
      sql`select coalesce(sum(allocated), 0)::int as total from job_materials where material_id = ${material.id}`,
    );
    expect((allocated as unknown as { rows: { total: number }[] }).rows[0]!.total).toBe(stock.allocated);
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        api('POST', `/materials/${material.id}/movements`, buyer, {
          kind: 'adjustment',
          quantity: -5,
          reason: 'Burst',
        }),
      ),
    );
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(14);
    expect(
      burst.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'INSUFFICIENT_STOCK'),
    ).toBe(true);
    expect(await stockOf(material.id)).toMatchObject({ onHand: 0, allocated: 0, movementsTotal: 0 });
  });

  it('answers concurrent receipts of one Idempotency-Key with one receipt', async () => {
    const vendor = await buildVendor(t.db);
    const material = await buildMaterial(t.db);
    const po: PurchaseOrder = (
      await api('POST', '/purchase-orders', buyer, {
        vendorId: vendor.id,
        lines: [{ materialId: material.id, quantity: 3, unit: 'ream' }],
      })
    ).json();
    await api('POST', `/purchase-orders/${po.id}/send`, buyer, {});
    const body = { lines: [{ lineId: po.lines[0]!.id, quantity: 500 }] };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('POST', `/purchase-orders/${po.id}/receipts`, buyer, body, { 'idempotency-key': 'same-box' }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect((await api('GET', `/purchase-orders/${po.id}`, buyer)).json().receipts).toHaveLength(1);
    expect(await stockOf(material.id)).toMatchObject({ onHand: 500, onOrder: 1000 });
  });
});
