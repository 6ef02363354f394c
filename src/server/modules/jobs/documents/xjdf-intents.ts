import type { ItemSpec, Job, ProductType } from '../../../../shared/jobs';
import { el, type XmlNode } from './xml';

/** Maps an item's spec onto XJDF 2.x product intents; anything we cannot map faithfully is left out. */

type Item = Job['items'][number];
type Size = NonNullable<ItemSpec['finishedSize']>;

const POINTS_PER = { in: 72, mm: 72 / 25.4 } as const;
const pt = (v: number, unit: Size['unit']) => String(Math.round(v * POINTS_PER[unit] * 100) / 100);

/** XJDF ProductType for our product types (a free NMTOKEN; these follow CIP4's usual names). */
export const xjdfProductTypes: Partial<Record<ProductType, string>> = {
  flat_sheet: 'Flyer',
  folded_brochure: 'Brochure',
  booklet: 'Book',
  envelope: 'Envelope',
  letter: 'Letter',
  postcard: 'Postcard',
  business_card: 'BusinessCard',
  large_format: 'Poster',
};

/** A stock weight in g/m² when it is written as such ("130gsm", "130 g/m2"); lb weights are not converted. */
export function gsm(weight: string | null | undefined): number | null {
  const m =
    /(\d+(?:[.,]\d+)?)\s*(?:gsm|g\s*\/\s*m\s*(?:2|²|\^2)|g\s*\/\s*sqm|grams?\s*per\s*square\s*met)/i.exec(
      weight ?? '',
    );
  return m ? Number(m[1]!.replace(',', '.')) : null;
}

/** The fold catalog entry for the usual folds; null when the wording is not one we can map. */
export function foldCatalog(fold: string | null | undefined): string | null {
  const f = (fold ?? '').toLowerCase();
  if (/\b(tri-?fold|letter|roll)\b/.test(f)) return 'F6-1';
  if (/\b(half|bi-?fold|single)\b/.test(f)) return 'F4-1';
  return null;
}

const bindings: [RegExp, string][] = [
  [/saddle/, 'SaddleStitch'],
  [/perfect|pur\b|soft\s*cover/, 'SoftCover'],
  [/case|hard\s*cover/, 'HardCover'],
  [/wire|twin\s*loop/, 'WireComb'],
  [/coil|spiral/, 'CoilBinding'],
  [/comb/, 'CombBinding'],
  [/side\s*stitch/, 'SideStitch'],
  [/corner|staple/, 'CornerStitch'],
  [/ring/, 'RingBinding'],
  [/screw|chicago/, 'ScrewBinding'],
  [/strip|velo/, 'StripBinding'],
  [/channel/, 'ChannelBinding'],
  [/tape/, 'Tape'],
  [/pad/, 'EdgeGluing'],
];

/** BindingIntent/@BindingType from the binding wording; null when unknown. */
export function bindingType(binding: string | null | undefined): string | null {
  const b = (binding ?? '').toLowerCase();
  return bindings.find(([re]) => re.test(b))?.[1] ?? null;
}

function coating(finish: string | null | undefined): string | undefined {
  const f = (finish ?? '').toLowerCase();
  if (/gloss/.test(f)) return 'Gloss';
  if (/matte?|dull/.test(f)) return 'Matte';
  if (/silk|satin|velvet/.test(f)) return 'Satin';
  if (/uncoated/.test(f)) return 'None';
  if (/coated/.test(f)) return 'Coated';
  return undefined;
}

const PROCESS = ['Cyan', 'Magenta', 'Yellow', 'Black'];
const token = (s: string) => s.trim().replace(/[^A-Za-z0-9._:-]+/g, '_') || 'Spot';

/**
 * Separation names for one side: CMYK for 4+ colours, Black for fewer, then the named spots in the
 * remaining slots. Spots that do not fit the count ("4/4 + PMS 286") are added to the front, so none is lost.
 */
function separations(n: number, spots: string[], front: boolean): string[] {
  if (n <= 0) return [];
  const named = spots.map(token);
  const base = n >= 4 ? PROCESS : ['Black'];
  const slots = Math.max(0, n - base.length);
  const extra = Array.from({ length: slots }, (_, i) => named[i] ?? `Spot${i + 1}`);
  const leftover = front ? named.slice(slots) : [];
  return [...base.slice(0, n), ...extra, ...leftover];
}

const intent = (name: string, child: XmlNode, description?: string | null) =>
  el('Intent', { Name: name, DescriptiveName: description }, [child]);

/** The intents of one product, in a stable order. */
export function productIntents(item: Item): XmlNode[] {
  const s = item.spec;
  const out: XmlNode[] = [];
  const sides = s.inks ? (s.inks.back > 0 ? 'TwoSidedHeadToHead' : 'OneSided') : undefined;
  const layout = {
    Dimensions: s.flatSize
      ? `${pt(s.flatSize.width, s.flatSize.unit)} ${pt(s.flatSize.height, s.flatSize.unit)}`
      : undefined,
    FinishedDimensions: s.finishedSize
      ? `${pt(s.finishedSize.width, s.finishedSize.unit)} ${pt(s.finishedSize.height, s.finishedSize.unit)} 0`
      : undefined,
    Pages: item.pages ?? undefined,
    Sides: sides,
  };
  if (Object.values(layout).some((v) => v !== undefined))
    out.push(intent('LayoutIntent', el('LayoutIntent', layout)));
  if (s.stock && Object.values(s.stock).some(Boolean)) {
    const c = coating(s.stock.finish);
    const media = el('MediaIntent', {
      MediaType: 'Paper',
      Coating: c,
      BackCoating: c,
      Weight: gsm(s.stock.weight) ?? undefined,
      MediaQuality: [s.stock.name, s.stock.weight, s.stock.finish].filter(Boolean).join(', '),
      MediaColorDetails: s.stock.colour,
    });
    out.push(intent('MediaIntent', media));
  }
  if (s.inks && s.inks.front + s.inks.back > 0) {
    const spots = s.inks.spots ?? [];
    const surfaces = [
      ['Front', s.inks.front],
      ['Back', s.inks.back],
    ] as const;
    const colors = surfaces
      .filter(([, n]) => n > 0)
      .map(([side, n]) =>
        el('SurfaceColor', { Surface: side, ColorsUsed: separations(n, spots, side === 'Front').join(' ') }),
      );
    out.push(intent('ColorIntent', el('ColorIntent', {}, colors)));
  }
  const fold = foldCatalog(s.finishing?.fold);
  if (fold) out.push(intent('FoldingIntent', el('FoldingIntent', { FoldCatalog: fold }), s.finishing?.fold));
  const binding = bindingType(s.finishing?.binding);
  if (binding) {
    out.push(intent('BindingIntent', el('BindingIntent', { BindingType: binding }), s.finishing?.binding));
  }
  const laminate = s.finishing?.laminate;
  if (laminate) {
    const both = /both|2\s*sides?|two|2\/2|1\/1/i.test(laminate);
    const texture = coating(laminate);
    out.push(
      intent(
        'LaminatingIntent',
        el('LaminatingIntent', {
          Surface: both ? 'Front Back' : 'Front',
          Texture: texture === 'Gloss' || texture === 'Matte' ? texture : undefined,
        }),
        laminate,
      ),
    );
  }
  return out;
}
