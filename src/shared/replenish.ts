import { z } from 'zod';
import { Material } from './purchasing';

/** A material at or below its reorder point (available + on order), with what to buy of it. */
export const ToReplenish = z.object({
  material: Material,
  /** What to order: enough to be back above the point and at least the reorder quantity, in whole packs. */
  suggested: z.object({
    quantity: z.number().int(),
    unit: z.string(),
    /** Stock units per `unit`. */
    factor: z.number().int(),
    /** quantity × factor: what it brings in, in the stock unit. */
    stockUnits: z.number().int(),
  }),
  /** A draft purchase order that already has a line for it, if any. */
  onDraft: z.object({ id: z.uuid(), number: z.string() }).nullable(),
});
export type ToReplenish = z.infer<typeof ToReplenish>;

export const ToReplenishList = z.object({ items: z.array(ToReplenish) });
