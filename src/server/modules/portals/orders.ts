import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { CreateJob, MAX_JOB_ITEMS, type ProductType } from '../../../shared/jobs';
import type { BudgetUse, Checkout, Order, OrderListQuery, OrderStatus } from '../../../shared/portals';
import type { PostalAddress } from '../../../shared/purchasing';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { Mailer } from '../../platform/mail';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { getAccount } from '../accounts';
import { accounts, costCentres } from '../accounts/tables';
import { uploadJobFile, createJob } from '../jobs';
import { addDays } from '../../platform/calendar/working-days';
import { jobs } from '../jobs/tables';
import { defineMailTemplate, renderMailTemplate } from '../mail';
import { notifyUser } from '../notifications';
import { getUser } from '../users';
import { shipments } from '../shipping/tables';
import { checkQuantity } from './cart';
import { changeStock, lowStock } from './inventory';
import { orderable, unitPrice, variableDataProof } from './products';
import { cartLines, inventoryItems, orderLines, orders, portalUsers, portals, products } from './tables';
import { portalActor, type PortalPrincipal } from './users';

type OrderRow = typeof orders.$inferSelect;
type PortalRow = typeof portals.$inferSelect;
type ProductRow = typeof products.$inferSelect;
export type OrderEffects = { mailer: Mailer; files: FileStore; publicUrl: string; today: string };

const ORDER_FIELDS = [
  { name: 'order.number', description: 'Order number' },
  { name: 'order.total', description: 'Order total' },
  { name: 'order.status', description: 'Order status' },
  { name: 'buyer.name', description: 'Who placed the order' },
  { name: 'portal.name', description: 'The portal’s name' },
  { name: 'portal.link', description: 'Link to the order in the portal' },
  { name: 'decision.comment', description: 'The approver’s comment' },
  { name: 'approval.reasons', description: 'Why the order needs approval' },
];
defineMailTemplate({
  key: 'order.placed',
  name: 'Portal order received',
  subject: 'Order {{order.number}} received — {{order.status}}',
  body: 'Hello {{buyer.name}},\n\nWe received your order {{order.number}} ({{order.total}}) on {{portal.name}}: {{order.status}}.\n\nFollow it here: {{portal.link}}\n',
  fields: ORDER_FIELDS,
});
defineMailTemplate({
  key: 'order.approval-needed',
  name: 'Portal order waiting for approval',
  subject: 'Please approve order {{order.number}} from {{buyer.name}}',
  body: '{{buyer.name}} placed order {{order.number}} ({{order.total}}) on {{portal.name}}. It needs your approval: {{approval.reasons}}.\n\nApprove or reject it here: {{portal.link}}\n',
  fields: ORDER_FIELDS,
});
defineMailTemplate({
  key: 'order.decided',
  name: 'Portal order approved or rejected',
  subject: 'Order {{order.number}} {{order.status}}',
  body: 'Hello {{buyer.name}},\n\nYour order {{order.number}} ({{order.total}}) was {{order.status}}.\n{{decision.comment}}\n\n{{portal.link}}\n',
  fields: ORDER_FIELDS,
});

const money = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const SPENT: OrderStatus[] = ['approved', 'in_fulfilment', 'shipped', 'completed'];

/** The budget period containing `today`: calendar month, quarter, or the fiscal year from its start month. */
export function budgetPeriod(
  portal: Pick<PortalRow, 'budgetPeriod' | 'fiscalYearStartMonth'>,
  today: string,
) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const iso = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
  const span = (startYear: number, startMonth: number, months: number) => {
    const endIndex = startYear * 12 + startMonth - 1 + months;
    return {
      from: iso(startYear, startMonth),
      to: addDays(iso(Math.floor(endIndex / 12), (endIndex % 12) + 1), -1),
    };
  };
  if (portal.budgetPeriod === 'month') return span(y, m, 1);
  if (portal.budgetPeriod === 'quarter') return span(y, Math.floor((m - 1) / 3) * 3 + 1, 3);
  const start = portal.fiscalYearStartMonth;
  return span(m >= start ? y : y - 1, start, 12);
}

async function spendOf(db: Db, portal: PortalRow, costCentreId: string, today: string) {
  const { from, to } = budgetPeriod(portal, today);
  const [row] = await db
    .select({
      spent: sql<number>`coalesce(sum(${orders.totalCents}) filter (where ${orders.status} in ${SPENT}), 0)::int`,
      pending: sql<number>`coalesce(sum(${orders.totalCents}) filter (where ${orders.status} = 'pending_approval'), 0)::int`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.portalId, portal.id),
        eq(orders.costCentreId, costCentreId),
        sql`${orders.createdAt} >= ${from}::date and ${orders.createdAt} < (${to}::date + 1)`,
      ),
    );
  return { from, to, spent: row?.spent ?? 0, pending: row?.pending ?? 0 };
}

export async function budgetsOf(db: Db, who: PortalPrincipal, today: string): Promise<BudgetUse[]> {
  const account = await getAccount({ db, id: who.portal.accountId });
  const out: BudgetUse[] = [];
  for (const c of account.costCentres) {
    if (
      who.user.costCentreIds.length &&
      !who.user.costCentreIds.includes(c.id) &&
      who.user.role !== 'client_admin'
    )
      continue;
    const use = await spendOf(db, who.portal, c.id, today);
    out.push({
      costCentre: { id: c.id, name: c.name, code: c.code },
      period: { from: use.from, to: use.to },
      budgetCents: who.portal.budgets.find((b) => b.costCentreId === c.id)?.amountCents ?? null,
      spentCents: use.spent,
      pendingCents: use.pending,
    });
  }
  return out;
}

/** Stocked lines reserve their item; kits reserve each stocked component. Returns [itemId, units] pairs. */
async function stockNeeds(db: Db, product: ProductRow, quantity: number): Promise<[string, number][]> {
  if (product.kind === 'stocked' && product.inventoryItemId) return [[product.inventoryItemId, quantity]];
  if (product.kind !== 'kit' || !product.components.length) return [];
  const parts = await db
    .select()
    .from(products)
    .where(
      inArray(
        products.id,
        product.components.map((c) => c.productId),
      ),
    );
  return product.components.flatMap((c) => {
    const p = parts.find((x) => x.id === c.productId);
    return p?.kind === 'stocked' && p.inventoryItemId
      ? [[p.inventoryItemId, c.quantity * quantity] as [string, number]]
      : [];
  });
}

async function resolveShipTo(
  db: Db,
  portal: PortalRow,
  input: z.output<typeof Checkout>,
): Promise<PostalAddress> {
  const account = await getAccount({ db, id: portal.accountId });
  if (input.shipToAddressId) {
    const a = account.addresses.find(
      (x) =>
        x.id === input.shipToAddressId &&
        x.kind === 'shipping' &&
        (!portal.shipToAddressIds.length || portal.shipToAddressIds.includes(x.id)),
    );
    if (!a)
      throw invalid('That address is not one you can ship to', [
        { path: 'shipToAddressId', message: 'Unknown address' },
      ]);
    return {
      name: account.name,
      attention: a.attention,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
      phone: null,
    };
  }
  if (!portal.allowNewAddresses)
    throw invalid('This portal ships only to saved addresses', [
      { path: 'shipToAddressId', message: 'Choose a saved address' },
    ]);
  const a = input.shipTo!;
  if (a.country === 'US' && !/^\d{5}(-\d{4})?$/.test(a.postalCode)) {
    throw invalid('A US ZIP code is 5 digits, or ZIP+4', [
      { path: 'shipTo.postalCode', message: 'Like 78701 or 78701-1234' },
    ]);
  }
  return { ...a, name: a.name ?? account.name };
}

/**
 * Turns the buyer's cart into an order in one transaction: prices, approval rules (spending limit,
 * restricted products, the portal's threshold, the cost centre's budget for the period), and an atomic
 * reservation of stock — if any line cannot be reserved, nothing is written and the answer is
 * INSUFFICIENT_STOCK. An approved order goes straight to fulfilment.
 */
export async function checkout(
  db: Db,
  who: PortalPrincipal,
  input: z.output<typeof Checkout>,
  effects: OrderEffects,
) {
  const { user, portal } = who;
  const today = effects.today;
  if (!['buyer', 'approver', 'client_admin'].includes(user.role)) throw forbidden('Viewers cannot order');
  const account = await getAccount({ db, id: portal.accountId });
  const centre = account.costCentres.find((c) => c.id === input.costCentreId);
  if (!centre || (user.costCentreIds.length && !user.costCentreIds.includes(centre.id))) {
    throw invalid('You cannot order on that cost centre', [
      { path: 'costCentreId', message: 'Not one of yours' },
    ]);
  }
  if (account.poRequired && !input.clientPo) {
    throw invalid(`${account.name} requires a PO number on every order`, [
      { path: 'clientPo', message: 'Required' },
    ]);
  }
  if (input.neededBy && input.neededBy < today) {
    throw invalid('The needed-by date is in the past', [{ path: 'neededBy', message: `${today} or later` }]);
  }
  const shipTo = await resolveShipTo(db, portal, input);
  const cart = await db
    .select({ line: cartLines, product: products })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(eq(cartLines.portalUserId, user.id))
    .orderBy(asc(cartLines.createdAt));
  if (!cart.length) throw invalid('The cart is empty');
  // Carts filled before the limit existed: one order becomes one job of at most this many items.
  if (cart.length > MAX_JOB_ITEMS) {
    throw invalid(`An order holds at most ${MAX_JOB_ITEMS} lines; this cart has ${cart.length}: remove some`);
  }
  const reasons: string[] = [];
  let total = 0;
  for (const [i, { line, product }] of cart.entries()) {
    if (!orderable(product, user.costCentreIds, today))
      throw conflict(`${product.name} can no longer be ordered: remove it from the cart`);
    checkQuantity(product, line.quantity, `lines.${i}.quantity`);
    if (product.kind === 'variable_data' && !line.proofApproved) {
      throw invalid(`Approve the proof of ${product.name} first`, [
        { path: `lines.${i}.proofApproved`, message: 'Proof not approved' },
      ]);
    }
    if (product.restricted) reasons.push(`${product.name} is restricted`);
    total += unitPrice(product, line.quantity) * line.quantity;
  }
  if (user.spendingLimitCents !== null && total > user.spendingLimitCents) {
    reasons.push(`${money(total)} is over ${user.name}’s limit of ${money(user.spendingLimitCents)}`);
  }
  if (portal.approvalAboveCents !== null && total > portal.approvalAboveCents) {
    reasons.push(`orders over ${money(portal.approvalAboveCents)} need approval`);
  }
  const budget = portal.budgets.find((b) => b.costCentreId === centre.id);
  if (budget) {
    const use = await spendOf(db, portal, centre.id, today);
    if (use.spent + use.pending + total > budget.amountCents) {
      reasons.push(
        `${centre.name} budget: ${money(use.spent + use.pending)} used of ${money(budget.amountCents)} for ${use.from} – ${use.to}`,
      );
    }
  }
  const number = await nextNumber(db, 'order', 'ORD', Number(today.slice(0, 4)));
  const [order] = await db
    .insert(orders)
    .values({
      accountId: portal.accountId,
      number,
      portalId: portal.id,
      buyerId: user.id,
      costCentreId: centre.id,
      status: reasons.length ? 'pending_approval' : 'approved',
      approvalReasons: reasons,
      shipTo,
      neededBy: input.neededBy ?? null,
      notes: input.notes ?? null,
      clientPo: input.clientPo ?? null,
      totalCents: total,
    })
    .returning();
  const actor = portalActor(user);
  for (const { line, product } of cart) {
    const proof =
      product.kind === 'variable_data'
        ? await effects.files.put(await variableDataProof(product, line.values, portal.name))
        : null;
    await db.insert(orderLines).values({
      accountId: portal.accountId,
      orderId: order!.id,
      productId: product.id,
      quantity: line.quantity,
      unitPriceCents: unitPrice(product, line.quantity),
      values: line.values,
      proofFileKey: proof?.key ?? null,
    });
    for (const [itemId, units] of await stockNeeds(db, product, line.quantity)) {
      await changeStock(db, actor, itemId, {
        kind: 'reserve',
        onHand: 0,
        reserved: units,
        reason: `Reserved for ${number}`,
        orderId: order!.id,
      });
    }
  }
  await db.delete(cartLines).where(eq(cartLines.portalUserId, user.id));
  await recordAudit(db, actor, {
    action: 'order.placed',
    entityType: 'order',
    entityId: order!.id,
    accountId: portal.accountId,
    summary: `${number} placed on /p/${portal.slug} by ${user.name}: ${money(total)}${reasons.length ? ` — waits for approval (${reasons.join('; ')})` : ''}`,
  });
  await tell(db, order!, 'order.placed', user.email, effects);
  if (reasons.length) {
    for (const approver of await approversOf(db, order!))
      await tell(db, order!, 'order.approval-needed', approver.email, effects);
  } else {
    await release(db, actor, order!, effects);
  }
  return getOrder(db, order!.id);
}

async function approversOf(db: Db, order: OrderRow) {
  const rows = await db
    .select()
    .from(portalUsers)
    .where(
      and(
        eq(portalUsers.portalId, order.portalId),
        eq(portalUsers.active, true),
        inArray(portalUsers.role, ['approver', 'client_admin']),
      ),
    );
  return rows.filter(
    (u) =>
      u.id !== order.buyerId && (!u.costCentreIds.length || u.costCentreIds.includes(order.costCentreId)),
  );
}

async function tell(db: Db, order: OrderRow, key: string, to: string, effects: OrderEffects) {
  const [portal] = await db.select().from(portals).where(eq(portals.id, order.portalId));
  const [buyer] = await db.select().from(portalUsers).where(eq(portalUsers.id, order.buyerId));
  const mail = await renderMailTemplate(db, key, {
    'order.number': order.number,
    'order.total': money(order.totalCents),
    'order.status':
      order.status === 'pending_approval' ? 'waiting for approval' : order.status.replace('_', ' '),
    'buyer.name': buyer!.name,
    'portal.name': portal!.name,
    'portal.link': `${effects.publicUrl}/p/${portal!.slug}/orders/${order.id}`,
    'decision.comment': order.decisionComment ? `Comment: ${order.decisionComment}` : '',
    'approval.reasons': order.approvalReasons.join('; '),
  });
  await effects.mailer.queueMail(db, { to, ...mail });
}

/**
 * An approved order becomes work: one job for the order (stocked lines to pick and pack, print-on-demand and
 * variable-data lines to print with their specs and approved proofs), which then ships through shipments.
 */
async function release(db: Db, actor: Actor, order: OrderRow, effects: OrderEffects) {
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.createdAt));
  const today = effects.today;
  const dueDate = order.neededBy && order.neededBy >= today ? order.neededBy : addDays(today, 7);
  const items = lines.map(({ line, product }) => {
    const made = product.kind === 'print_on_demand' || product.kind === 'variable_data';
    const values = Object.values(line.values).join(', ');
    return {
      productType: (made && product.productType ? product.productType : 'fulfilment') as ProductType,
      quantity: line.quantity,
      description:
        `${product.sku} ${product.name}${values ? ` — ${values}` : ''}${made ? '' : ' (pick from client stock)'}`.slice(
          0,
          500,
        ),
      spec: made ? product.spec : {},
      proof: 'none' as const,
    };
  });
  const job = await createJob({
    db,
    actor,
    today,
    input: CreateJob.parse({
      accountId: order.accountId,
      title: `Portal order ${order.number}`,
      dueDate,
      clientPo: order.clientPo ?? `Portal ${order.number}`,
      description: `Ordered on the portal. Ship to ${order.shipTo.line1}, ${order.shipTo.city}.${order.notes ? `\n${order.notes}` : ''}`,
      items,
    }),
  });
  for (const [i, { line, product }] of lines.entries()) {
    if (!line.proofFileKey) continue;
    await uploadJobFile({
      db,
      actor,
      files: effects.files,
      jobId: job.id,
      input: {
        itemId: job.items[i]?.id ?? null,
        kind: 'proof',
        filename: `${product.sku}-approved-proof.pdf`,
        contentType: 'application/pdf',
        contentBase64: (await effects.files.get(line.proofFileKey)).toString('base64'),
      },
    });
  }
  await db.update(orders).set({ jobId: job.id, updatedAt: new Date() }).where(eq(orders.id, order.id));
}

async function lockOrder(db: Db, id: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!order) throw notFound('Order');
  return order;
}

/** Approves or rejects an order waiting for approval; a rejection gives back its reserved stock. */
export async function decide(
  db: Db,
  opts: {
    orderId: string;
    approve: boolean;
    comment?: string | null;
    actor: Actor;
    approver?: typeof portalUsers.$inferSelect;
    effects: OrderEffects;
  },
) {
  const order = await lockOrder(db, opts.orderId);
  if (opts.approver) {
    const allowed = (await approversOf(db, order)).some((u) => u.id === opts.approver!.id);
    if (!allowed) throw notFound('Order');
  }
  if (order.status !== 'pending_approval')
    throw conflict(`${order.number} is ${order.status.replace('_', ' ')}: nothing to decide`);
  if (!opts.approve) await releaseReservations(db, opts.actor, order);
  const [updated] = await db
    .update(orders)
    .set({
      status: opts.approve ? 'approved' : 'rejected',
      decidedByPortalUserId: opts.approver?.id ?? null,
      decidedByUserId: opts.approver ? null : opts.actor.id,
      decidedByLabel: opts.actor.name,
      decidedAt: new Date(),
      decisionComment: opts.comment ?? null,
      updatedAt: new Date(),
    })
    .where(eq(orders.id, order.id))
    .returning();
  await recordAudit(db, opts.actor, {
    action: opts.approve ? 'order.approved' : 'order.rejected',
    entityType: 'order',
    entityId: order.id,
    accountId: order.accountId,
    summary: `${order.number} ${opts.approve ? 'approved' : 'rejected'} by ${opts.actor.name}${opts.comment ? `: ${opts.comment}` : ''}`,
  });
  const [buyer] = await db.select().from(portalUsers).where(eq(portalUsers.id, order.buyerId));
  await tell(db, updated!, 'order.decided', buyer!.email, opts.effects);
  if (opts.approve) await release(db, opts.actor, updated!, opts.effects);
  return getOrder(db, order.id);
}

async function releaseReservations(db: Db, actor: Actor, order: OrderRow) {
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, order.id));
  for (const { line, product } of lines) {
    if (line.picked) continue;
    for (const [itemId, units] of await stockNeeds(db, product, line.quantity)) {
      await changeStock(db, actor, itemId, {
        kind: 'release',
        onHand: 0,
        reserved: -units,
        reason: `Released from ${order.number}`,
        orderId: order.id,
      });
    }
  }
}

/** The warehouse confirms picking the stocked lines: reserved units leave the shelf; low stock alerts the AM once. */
export async function pickOrder(db: Db, actor: Actor, orderId: string, effects: OrderEffects) {
  const order = await lockOrder(db, orderId);
  if (!['approved', 'in_fulfilment'].includes(order.status))
    throw conflict(`${order.number} is ${order.status.replace('_', ' ')}: nothing to pick`);
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(and(eq(orderLines.orderId, order.id), eq(orderLines.picked, false)));
  const touched = new Set<string>();
  for (const { line, product } of lines) {
    const needs = await stockNeeds(db, product, line.quantity);
    for (const [itemId, units] of needs) {
      await changeStock(db, actor, itemId, {
        kind: 'pick',
        onHand: -units,
        reserved: -units,
        reason: `Picked for ${order.number}`,
        orderId: order.id,
        jobId: order.jobId,
      });
      touched.add(itemId);
    }
    if (needs.length)
      await db
        .update(orderLines)
        .set({ picked: true, updatedAt: new Date() })
        .where(eq(orderLines.id, line.id));
  }
  await db
    .update(orders)
    .set({ status: 'in_fulfilment', updatedAt: new Date() })
    .where(eq(orders.id, order.id));
  await recordAudit(db, actor, {
    action: 'order.picked',
    entityType: 'order',
    entityId: order.id,
    accountId: order.accountId,
    summary: `${order.number} picked from client stock`,
  });
  for (const itemId of touched) await alertIfLow(db, itemId, effects);
  return getOrder(db, order.id);
}

async function alertIfLow(db: Db, itemId: string, effects: OrderEffects) {
  const [item] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, itemId));
  if (!item || !lowStock(item) || item.lowAlertedAt) return;
  await db.update(inventoryItems).set({ lowAlertedAt: new Date() }).where(eq(inventoryItems.id, itemId));
  const [account] = await db.select().from(accounts).where(eq(accounts.id, item.accountId));
  if (!account?.ownerId) return;
  const title = `Low stock: ${item.sku} ${item.name} for ${account.name} (${item.onHand - item.reserved} left, reorder at ${item.reorderPoint})`;
  await notifyUser(db, {
    userId: account.ownerId,
    kind: 'inventory.low',
    title,
    link: `/inventory?item=${item.id}`,
  });
  const owner = await getUser({ db, id: account.ownerId });
  await effects.mailer.queueMail(db, {
    to: owner.email,
    subject: title,
    text: `${title}\n\nCreate the reprint job in one click: ${effects.publicUrl}/inventory?item=${item.id}\n`,
  });
}

// ── Reading orders ────────────────────────────────────────────────────────────

const selectOrders = (db: Db) =>
  db
    .select({
      o: orders,
      portal: { id: portals.id, slug: portals.slug, name: portals.name },
      accountName: accounts.name,
      buyer: { id: portalUsers.id, name: portalUsers.name, email: portalUsers.email },
      centre: { id: costCentres.id, name: costCentres.name, code: costCentres.code },
      jobNumber: jobs.number,
    })
    .from(orders)
    .innerJoin(portals, eq(portals.id, orders.portalId))
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .innerJoin(portalUsers, eq(portalUsers.id, orders.buyerId))
    .innerJoin(costCentres, eq(costCentres.id, orders.costCentreId))
    .leftJoin(jobs, eq(jobs.id, orders.jobId));
type OrderJoin = Awaited<ReturnType<ReturnType<typeof selectOrders>['where']>>[number];

async function present(db: Db, rows: OrderJoin[]): Promise<Order[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.o.id);
  const lines = await db
    .select({
      line: orderLines,
      product: { id: products.id, sku: products.sku, name: products.name, kind: products.kind },
    })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(inArray(orderLines.orderId, ids))
    .orderBy(asc(orderLines.createdAt));
  const jobIds = rows.map((r) => r.o.jobId).filter((x): x is string => Boolean(x));
  const sent = jobIds.length
    ? await db
        .select()
        .from(shipments)
        .where(inArray(shipments.jobId, jobIds))
        .orderBy(asc(shipments.createdAt))
    : [];
  return rows.map(({ o, portal, accountName, buyer, centre, jobNumber }) => {
    const mine = sent.filter((s) => s.jobId === o.jobId);
    const moving = ['approved', 'in_fulfilment'].includes(o.status) && mine.length > 0;
    const status: OrderStatus =
      moving && mine.every((s) => s.status === 'delivered')
        ? 'completed'
        : moving && mine.some((s) => s.status === 'shipped' || s.status === 'delivered')
          ? 'shipped'
          : o.status;
    return {
      id: o.id,
      number: o.number,
      portal,
      account: { id: o.accountId, name: accountName },
      buyer,
      costCentre: centre,
      status,
      approvalReasons: o.approvalReasons,
      decision: o.decidedAt
        ? {
            by: o.decidedByLabel ?? '',
            at: o.decidedAt.toISOString(),
            comment: o.decisionComment,
            approved: o.status !== 'rejected',
          }
        : null,
      shipTo: o.shipTo,
      neededBy: o.neededBy,
      notes: o.notes,
      clientPo: o.clientPo,
      totalCents: o.totalCents,
      job: o.jobId ? { id: o.jobId, number: jobNumber! } : null,
      shipments: mine.map((s) => ({
        id: s.id,
        number: s.number,
        carrier: s.carrier,
        status: s.status,
        trackingNumber: s.trackingNumber,
        trackingUrl: s.trackingUrl,
      })),
      lines: lines
        .filter((l) => l.line.orderId === o.id)
        .map(({ line, product }) => ({
          id: line.id,
          product,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          amountCents: line.unitPriceCents * line.quantity,
          values: line.values,
          picked: line.picked,
        })),
      createdAt: o.createdAt.toISOString(),
    };
  });
}

export async function getOrder(db: Db, id: string, scope: { portalId?: string; buyerId?: string } = {}) {
  const rows = await selectOrders(db).where(
    and(
      eq(orders.id, id),
      scope.portalId ? eq(orders.portalId, scope.portalId) : undefined,
      scope.buyerId ? eq(orders.buyerId, scope.buyerId) : undefined,
    ),
  );
  if (!rows.length) throw notFound('Order');
  return (await present(db, rows))[0]!;
}

export async function listOrders(
  db: Db,
  query: z.output<typeof OrderListQuery>,
  scope: {
    portalId?: string;
    buyerId?: string;
    awaitingApprover?: typeof portalUsers.$inferSelect;
    ownerId?: string | null;
  } = {},
) {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const approver = scope.awaitingApprover;
  // The page's ids first, from the orders table alone (an index read backwards), then their details: joined in
  // one query, the planner sorted every matching order (row-level security hides how few rows it needs).
  const pageIds = db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        query.status === 'open'
          ? inArray(orders.status, ['pending_approval', 'approved', 'in_fulfilment'])
          : query.status
            ? eq(orders.status, query.status)
            : undefined,
        query.portalId ? eq(orders.portalId, query.portalId) : undefined,
        query.accountId ? eq(orders.accountId, query.accountId) : undefined,
        query.mine === 'true'
          ? inArray(
              orders.accountId,
              db
                .select({ id: accounts.id })
                .from(accounts)
                .where(eq(accounts.ownerId, scope.ownerId ?? '00000000-0000-0000-0000-000000000000')),
            )
          : undefined,
        scope.portalId ? eq(orders.portalId, scope.portalId) : undefined,
        scope.buyerId ? eq(orders.buyerId, scope.buyerId) : undefined,
        approver
          ? and(
              eq(orders.status, 'pending_approval'),
              sql`${orders.buyerId} <> ${approver.id}`,
              approver.costCentreIds.length
                ? sql`${orders.costCentreId} = any(${`{${approver.costCentreIds.join(',')}}`}::uuid[])`
                : undefined,
            )
          : undefined,
        after
          ? sql`(${orders.createdAt}, ${orders.id}) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit + 1);
  const rows = await selectOrders(db)
    .where(inArray(orders.id, pageIds))
    .orderBy(desc(orders.createdAt), desc(orders.id));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.o;
  return {
    items: await present(db, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}
