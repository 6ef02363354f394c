import { actorOf, getUser } from '../modules/users';
import { addJobMaterial, purchaseOrderFromShortages } from '../modules/purchasing';
import { createShipment, updateShipment } from '../modules/shipping';
import { findJobsWithFirstItem } from '../modules/jobs';
import type { Db } from '../platform/db';
import { clockOn } from '../platform/service-context';
import { buildMaterial, buildVendor } from '../factories';
import type { User } from '../../shared/users';

const vendorsData = [
  { name: 'Midwest Paper Supply', email: 'orders@midwestpaper.example', terms: 'Net 30', leadTimeDays: 3 },
  { name: 'Lone Star Envelope', email: 'po@lonestarenvelope.example', terms: 'Net 45', leadTimeDays: 7 },
  { name: 'Capitol Packaging', email: 'sales@capitolpack.example', terms: '2% 10 Net 30', leadTimeDays: 2 },
];

/** Vendors, a paper and envelope catalogue with stock, the materials of open jobs, and shipments of finished ones. */
export async function seedDemoSupply(db: Db, opts: { buyer: User; shipper: User; today: string }) {
  const buyer = actorOf(await getUser({ db, id: opts.buyer.id }), 'session');
  const shipper = actorOf(await getUser({ db, id: opts.shipper.id }), 'session');
  const vendors = [];
  for (const v of vendorsData) vendors.push(await buildVendor(db, v, buyer));
  const catalogue = [
    {
      sku: 'GLS-100T-1218',
      name: '100# Gloss Text 12×18',
      kind: 'paper',
      onHand: 12_000,
      vendor: 0,
      cost: 4.1,
      spec: { weight: '100# text', finish: 'Gloss', width: 12, height: 18, grain: 'long', sizeUnit: 'in' },
    },
    {
      sku: 'SLK-80C-1319',
      name: '80# Silk Cover 13×19',
      kind: 'paper',
      onHand: 1_500,
      vendor: 0,
      cost: 9.8,
      spec: { weight: '80# cover', finish: 'Silk', width: 13, height: 19, grain: 'short', sizeUnit: 'in' },
    },
    {
      sku: 'UNC-70T-1117',
      name: '70# Uncoated Text 11×17',
      kind: 'paper',
      onHand: 400,
      vendor: 0,
      cost: 2.2,
      spec: { weight: '70# text', finish: 'Uncoated', width: 11, height: 17, sizeUnit: 'in' },
    },
    {
      sku: 'ENV-10-WIN',
      name: '#10 Window Envelope 24# White',
      kind: 'envelope',
      onHand: 20_000,
      vendor: 1,
      cost: 3.5,
      unit: 'each',
      pack: { name: 'box', factor: 500 },
      spec: { weight: '24# bond', colour: 'White', sizeUnit: 'in' },
    },
    {
      sku: 'BOX-1296',
      name: 'Shipping carton 12×9×6',
      kind: 'packaging',
      onHand: 300,
      vendor: 2,
      cost: 85,
      unit: 'each',
      pack: { name: 'bundle', factor: 25 },
      spec: { sizeUnit: 'in' },
    },
  ] as const;
  const materials = [];
  for (const c of catalogue) {
    materials.push(
      await buildMaterial(
        db,
        {
          sku: c.sku,
          name: c.name,
          kind: c.kind,
          unit: 'unit' in c ? c.unit : 'sheet',
          packUnits: ['pack' in c ? c.pack : { name: 'ream', factor: 500 }],
          preferredVendorId: vendors[c.vendor]!.id,
          unitCostCents: c.cost,
          reorderPoint: Math.round(c.onHand / 3),
          reorderQuantity: c.onHand,
          spec: c.spec,
          onHand: c.onHand,
        },
        buyer,
      ),
    );
  }
  const open = await findJobsWithFirstItem(db, ['draft', 'in_production'], 12);
  const asBuyer = { db, actor: buyer, clock: clockOn(opts.today) };
  const shortages: string[] = [];
  for (const [i, { job, firstItemId }] of open.entries()) {
    if (!firstItemId) continue;
    const material = materials[i % 3]!;
    const need = await addJobMaterial({
      ...asBuyer,
      jobId: job.id,
      input: {
        itemId: firstItemId,
        materialId: material.id,
        upCount: 2,
        sheetsPerItem: 1,
        spoilagePercent: 5,
      },
    });
    if (need.shortage > 0) shortages.push(need.id);
  }
  if (shortages.length > 1) {
    await purchaseOrderFromShortages({ ...asBuyer, input: { jobMaterialIds: shortages.slice(0, 1) } });
  }
  const done = await findJobsWithFirstItem(db, ['completed'], 3);
  const asShipper = { db, actor: shipper, clock: clockOn(opts.today) };
  for (const [i, { job }] of done.entries()) {
    const s = await createShipment({
      ...asShipper,
      input: {
        jobId: job.id,
        carrier: i === 2 ? 'local' : 'ups',
        service: i === 2 ? null : 'Ground',
        trackingNumber: i === 2 ? null : ['1Z5R89390357567127', '1Z879E930346834440'][i]!,
        address: {
          name: 'Receiving',
          line1: '200 Warehouse Rd',
          city: 'Austin',
          region: 'TX',
          postalCode: '78701',
          country: 'US',
        },
        packages: [{ weightLb: 18 + i * 4, lengthIn: 12, widthIn: 9, heightIn: 6 }],
        items: [],
        notifyClient: false,
      },
    });
    await updateShipment({ ...asShipper, id: s.id, input: { status: 'shipped' }, notice: null });
    if (i === 0) {
      await updateShipment({ ...asShipper, id: s.id, input: { status: 'delivered' }, notice: null });
    }
    if (i === 2) {
      await updateShipment({
        ...asShipper,
        id: s.id,
        input: { status: 'exception', exceptionReason: 'Dock closed on arrival; redeliver tomorrow' },
        notice: null,
      });
    }
  }
  return { vendors: vendors.length, materials: materials.length, paperId: materials[0]!.id };
}
