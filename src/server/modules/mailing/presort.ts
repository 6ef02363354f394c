import type { MailClass, MailShape, Presort, SortLevel } from '../../../shared/mailing';
import { mailClassLabels } from '../../../shared/mailing';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { conflict } from '../../platform/errors';
import { findList } from './lists';
import { piecesByZip5 } from './records-repo';
import { ratesOn } from './rates';

/**
 * Presort estimate. Pieces are grouped by 5-digit ZIP; a 5-digit group with at least the tray minimum
 * gets its own trays; what is left rolls up to its 3-digit prefix, and 3-digit groups under the minimum
 * go to mixed trays. Tray counts divide by a typical capacity per tray. This is a planning figure, not
 * a USPS-qualified presort (that needs the labelling lists and the PAVE-certified software).
 */
export const TRAY = {
  letter: { capacity: 500, minimum: 150, unit: '2-ft letter trays' },
  postcard: { capacity: 1000, minimum: 150, unit: '2-ft letter trays' },
  flat: { capacity: 250, minimum: 10, unit: 'flat tubs' },
} as const;

/** Minimum volumes for presorted prices: First-Class 500 pieces; Marketing Mail 200 pieces or 50 lb. */
export function minimumVolume(mailClass: MailClass, pieces: number, pieceWeightOz: number) {
  const pounds = (pieces * pieceWeightOz) / 16;
  if (mailClass === 'first_class') {
    return pieces >= 500
      ? { met: true, message: `${pieces} pieces: meets the First-Class presort minimum of 500` }
      : {
          met: false,
          message: `${pieces} pieces: First-Class presort needs at least 500; priced at single-piece rates`,
        };
  }
  if (pieces >= 200 || pounds >= 50)
    return {
      met: true,
      message: `${pieces} pieces, ${pounds.toFixed(1)} lb: meets the Marketing Mail minimum (200 pieces or 50 lb)`,
    };
  return {
    met: false,
    message: `${pieces} pieces, ${pounds.toFixed(1)} lb: USPS Marketing Mail needs at least 200 pieces or 50 lb`,
  };
}

export type ZipCount = { zip5: string; pieces: number };

/** The tray plan for counts per 5-digit ZIP (pure: tested on known data). */
export function planTrays(counts: ZipCount[], shape: MailShape) {
  const { capacity, minimum } = TRAY[shape];
  const trays = (n: number) => Math.ceil(n / capacity);
  const fiveDigit = counts.map((c) => ({
    zip5: c.zip5,
    pieces: c.pieces,
    trays: c.pieces >= minimum ? trays(c.pieces) : 0,
    level: (c.pieces >= minimum ? '5digit' : '3digit') as SortLevel,
  }));
  const byZip3 = new Map<string, number>();
  for (const c of fiveDigit)
    if (c.level !== '5digit')
      byZip3.set(c.zip5.slice(0, 3), (byZip3.get(c.zip5.slice(0, 3)) ?? 0) + c.pieces);
  const threeDigit = [...byZip3.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zip3, pieces]) => ({
      zip3,
      pieces,
      trays: pieces >= minimum ? trays(pieces) : 0,
      level: (pieces >= minimum ? '3digit' : 'mixed') as SortLevel,
    }));
  const mixedZip3 = new Set(threeDigit.filter((t) => t.level === 'mixed').map((t) => t.zip3));
  for (const c of fiveDigit) if (mixedZip3.has(c.zip5.slice(0, 3)) && c.level === '3digit') c.level = 'mixed';
  const sum = (xs: { pieces: number }[]) => xs.reduce((a, x) => a + x.pieces, 0);
  const fivePieces = sum(fiveDigit.filter((c) => c.level === '5digit'));
  const threePieces = sum(threeDigit.filter((t) => t.level === '3digit'));
  const mixedPieces = sum(threeDigit.filter((t) => t.level === 'mixed'));
  const levels = [
    {
      sortLevel: '5digit' as SortLevel,
      pieces: fivePieces,
      trays: fiveDigit.reduce((a, c) => a + c.trays, 0),
    },
    {
      sortLevel: '3digit' as SortLevel,
      pieces: threePieces,
      trays: threeDigit.reduce((a, t) => a + t.trays, 0),
    },
    { sortLevel: 'mixed' as SortLevel, pieces: mixedPieces, trays: mixedPieces ? trays(mixedPieces) : 0 },
  ];
  return { fiveDigit, threeDigit, levels, totalTrays: levels.reduce((a, l) => a + l.trays, 0) };
}

/** Presort counts, trays, the minimum-volume check and the postage estimate for a list on a mailing date. */
export async function presortList(opts: { db: Db; id: string; mailingDate: string }): Promise<Presort> {
  const { db, id, mailingDate } = opts;
  const list = await findList(db, id);
  if (!list.currentImportId || !list.standardizedAt)
    throw conflict('Standardise the list first: presort counts use the standardised ZIP Codes');
  const counts = await piecesByZip5(db, list.currentImportId);
  const plan = planTrays(counts, list.shape);
  const pieces = plan.levels.reduce((a, l) => a + l.pieces, 0);
  const minimum = minimumVolume(list.mailClass, pieces, list.pieceWeightOz);

  // Below the minimum, First-Class falls back to single-piece prices; Marketing Mail has none.
  const priced: { sortLevel: SortLevel; pieces: number }[] = minimum.met
    ? plan.levels.filter((l) => l.pieces > 0)
    : list.mailClass === 'first_class'
      ? [{ sortLevel: 'single', pieces }]
      : [];
  const rates = await ratesOn(db, { on: mailingDate, mailClass: list.mailClass, shape: list.shape });
  const missing: string[] = [];
  const lines = priced.map((l) => {
    const rate = rates.find((r) => r.sortLevel === l.sortLevel);
    if (!rate)
      missing.push(
        `No ${mailClassLabels[list.mailClass]} ${list.shape} ${l.sortLevel} rate in effect on ${mailingDate}`,
      );
    return {
      sortLevel: l.sortLevel,
      pieces: l.pieces,
      rateMills: rate?.priceMills ?? null,
      amountCents: rate ? Math.round((l.pieces * rate.priceMills) / 10) : null,
    };
  });
  if (!minimum.met && list.mailClass === 'marketing') missing.push(minimum.message);
  const labels = [
    ...new Set(
      rates
        .filter((r) => priced.some((p) => p.sortLevel === r.sortLevel))
        .map((r) => r.label ?? 'rate table'),
    ),
  ];
  return {
    mailClass: list.mailClass,
    shape: list.shape,
    pieces,
    notMailable: list.recordCount - pieces - (list.dedupe ? list.recordCount - list.dedupe.kept : 0),
    duplicatesRemoved: list.dedupe ? list.recordCount - list.dedupe.kept : 0,
    trayCapacity: TRAY[list.shape].capacity,
    fiveDigit: plan.fiveDigit,
    threeDigit: plan.threeDigit,
    levels: plan.levels,
    totalTrays: plan.totalTrays,
    minimum,
    postage: {
      mailingDate,
      lines,
      totalCents: lines.length && !missing.length ? lines.reduce((a, l) => a + l.amountCents!, 0) : null,
      missing,
      rateSource: labels.join('; ') || 'no rates',
    },
  };
}

/** The list's presort on a mailing date: the given one, else the list's drop date, else today. */
export async function presortOnDate(opts: { db: Db; clock: Clock; id: string; mailingDate?: string }) {
  const list = await findList(opts.db, opts.id);
  return presortList({
    db: opts.db,
    id: opts.id,
    mailingDate: opts.mailingDate ?? list.dropDate ?? opts.clock.today(),
  });
}
