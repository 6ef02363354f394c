import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { CreateAccount, CreateContact, Segment } from '../../shared/accounts';
import type { StaffRole } from '../../shared/users';
import { systemActor, type Actor } from '../platform/actor';
import { clockOn } from '../platform/service-context';
import type { Db } from '../platform/db';
import {
  CreateAccount as CreateAccountSchema,
  CreateContact as CreateContactSchema,
} from '../../shared/accounts';
import { createAccount, createContact } from '../modules/accounts';
import { createUser } from '../modules/users';
import { CreateJob as CreateJobSchema, type CreateJob as CreateJobInput } from '../../shared/jobs';
import { createJob } from '../modules/jobs';
import { addDays } from '../platform/calendar/working-days';
import { MaterialInput, VendorInput } from '../../shared/purchasing';
import { createMaterial, recordMovement, createVendor } from '../modules/purchasing';
import { InventoryItemInput, PortalInput, PortalUserInput, ProductInput } from '../../shared/portals';
import {
  createPortal,
  invitePortalUser,
  createInventoryItem,
  recordInventoryMovement,
  createProduct,
} from '../modules/portals';

type PortalInputValue = z.input<typeof PortalInput>;

/**
 * Factories build valid records through the real services (so audit and rules apply), creating any
 * missing parent. Tests, the demo data and the benchmarks all use them.
 */
const unique = () => randomUUID().slice(0, 8);
const todayUtc = () => new Date().toISOString().slice(0, 10);

export async function buildUser(
  db: Db,
  over: {
    email?: string;
    name?: string;
    role?: StaffRole;
    department?: string | null;
    password?: string;
  } = {},
) {
  const role = over.role ?? 'account_manager';
  return createUser({
    db,
    actor: systemActor,
    input: {
      email: over.email ?? `user-${unique()}@example.test`,
      name: over.name ?? `Test ${role} ${unique()}`,
      role,
      department: over.department ?? (role === 'production' ? 'press' : null),
      password: over.password ?? 'correct horse battery',
    },
  });
}

export async function buildAccount(
  db: Db,
  over: Partial<CreateAccount> & { segment?: Segment } = {},
  actor: Actor = systemActor,
) {
  const input = CreateAccountSchema.parse({ name: `Account ${unique()}`, segment: 'corporate', ...over });
  return createAccount({ db, actor, clock: clockOn(todayUtc()), input });
}

export async function buildContact(
  db: Db,
  over: Partial<CreateContact> & { accountId?: string } = {},
  actor: Actor = systemActor,
) {
  const { accountId: given, ...fields } = over;
  const accountId = given ?? (await buildAccount(db)).id;
  const n = unique();
  const input = CreateContactSchema.parse({
    firstName: 'Pat',
    lastName: `Tester ${n}`,
    emails: [`pat.${n}@client.example`],
    ...fields,
  });
  return createContact({ db, actor, clock: clockOn(todayUtc()), accountId, input });
}

export async function buildJob(
  db: Db,
  over: Partial<CreateJobInput> & { accountId?: string; today?: string } = {},
  actor: Actor = systemActor,
) {
  const { today: given, accountId: account, ...fields } = over;
  const today = given ?? new Date().toISOString().slice(0, 10);
  const accountId = account ?? (await buildAccount(db)).id;
  const input = CreateJobSchema.parse({
    accountId,
    title: `Job ${unique()}`,
    dueDate: addDays(today, 21),
    items: [{ productType: 'postcard', quantity: 1000 }],
    ...fields,
  });
  return createJob({ db, actor, input, clock: clockOn(today) });
}

export async function buildVendor(
  db: Db,
  over: Partial<z.input<typeof VendorInput>> = {},
  actor: Actor = systemActor,
) {
  const n = unique();
  const input = VendorInput.parse({ name: `Paper Co ${n}`, email: `orders.${n}@vendor.example`, ...over });
  return createVendor({ db, actor, clock: clockOn(todayUtc()), input });
}

/** A material, with `onHand` put into stock through a movement as a person would. */
export async function buildMaterial(
  db: Db,
  over: Partial<z.input<typeof MaterialInput>> & { onHand?: number } = {},
  actor: Actor = systemActor,
) {
  const { onHand, ...fields } = over;
  const input = MaterialInput.parse({
    sku: `PAP-${unique()}`,
    name: '100# Gloss Text 12×18',
    kind: 'paper',
    unit: 'sheet',
    packUnits: [{ name: 'ream', factor: 500 }],
    ...fields,
  });
  const clock = clockOn(todayUtc());
  const material = await createMaterial({ db, actor, clock, input });
  if (!onHand) return material;
  return recordMovement({
    db,
    actor,
    clock,
    materialId: material.id,
    input: { kind: 'adjustment', quantity: onHand, reason: 'Opening stock' },
  });
}

/** A portal for an account (made with a shipping address and two cost centres when not given). */
export async function buildPortal(
  db: Db,
  over: Partial<PortalInputValue> & { accountId?: string } = {},
  actor: Actor = systemActor,
) {
  const accountId =
    over.accountId ??
    (
      await buildAccount(db, {
        addresses: [
          {
            kind: 'shipping',
            label: 'Main office',
            line1: '100 Main St',
            city: 'Austin',
            region: 'TX',
            postalCode: '78701',
            isDefault: true,
          },
        ],
        costCentres: [
          { name: 'Marketing', code: `MKT-${unique()}` },
          { name: 'Operations', code: `OPS-${unique()}` },
        ],
      })
    ).id;
  const input = PortalInput.parse({ slug: `p-${unique()}`, name: 'Ordering portal', ...over, accountId });
  return createPortal({ db, actor, clock: clockOn(new Date().toISOString().slice(0, 10)), input });
}

/** A portal user who can sign in at once with `password` (no invitation). */
export async function buildPortalUser(
  db: Db,
  portalId: string,
  over: Partial<z.input<typeof PortalUserInput>> & { password?: string } = {},
  actor: Actor = systemActor,
) {
  const { password, ...fields } = over;
  const input = PortalUserInput.parse({
    email: `buyer.${unique()}@client.example`,
    name: 'Bea Buyer',
    role: 'buyer',
    ...fields,
  });
  return invitePortalUser({
    db,
    actor,
    clock: clockOn(new Date().toISOString().slice(0, 10)),
    portalId,
    input,
    access: { password: password ?? 'correct horse battery' },
  });
}

/** A client inventory item with `onHand` received into it. */
export async function buildInventoryItem(
  db: Db,
  accountId: string,
  over: Partial<z.input<typeof InventoryItemInput>> & { onHand?: number } = {},
  actor: Actor = systemActor,
) {
  const { onHand, ...fields } = over;
  const clock = clockOn(new Date().toISOString().slice(0, 10));
  const item = await createInventoryItem({
    db,
    actor,
    clock,
    input: InventoryItemInput.parse({ accountId, sku: `INV-${unique()}`, name: 'Brochure', ...fields }),
  });
  if (!onHand) return item;
  return recordInventoryMovement({
    db,
    actor,
    clock,
    itemId: item.id,
    input: { kind: 'receipt', quantity: onHand, reason: 'Delivered by the client' },
  });
}

export async function buildProduct(
  db: Db,
  portalId: string,
  over: Partial<z.input<typeof ProductInput>> = {},
  actor: Actor = systemActor,
) {
  return createProduct({
    db,
    actor,
    clock: clockOn(new Date().toISOString().slice(0, 10)),
    portalId,
    input: ProductInput.parse({
      sku: `SKU-${unique()}`,
      name: 'Product',
      kind: 'print_on_demand',
      productType: 'flat_sheet',
      ...over,
    }),
  });
}
