import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';
import { PostalAddress } from './purchasing';

export const Carrier = z.enum(['ups', 'fedex', 'usps', 'local', 'pickup', 'freight']);
export type Carrier = z.infer<typeof Carrier>;
export const carrierLabels: Record<Carrier, string> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  local: 'Local delivery',
  pickup: 'Client pickup',
  freight: 'Freight',
};

export const ShipmentStatus = z.enum(['planned', 'packed', 'shipped', 'delivered', 'exception']);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

const dimension = z.number().positive().max(1000);
export const Package = z
  .object({
    weightLb: z.number().positive().max(20_000),
    lengthIn: dimension.nullable().optional(),
    widthIn: dimension.nullable().optional(),
    heightIn: dimension.nullable().optional(),
    contents: optionalText(200),
  })
  .strict();
export const ShippedItem = z
  .object({ itemId: z.uuid(), quantity: z.number().int().positive().max(100_000_000) })
  .strict();

export const CreateShipment = z
  .object({
    jobId: z.uuid(),
    carrier: Carrier,
    service: optionalText(80),
    trackingNumber: optionalText(60),
    address: PostalAddress,
    packages: z.array(Package).min(1, 'A shipment needs at least one package').max(500),
    items: z.array(ShippedItem).max(50).default([]),
    plannedDate: z.iso.date().nullable().optional(),
    notifyClient: z.boolean().default(true),
    notes: optionalText(2000),
    freight: z
      .object({
        freightClass: optionalText(10),
        nmfc: optionalText(20),
        pallets: z.number().int().min(1).max(100),
        hazardous: z.boolean().default(false),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type CreateShipment = z.input<typeof CreateShipment>;

export const UpdateShipment = z
  .object({
    status: ShipmentStatus.optional(),
    carrier: Carrier.optional(),
    service: optionalText(80),
    trackingNumber: optionalText(60),
    exceptionReason: optionalText(500),
    proofOfDelivery: z
      .object({
        receivedBy: trimmed(120),
        at: z.iso.datetime({ offset: true }).optional(),
        fileId: z.uuid().nullable().optional(),
      })
      .strict()
      .optional(),
    notes: optionalText(2000),
  })
  .strict();

export const TrackingCheck = z.object({ carrier: Carrier, trackingNumber: z.string().max(80) }).strict();
export const TrackingCheckResult = z.object({
  ok: z.boolean(),
  normalized: z.string().nullable(),
  url: z.string().nullable(),
  service: z.string().nullable(),
  message: z.string().nullable(),
});

export const Shipment = z.object({
  id: z.uuid(),
  number: z.string(),
  job: z.object({ id: z.uuid(), number: z.string(), title: z.string(), clientPo: z.string().nullable() }),
  account: z.object({ id: z.uuid(), name: z.string() }),
  carrier: Carrier,
  service: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  address: PostalAddress,
  packages: z.array(Package),
  items: z.array(
    z.object({ itemId: z.uuid(), quantity: z.number().int(), description: z.string().nullable() }),
  ),
  status: ShipmentStatus,
  plannedDate: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  exceptionReason: z.string().nullable(),
  proofOfDelivery: z
    .object({ receivedBy: z.string(), at: z.string(), fileId: z.uuid().nullable() })
    .nullable(),
  notifyClient: z.boolean(),
  notifiedAt: z.string().nullable(),
  notes: z.string().nullable(),
  freight: z
    .object({
      freightClass: z.string().nullable().optional(),
      nmfc: z.string().nullable().optional(),
      pallets: z.number().int(),
      hazardous: z.boolean(),
    })
    .nullable(),
  totalWeightLb: z.number(),
  createdAt: z.string(),
});
export type Shipment = z.infer<typeof Shipment>;

export const ShipmentListQuery = ListQuery.extend({
  view: z.enum(['ready', 'shipped', 'exceptions', 'all']).default('all'),
  jobId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  carrier: Carrier.optional(),
  /** Only shipments of jobs the signed-in account manager owns. */
  mine: z.enum(['true', 'false']).optional(),
}).strict();
