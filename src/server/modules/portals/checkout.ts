import { requireArtwork } from './artwork-lines';
import type { z } from 'zod';
import { MAX_JOB_ITEMS } from '../../../shared/jobs';
import type { Checkout } from '../../../shared/portals';
import type { Account } from '../../../shared/accounts';
import type { PostalAddress } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { lockForTransaction } from '../../platform/db/locks';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { getAccount } from '../accounts';
import { spendOf } from './budgets';
import { cartRows, checkQuantity, emptyCart } from './cart';
import { approversOf, emitOrderEvent } from './order-decisions';
import { money, tell, type OrderEffects } from './order-mail';
import { getOrder } from './order-queries';
import { clockOn } from '../../platform/service-context';
import { linePrices } from './pricing';
import { orderable } from './products';
import { reserveOrderStock, writeOrder } from './order-placing';
import type { portals } from './tables';
import { portalActor, type PortalPrincipal } from './users';

type PortalRow = typeof portals.$inferSelect;

/** Where the order goes: one of the account's shipping addresses the portal allows, or a typed one if allowed. */
function resolveShipTo(account: Account, portal: PortalRow, input: z.output<typeof Checkout>): PostalAddress {
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
 * INSUFFICIENT_STOCK. An approved order goes straight to fulfilment (its job is made after the commit). The
 * stock is reserved as the transaction's last work, so the rows every buyer of a product needs are held briefly.
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
  if (who.procurement)
    throw conflict(
      'This is a punch-out session: return the cart to your procurement system, which places the order',
    );
  const account = await getAccount({ db, id: portal.accountId, health: false });
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
  const shipTo = resolveShipTo(account, portal, input);
  // One checkout of a cart at a time: a second one waits, then finds the cart empty.
  await lockForTransaction(db, `cart:${user.id}`);
  const cart = await cartRows(db, user.id);
  if (!cart.length) throw invalid('The cart is empty');
  // Carts filled before the limit existed: one order becomes one job of at most this many items.
  if (cart.length > MAX_JOB_ITEMS) {
    throw invalid(`An order holds at most ${MAX_JOB_ITEMS} lines; this cart has ${cart.length}: remove some`);
  }
  const reasons: string[] = [];
  const prices = await linePrices(
    { db, clock: clockOn(today) },
    portal.accountId,
    cart.map(({ line, product }) => ({ product, quantity: line.quantity })),
  );
  let total = 0;
  for (const [i, { line, product }] of cart.entries()) {
    if (!orderable(product, user.costCentreIds, today))
      throw conflict(`${product.name} can no longer be ordered: remove it from the cart`);
    checkQuantity(product, line.quantity, `lines.${i}.quantity`);
    requireArtwork(product, line);
    if (product.kind === 'variable_data' && !line.proofApproved) {
      throw invalid(`Approve the proof of ${product.name} first`, [
        { path: `lines.${i}.proofApproved`, message: 'Proof not approved' },
      ]);
    }
    if (product.restricted) reasons.push(`${product.name} is restricted`);
    total += prices[i]!.amountCents;
  }
  if (user.spendingLimitCents !== null && total > user.spendingLimitCents) {
    reasons.push(`${money(total)} is over ${user.name}’s limit of ${money(user.spendingLimitCents)}`);
  }
  if (portal.approvalAboveCents !== null && total > portal.approvalAboveCents) {
    reasons.push(`orders over ${money(portal.approvalAboveCents)} need approval`);
  }
  const budget = portal.budgets.find((b) => b.costCentreId === centre.id);
  if (budget) {
    // One order at a time against a cost centre's budget, so concurrent orders cannot all fit in its room.
    await lockForTransaction(db, `budget:${portal.id}:${centre.id}`);
    const use = await spendOf(db, portal, centre.id, today);
    if (use.spent + use.pending + total > budget.amountCents) {
      reasons.push(
        `${centre.name} budget: ${money(use.spent + use.pending)} used of ${money(budget.amountCents)} for ${use.from} – ${use.to}`,
      );
    }
  }
  const { order, needs: reservations } = await writeOrder(db, {
    portal,
    today,
    files: effects.files,
    order: {
      buyerId: user.id,
      costCentreId: centre.id,
      status: reasons.length ? 'pending_approval' : 'approved',
      approvalReasons: reasons,
      shipTo,
      neededBy: input.neededBy ?? null,
      notes: input.notes ?? null,
      clientPo: input.clientPo ?? null,
    },
    lines: cart.map(({ line, product }, i) => ({
      product,
      quantity: line.quantity,
      values: line.values,
      artworkFileId: line.artworkFileId,
      proofApprovedAt: line.updatedAt,
      price: prices[i]!,
    })),
  });
  const actor = portalActor(user);
  await emptyCart(db, user.id);
  await recordAudit(db, actor, {
    action: 'order.placed',
    entityType: 'order',
    entityId: order.id,
    accountId: portal.accountId,
    summary: `${order.number} placed on /p/${portal.slug} by ${user.name}: ${money(total)}${reasons.length ? ` — waits for approval (${reasons.join('; ')})` : ''}`,
  });
  await tell(db, order, 'order.placed', user.email, effects, { portal, buyer: user });
  await emitOrderEvent(db, actor, order, 'order.placed');
  if (reasons.length) {
    for (const approver of await approversOf(db, order))
      await tell(db, order, 'order.approval-needed', approver.email, effects, { portal, buyer: user });
  } else {
    // The order becomes work after the commit: the order → job flow queues its release (flows/portal-order-to-job.ts).
    await emitOrderEvent(db, actor, order, 'order.approved');
  }
  const placed = await getOrder(db, order.id);
  // The stock rows last: a reserved row stays locked until the commit, and every buyer of the product waits for it.
  await reserveOrderStock(db, actor, order, reservations);
  return placed;
}
