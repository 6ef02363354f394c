import type { z } from 'zod';
import type { EngineSpec } from '../../../shared/estimating';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { estimateRequest } from '../estimating';
import type { products } from './tables';

type ProductRow = typeof products.$inferSelect;
type Spec = z.output<typeof EngineSpec>;
type Ctx = { db: Db; clock: Clock };
// The engine takes at most 20 items a request.
const BATCH = 20;

/** The unit price for a quantity: the best price break reached, else the base price. */
export function unitPrice(p: Pick<ProductRow, 'unitPriceCents' | 'priceBreaks'>, quantity: number) {
  const reached = p.priceBreaks
    .filter((b) => quantity >= b.minQuantity)
    .sort((a, b) => b.minQuantity - a.minQuantity);
  return reached[0]?.unitPriceCents ?? p.unitPriceCents;
}

/**
 * Checks a product's engine specs by pricing its least quantity for the portal's account, and keeps the paper as
 * priced (a catalogue paper's name, sheet and price as of now), so the portal prices without the catalogue.
 */
export async function checkedEngineSpec(
  ctx: Ctx,
  accountId: string,
  spec: Spec,
  quantity: number,
): Promise<Spec> {
  const estimate = await estimateRequest(ctx, {
    accountId,
    items: [{ ...spec, quantities: [quantity], postageCentsPerPiece: 0 }],
  });
  const { name, width, height, costPerThousandCents } = estimate.items[0]!.paper;
  return { ...spec, paper: { name, width, height, costPerThousandCents: Math.round(costPerThousandCents) } };
}

/**
 * What each line costs before tax: a price-break product its unit price × the quantity; a product priced by the
 * engine the engine's price for that quantity at the account's markup (minimum charge included), which is not a
 * whole cent a unit — `unitPriceCents` is then the rounded figure shown, `amountCents` the price.
 */
export async function linePrices(
  ctx: Ctx,
  accountId: string,
  lines: { product: ProductRow; quantity: number }[],
): Promise<{ unitPriceCents: number; amountCents: number }[]> {
  const prices = lines.map(({ product, quantity }) => {
    const unit = unitPrice(product, quantity);
    return { unitPriceCents: unit, amountCents: unit * quantity };
  });
  const engine = lines.flatMap((line, index) => (line.product.engineSpec ? [{ ...line, index }] : []));
  for (let start = 0; start < engine.length; start += BATCH) {
    const batch = engine.slice(start, start + BATCH);
    const estimate = await estimateRequest(ctx, {
      accountId,
      items: batch.map(({ product, quantity }) => ({
        ...(product.engineSpec as Spec),
        quantities: [quantity],
        postageCentsPerPiece: 0,
      })),
    });
    batch.forEach(({ index, quantity }, i) => {
      const amountCents = estimate.items[i]!.quantities[0]!.priceCents;
      prices[index] = { unitPriceCents: Math.round(amountCents / quantity), amountCents };
    });
  }
  return prices;
}
