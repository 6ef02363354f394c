import type { Db } from '../platform/db';
import { getAccount } from '../modules/accounts';
import { buildInventoryItem, buildPortal, buildPortalUser, buildProduct } from '../factories';

export const DEMO_PORTAL = 'acme';

/** A branded portal for one demo client: stocked items, print on demand, a variable-data card, a kit; three users. */
export async function seedDemoPortal(db: Db, opts: { accountId: string; password: string }) {
  const account = await getAccount({ db, id: opts.accountId });
  const [marketing, operations] = account.costCentres;
  const portal = await buildPortal(db, {
    accountId: account.id,
    slug: DEMO_PORTAL,
    name: `${account.name} print centre`,
    welcomeText:
      'Order brochures, business cards and welcome kits. Orders over $500 or over budget go to your approver.',
    primaryColour: '#0f766e',
    approvalAboveCents: 50_000,
    budgets: [
      { costCentreId: marketing!.id, amountCents: 250_000 },
      { costCentreId: operations!.id, amountCents: 100_000 },
    ],
  });
  const brochure = await buildInventoryItem(db, account.id, {
    sku: 'ACM-BRO-26',
    name: 'Product brochure 2026',
    onHand: 1_800,
    reorderPoint: 500,
    reorderQuantity: 2_500,
    location: 'Rack B-12',
  });
  const folder = await buildInventoryItem(db, account.id, {
    sku: 'ACM-FLD',
    name: 'Presentation folder',
    onHand: 240,
    reorderPoint: 300,
    reorderQuantity: 1_000,
    location: 'Rack B-14',
  });
  const brochureProduct = await buildProduct(db, portal.id, {
    kind: 'stocked',
    sku: 'BRO-26',
    name: 'Product brochure 2026',
    description: '8-page product overview, 8.5×11, from stock.',
    categories: ['Brochures'],
    inventoryItemId: brochure.id,
    productType: 'booklet',
    unitPriceCents: 85,
    multipleOf: 25,
    minQuantity: 25,
  });
  const folderProduct = await buildProduct(db, portal.id, {
    kind: 'stocked',
    sku: 'FLD',
    name: 'Presentation folder',
    categories: ['Stationery'],
    inventoryItemId: folder.id,
    productType: 'other',
    unitPriceCents: 120,
    multipleOf: 10,
    minQuantity: 10,
  });
  await buildProduct(db, portal.id, {
    kind: 'print_on_demand',
    sku: 'FLY-EVT',
    name: 'Event flyer',
    description: '8.5×11 flyer, full colour both sides, 100# gloss text.',
    categories: ['Flyers'],
    productType: 'flat_sheet',
    spec: { finishedSize: { width: 8.5, height: 11, unit: 'in' }, inks: { front: 4, back: 4, spots: [] } },
    unitPriceCents: 45,
    priceBreaks: [
      { minQuantity: 500, unitPriceCents: 32 },
      { minQuantity: 2_000, unitPriceCents: 21 },
    ],
    minQuantity: 100,
    multipleOf: 100,
  });
  await buildProduct(db, portal.id, {
    kind: 'variable_data',
    sku: 'BC-STD',
    name: 'Business cards',
    description: 'Standard card, 16 pt matte, your name and details.',
    categories: ['Stationery'],
    productType: 'business_card',
    fields: [
      { name: 'fullName', label: 'Name', required: true, maxLength: 40 },
      { name: 'title', label: 'Title', required: false, maxLength: 60 },
      { name: 'phone', label: 'Phone', required: false, maxLength: 30 },
      { name: 'email', label: 'E-mail', required: false, maxLength: 60 },
    ],
    unitPriceCents: 8,
    minQuantity: 250,
    multipleOf: 250,
  });
  await buildProduct(db, portal.id, {
    kind: 'kit',
    sku: 'KIT-WELCOME',
    name: 'New client welcome kit',
    description: 'A presentation folder with two brochures.',
    categories: ['Kits'],
    productType: 'fulfilment',
    components: [
      { productId: folderProduct.id, quantity: 1 },
      { productId: brochureProduct.id, quantity: 2 },
    ],
    unitPriceCents: 350,
    restricted: true,
  });
  const users = [
    { email: 'buyer@acme.example', name: 'Bea Buyer', role: 'buyer' as const, spendingLimitCents: 25_000 },
    {
      email: 'approver@acme.example',
      name: 'Abe Approver',
      role: 'approver' as const,
      spendingLimitCents: null,
    },
    {
      email: 'admin@acme.example',
      name: 'Ada Admin',
      role: 'client_admin' as const,
      spendingLimitCents: null,
    },
  ];
  for (const u of users) await buildPortalUser(db, portal.id, { ...u, password: opts.password });
  return { slug: portal.slug, users: users.map((u) => u.email) };
}
