import { z } from 'zod';
import { ItemSpec, ProductType } from './jobs';

const isoDate = z.iso.date();

/** Work not yet saved, to ask when it could be delivered. */
export const DeliveryEstimateRequest = z
  .object({
    items: z
      .array(
        z
          .object({
            productType: ProductType,
            quantity: z.number().int().positive().max(100_000_000),
            spec: ItemSpec.default({}),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();

/** The earliest due date the route fits the current load, with where each stage would go. */
export const DeliveryEstimate = z.object({
  earliestDueDate: isoDate,
  /** When the last stage would finish ('YYYY-MM-DDTHH:MM', the shop's clock); null with no stages. */
  readyAt: z.string().nullable(),
  stages: z.array(
    z.object({
      name: z.string(),
      department: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
      /** The machine it would run on; null: the department's hand work. */
      machineId: z.uuid().nullable(),
      hours: z.number(),
      start: z.string(),
      end: z.string(),
    }),
  ),
});
export type DeliveryEstimate = z.infer<typeof DeliveryEstimate>;

/**
 * A planner puts a stage on a day (null: planning places it again) and/or on a machine of its department (null:
 * planning chooses). A field left out stays as it is.
 */
export const PlanStage = z
  .object({ pinnedOn: isoDate.nullable().optional(), machineId: z.uuid().nullable().optional() })
  .strict()
  .refine((p) => p.pinnedOn !== undefined || p.machineId !== undefined, {
    message: 'Give a day (pinnedOn), a machine (machineId) or both',
    path: ['pinnedOn'],
  });

export const LoadQuery = z
  .object({ from: isoDate.optional(), days: z.coerce.number().int().min(1).max(42).default(14) })
  .strict();

const LoadDays = z.array(
  z.object({
    date: isoDate,
    capacityHours: z.number(),
    bookedHours: z.number(),
    overbooked: z.boolean(),
  }),
);

/** A department's booked hours per day against its capacity: the sum of its machines, and each machine. */
export const DepartmentLoad = z.object({
  department: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  days: LoadDays,
  machines: z.array(
    z.object({
      /** Null: the department's hand work (work no machine of it runs). */
      id: z.uuid().nullable(),
      name: z.string(),
      days: LoadDays,
    }),
  ),
});
export type DepartmentLoad = z.infer<typeof DepartmentLoad>;
