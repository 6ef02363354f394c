// The cost model keeps money in cents (clicks may hold fractions of a cent); people type and read dollars.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Cents as dollars for the screen: $1,082.75; amounts under a cent's precision keep up to 4 decimals. */
export function dollars(cents: number, maxDecimals = 2): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: Math.max(2, maxDecimals),
  }).format(cents / 100);
}

/** Whole-cent amounts (the engine's lines and totals). */
export const money = (cents: number) => usd.format(cents / 100);

/** A typed dollar amount ('' when blank) as cents, without float noise ($0.045 → 4.5 cents). */
export const toCents = (value: number | string): number | undefined =>
  value === '' ? undefined : Number((Number(value) * 100).toFixed(4));

/** Cents as a dollar number for an input. */
export const toDollars = (cents: number | null | undefined): Blank =>
  cents === null || cents === undefined ? '' : Number((cents / 100).toFixed(6));

/** A number input's value as a number, or undefined when blank (the server then says it is required). */
export const num = (value: number | string): number | undefined => (value === '' ? undefined : Number(value));

export const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A number input's value: blank until typed. */
export type Blank = number | '';
