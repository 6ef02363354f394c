import type { Actor } from '../platform/actor';
import type { Db } from '../platform/db';
import { subscribe } from '../platform/events';
import type { Clock } from '../platform/service-context';
import { assessJobRisk, registerRiskFactor, type RiskFactor } from '../modules/jobs';
import { overduePurchaseOrdersOf, type PurchaseOrderEventPayload } from '../modules/purchasing';

/** A job waiting on a purchase order past its expected date is at risk. */
const lateOrders: RiskFactor = async ({ db, jobId, clock }) => {
  const late = await overduePurchaseOrdersOf({ db, jobId, clock });
  return late.length
    ? `it waits on ${late.map((p) => `${p.number} (expected ${p.expectedDate})`).join(', ')}`
    : null;
};

async function reassess(db: Db, actor: Actor, clock: Clock, payload: PurchaseOrderEventPayload) {
  for (const jobId of new Set(payload.jobIds)) await assessJobRisk({ db, actor, clock, jobId });
}

/**
 * Purchase orders and job risk: a late order puts the jobs waiting on it at risk (a risk factor of every
 * assessment), and a receipt or a change of an order (new expected date, closed, cancelled) re-assesses the
 * jobs it concerns at once, in the same transaction, as the person who made the change.
 */
export function wirePurchaseOrderRisk(opts: { clock: Clock }) {
  registerRiskFactor(lateOrders);
  subscribe('purchase_order.received', 'purchase-order-risk', (db, { payload, actor }) =>
    reassess(db, actor, opts.clock, payload),
  );
  subscribe('purchase_order.updated', 'purchase-order-risk', (db, { payload, actor }) =>
    reassess(db, actor, opts.clock, payload),
  );
}
