import { z } from 'zod';

/** Paper the shop prints its documents on: PDFs and Word files follow it. */
export const PaperSize = z.enum(['letter', 'a4']);
export type PaperSize = z.infer<typeof PaperSize>;

/** The shop's own letterhead, printed on purchase orders, bills of lading, packing slips, tickets and reports. */
export const ShopProfile = z.object({
  name: z.string(),
  /** The postal address, one line per printed line. */
  address: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** Where the logo is served (`/api/v1/shop-profile/logo`), or null without one. */
  logoUrl: z.string().nullable(),
  paperSize: PaperSize,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type ShopProfile = z.infer<typeof ShopProfile>;

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => v || null);

export const ShopProfileInput = z
  .object({
    name: z.string().trim().min(1, 'The shop needs a name').max(120),
    address: z
      .string()
      .trim()
      .max(400)
      .refine((v) => v.split('\n').length <= 6, 'At most six address lines')
      .default(''),
    phone: optional(40),
    email: z.email('Not an e-mail address').max(254).nullable().optional().or(z.literal('')),
    paperSize: PaperSize,
  })
  .strict();

/** A logo upload: PNG or JPEG, at most 2 MB; its bytes decide what it is, not its name. */
export const ShopLogoInput = z
  .object({
    filename: z.string().trim().min(1).max(200),
    contentBase64: z.base64().min(1).max(2_800_000, 'The logo is limited to 2 MB'),
  })
  .strict();
