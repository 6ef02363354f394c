import { z } from 'zod';

/** How a preflight finding weighs: `block` stops the line going into the cart, `warn` asks the buyer to confirm. */
export const Severity = z.enum(['block', 'warn']);
export type Severity = z.infer<typeof Severity>;

/** The preflight checks a print-on-demand product can weigh. */
export const PreflightCheck = z.enum(['pages', 'pageSize', 'fonts', 'resolution', 'colour']);
export type PreflightCheck = z.infer<typeof PreflightCheck>;
export const preflightCheckLabels: Record<PreflightCheck, string> = {
  pages: 'Page count',
  pageSize: 'Page size and bleed',
  fonts: 'Fonts embedded',
  resolution: 'Image resolution',
  colour: 'CMYK colour',
};

/** A print-on-demand product's artwork rules: the buyer uploads a PDF that is checked against them. */
export const ArtworkRules = z
  .object({
    /** The buyer must upload artwork to order the product. */
    required: z.boolean().default(true),
    /** Bleed on each side beyond the finished size (the finished size is the product's spec), in inches. */
    bleedIn: z.number().min(0).max(1).default(0.125),
    /** The pages the artwork must have (null: any number up to the upload limit). */
    pages: z.number().int().min(1).max(500).nullable().default(null),
    /** The least effective resolution of a placed image, in pixels per inch. */
    minPpi: z.number().int().min(72).max(1200).default(300),
    /** Whether RGB images or colour are findings (the press prints CMYK). */
    cmykOnly: z.boolean().default(true),
    severity: z
      .object({
        pages: Severity.default('block'),
        pageSize: Severity.default('block'),
        fonts: Severity.default('block'),
        resolution: Severity.default('warn'),
        colour: Severity.default('warn'),
      })
      .strict()
      .default({ pages: 'block', pageSize: 'block', fonts: 'block', resolution: 'warn', colour: 'warn' }),
  })
  .strict();
export type ArtworkRules = z.output<typeof ArtworkRules>;

export const PreflightFinding = z.object({
  check: PreflightCheck,
  severity: Severity,
  /** Plain language: what is wrong and what to do about it. */
  message: z.string(),
});
export type PreflightFinding = z.infer<typeof PreflightFinding>;

/** What the preflight saw and found in a buyer's PDF. */
export const PreflightReport = z.object({
  pages: z.number().int(),
  /** The first page's trim-with-bleed size as found (the media box, or the bleed box when set), in inches. */
  pageWidthIn: z.number(),
  pageHeightIn: z.number(),
  /** The size it should be: finished size plus bleed on each side (null when the product has no finished size). */
  expectedWidthIn: z.number().nullable(),
  expectedHeightIn: z.number().nullable(),
  fonts: z.array(z.object({ name: z.string(), embedded: z.boolean() })),
  images: z.array(
    z.object({
      page: z.number().int(),
      widthPx: z.number().int(),
      heightPx: z.number().int(),
      colourSpace: z.string(),
      /** Effective resolution at its placed size (the lesser of both axes). */
      ppi: z.number().int(),
    }),
  ),
  findings: z.array(PreflightFinding),
  /** Any finding blocks: the artwork cannot be ordered. */
  blocked: z.boolean(),
});
export type PreflightReport = z.infer<typeof PreflightReport>;

/** An uploaded artwork file and its preflight report, as the buyer sees it. */
export const ArtworkUpload = z.object({
  id: z.uuid(),
  name: z.string(),
  size: z.number().int(),
  report: PreflightReport,
});
export type ArtworkUpload = z.infer<typeof ArtworkUpload>;

/** An uploaded logo or product image and where the app serves it (to staff, or to the portal's users). */
export const UploadedFile = z.object({ id: z.uuid(), url: z.string() });
export type UploadedFile = z.infer<typeof UploadedFile>;
