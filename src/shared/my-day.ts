import { z } from 'zod';
import { Shortage } from './purchasing';

/** How many entries of a My day section the page shows before "Show all". */
export const MY_DAY_CAP = 10;

/** A My day section: its first entries, most urgent first, and how many there are in all. */
export const capped = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

/** A stage waiting in the signed-in production user's department. */
export const DayStage = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['pending', 'ready', 'in_progress', 'blocked']),
  blockedReason: z.string().nullable(),
  plannedEnd: z.string(),
  late: z.boolean(),
  job: z.object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    dueDate: z.string(),
    account: z.string(),
  }),
});
export type DayStage = z.infer<typeof DayStage>;

export const DepartmentDay = z.object({
  department: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  stages: capped(DayStage),
});
export type DepartmentDay = z.infer<typeof DepartmentDay>;

export const DayPurchaseOrder = z.object({
  id: z.uuid(),
  number: z.string(),
  vendor: z.string(),
  status: z.string(),
  expectedDate: z.string().nullable(),
});
export const DayReceipt = z.object({
  id: z.uuid(),
  at: z.string(),
  lines: z.number().int(),
  purchaseOrder: z.object({ id: z.uuid(), number: z.string() }),
  vendor: z.string(),
});

/** Purchasing's day: shortages to buy, orders late and due within a week, and what arrived this week. */
export const PurchasingDay = z.object({
  shortages: capped(Shortage),
  late: capped(DayPurchaseOrder),
  dueSoon: capped(DayPurchaseOrder),
  receipts: capped(DayReceipt),
});
export type PurchasingDay = z.infer<typeof PurchasingDay>;
