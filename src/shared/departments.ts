import { z } from 'zod';
import { trimmed } from './common';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour');

export const DepartmentInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{1,30}$/, 'Lower-case letters, digits, - and _'),
    name: trimmed(80),
    position: z.number().int().min(0).max(1000).default(0),
    workingDays: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'At least one working day')
      .max(7)
      .default([1, 2, 3, 4, 5]),
    dayStart: time.default('08:00'),
    dayEnd: time.default('17:00'),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((d) => d.dayEnd > d.dayStart, { message: 'The day must end after it starts', path: ['dayEnd'] });

export const UpdateDepartment = z
  .object({
    name: trimmed(80),
    position: z.number().int().min(0).max(1000),
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    dayStart: time,
    dayEnd: time,
    active: z.boolean(),
  })
  .partial()
  .strict();

export const Department = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  position: z.number().int(),
  workingDays: z.array(z.number().int()),
  dayStart: z.string(),
  dayEnd: z.string(),
  hoursPerDay: z.number(),
  active: z.boolean(),
});
export type Department = z.infer<typeof Department>;

export const Holiday = z.object({ id: z.uuid(), date: z.string(), name: z.string() });
export const HolidayInput = z.object({ date: z.iso.date(), name: trimmed(80) }).strict();

export const RouteStep = z
  .object({
    departmentCode: z.string().trim().min(1).max(31),
    name: trimmed(80),
    /** Typed time, or the set-up time when a speed is given. */
    standardHours: z.number().min(0).max(1000),
    /** Pieces an hour: the stage takes set-up + quantity ÷ this. */
    piecesPerHour: z.number().positive().max(10_000_000).optional(),
  })
  .strict();
export const ProductRoute = z.object({
  productType: z.string(),
  /** Its name on screen (a built-in one's unless an admin renamed it). */
  label: z.string(),
  builtIn: z.boolean(),
  /** A retired type stays on existing work but new jobs, quotes and products cannot use it. */
  active: z.boolean(),
  steps: z.array(RouteStep),
});
export type ProductRoute = z.infer<typeof ProductRoute>;
const productTypeCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'Lower-case letters, digits and _, starting with a letter (2–40)');
export const ProductTypeInput = z
  .object({ code: productTypeCode, label: trimmed(80), steps: z.array(RouteStep).min(1).max(20) })
  .strict();
export const UpdateProductType = z
  .object({ label: trimmed(80), active: z.boolean() })
  .partial()
  .strict()
  .refine((p) => p.label !== undefined || p.active !== undefined, {
    message: 'Give a label, active or both',
    path: ['label'],
  });
export const ProductRouteInput = z.object({ steps: z.array(RouteStep).min(1).max(20) }).strict();
