import { registerRiskFactor } from '../jobs';
import { overduePurchaseOrdersOf } from './purchase-orders';

/** A job waiting on a purchase order past its expected date is at risk. */
export function wirePurchasingRisk() {
  registerRiskFactor(async ({ db, jobId, today }) => {
    const late = await overduePurchaseOrdersOf(db, jobId, today);
    return late.length
      ? `it waits on ${late.map((p) => `${p.number} (expected ${p.expectedDate})`).join(', ')}`
      : null;
  });
}
