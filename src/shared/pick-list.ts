import { z } from 'zod';
import { optionalText, trimmed } from './common';

// The warehouse's pick list: one order or a batch of approved ones, walked in bin-location order.

/** `?orders=<id>,<id>`: up to 50 orders on one list. */
export const PickListQuery = z
  .object({
    orders: z
      .string()
      .max(50 * 37)
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.uuid()).min(1, 'Choose at least one order').max(50, 'At most 50 orders on one list')),
  })
  .strict();

export const PickLine = z.object({
  orderId: z.uuid(),
  orderNumber: z.string(),
  orderLineId: z.uuid(),
  /** The stocked product to take off the shelf (a kit's component when `kit` is set). */
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  /** The inventory item's SKU, as its shelf label and barcode say. */
  itemSku: z.string(),
  location: z.string().nullable(),
  quantity: z.number().int(),
  unit: z.string(),
  kit: z.object({ sku: z.string(), name: z.string(), quantity: z.number().int() }).nullable(),
  picked: z.boolean(),
  pickedBy: z.string().nullable(),
});
export type PickLine = z.infer<typeof PickLine>;

export const PickList = z.object({
  orders: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: z.string(),
      account: z.string(),
      buyer: z.string(),
      shipTo: z.string(),
    }),
  ),
  /** By bin location (natural order: A-2 before A-10; no location last), then SKU and order. */
  lines: z.array(PickLine),
  /** Every line ticked: the orders can be confirmed as picked. */
  complete: z.boolean(),
});
export type PickList = z.infer<typeof PickList>;

export const PickTick = z
  .object({ orderLineId: z.uuid(), productId: z.uuid(), picked: z.boolean() })
  .strict();
/** A scanned barcode or typed SKU: ticks the first unticked line of the list with that SKU. */
export const PickScan = z.object({ orders: z.array(z.uuid()).min(1).max(50), code: trimmed(80) }).strict();
export const PickConfirm = z.object({ orders: z.array(z.uuid()).min(1).max(50) }).strict();

/** Staff edit an inventory item's description and where it sits. */
export const InventoryItemEdit = z
  .object({
    name: trimmed(160),
    unit: trimmed(20),
    reorderPoint: z.number().int().min(0),
    reorderQuantity: z.number().int().min(0),
    /** The bin location, e.g. "A-03-2". */
    location: optionalText(60),
  })
  .partial()
  .strict();
