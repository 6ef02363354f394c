import type { Product } from '../../../shared/portals';

type Rules = Pick<Product, 'minQuantity' | 'maxQuantity' | 'multipleOf'>;

/** The smallest quantity the rules allow. */
export function firstQuantity(p: Rules): number {
  const m = Math.max(1, p.multipleOf);
  return Math.ceil(p.minQuantity / m) * m;
}

/** What is wrong with a quantity under the product's rules, or null when it is fine. */
export function quantityProblem(p: Rules, q: number): string | null {
  if (!Number.isInteger(q) || q < 1) return 'Enter a whole number';
  if (q < p.minQuantity) return `Order at least ${p.minQuantity.toLocaleString()}`;
  if (p.maxQuantity !== null && q > p.maxQuantity) return `Order at most ${p.maxQuantity.toLocaleString()}`;
  if (p.multipleOf > 1 && q % p.multipleOf !== 0)
    return `Order in multiples of ${p.multipleOf.toLocaleString()}`;
  return null;
}

/** "At least 100 · at most 1,000 · in multiples of 50". */
export function quantityHint(p: Rules): string {
  return [
    p.minQuantity > 1 ? `At least ${p.minQuantity.toLocaleString()}` : null,
    p.maxQuantity !== null ? `at most ${p.maxQuantity.toLocaleString()}` : null,
    p.multipleOf > 1 ? `in multiples of ${p.multipleOf.toLocaleString()}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
    .replace(/^a/, 'A');
}

/** The unit price at a quantity: the largest price break it reaches, else the base price. */
export function unitPriceAt(p: Pick<Product, 'unitPriceCents' | 'priceBreaks'>, q: number): number | null {
  if (p.unitPriceCents === null) return null;
  const reached = p.priceBreaks
    .filter((b) => q >= b.minQuantity)
    .sort((a, b) => b.minQuantity - a.minQuantity);
  return reached[0]?.unitPriceCents ?? p.unitPriceCents;
}
