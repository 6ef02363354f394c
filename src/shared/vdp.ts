import { z } from 'zod';

/**
 * Variable-data templates: the client's own PDF design with the product's fields placed on it. Positions and
 * sizes are in the design's own units, PDF points (1/72 in), measured from the page's top-left corner.
 */

/** The fonts every shop has (DejaVu, bundled); uploaded fonts are named by their id. */
export const BUNDLED_FONTS = {
  'dejavu-sans': 'DejaVu Sans',
  'dejavu-sans-bold': 'DejaVu Sans Bold',
  'dejavu-serif': 'DejaVu Serif',
  'dejavu-serif-bold': 'DejaVu Serif Bold',
} as const;

export const DESIGN_MAX_BYTES = 15 * 1024 * 1024;
export const DESIGN_MAX_PAGES = 2;
export const FONT_MAX_BYTES = 8 * 1024 * 1024;

export const Placement = z
  .object({
    field: z.string().trim().min(1).max(40),
    page: z
      .number()
      .int()
      .min(0)
      .max(DESIGN_MAX_PAGES - 1)
      .default(0),
    x: z.number().min(0).max(5000),
    y: z.number().min(0).max(5000),
    width: z.number().min(4, 'A box at least 4 pt wide').max(5000),
    fontId: z.string().trim().min(1).max(60).default('dejavu-sans'),
    size: z.number().min(3, 'At least 3 pt').max(200),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1a2b3c')
      .default('#000000'),
    align: z.enum(['left', 'center', 'right']).default('left'),
    /** Long text: shrink down to minSize (then refuse), or wrap to at most maxLines lines. */
    fit: z.enum(['shrink', 'wrap']).default('shrink'),
    minSize: z.number().min(3).max(200).default(6),
    maxLines: z.number().int().min(1).max(20).default(1),
  })
  .strict()
  .refine((p) => p.minSize <= p.size, { message: 'The smallest size is above the size', path: ['minSize'] });
export type Placement = z.infer<typeof Placement>;

/** Press sheet and imposition settings for the print-ready PDF. */
export const Imposition = z
  .object({
    sheetWidthIn: z.number().min(2).max(60).default(12),
    sheetHeightIn: z.number().min(2).max(60).default(18),
    /** Bleed the design carries beyond the trim on each side, in points (0.125 in = 9 pt). */
    bleedPt: z.number().min(0).max(72).default(0),
    gutterPt: z.number().min(0).max(144).default(18),
  })
  .strict();
export type Imposition = z.infer<typeof Imposition>;

export const TemplateInput = z
  .object({
    placements: z.array(Placement).max(24),
    imposition: Imposition,
  })
  .strict();

export const DesignUpload = z
  .object({
    filename: z.string().trim().min(1).max(200),
    contentBase64: z
      .base64()
      .min(1)
      .max(Math.ceil((DESIGN_MAX_BYTES * 4) / 3) + 4),
  })
  .strict();

export const VdpTemplate = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  version: z.number().int(),
  designName: z.string(),
  pages: z.array(z.object({ width: z.number(), height: z.number() })),
  placements: z.array(Placement),
  imposition: Imposition,
  createdAt: z.string(),
});
export type VdpTemplate = z.infer<typeof VdpTemplate>;

export const ShopFont = z.object({
  id: z.string(),
  name: z.string(),
  bundled: z.boolean(),
  glyphCount: z.number().int(),
  createdAt: z.string().nullable(),
});
export type ShopFont = z.infer<typeof ShopFont>;

export const FontUpload = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/\.(ttf|otf)$/i, 'A .ttf or .otf file'),
    contentBase64: z
      .base64()
      .min(1)
      .max(Math.ceil((FONT_MAX_BYTES * 4) / 3) + 4),
  })
  .strict();
