import { OperationInput, PressInput } from '../../shared/estimating';
import { systemActor } from '../platform/actor';
import type { Db } from '../platform/db';
import { clockOn } from '../platform/service-context';
import { saveOperation, savePress, saveRules } from '../modules/estimating';
import { createQuote } from '../modules/quotes';

export const demoPresses = [
  {
    name: 'Komori Lithrone 28',
    kind: 'offset',
    maxSheet: { width: 20, height: 28 },
    minSheet: { width: 11, height: 17 },
    marginIn: 0.25,
    colours: 4,
    makeReadyMinutes: 30,
    makeReadySheets: 100,
    sheetsPerHour: 8000,
    hourlyRateCents: 15_000,
    plateCents: 1200,
  },
  {
    name: 'Xerox Versant 280',
    kind: 'digital',
    maxSheet: { width: 13, height: 19.2 },
    minSheet: { width: 7.2, height: 10 },
    marginIn: 0.2,
    makeReadyMinutes: 10,
    makeReadySheets: 10,
    sheetsPerHour: 2400,
    hourlyRateCents: 6000,
    clickColourCents: 4.5,
    clickMonoCents: 0.9,
  },
];
export const demoOperations = [
  { name: 'Letter fold', kind: 'finishing', setupCents: 2500, rateCents: 1800, per: 'thousand' },
  { name: 'Score', kind: 'finishing', setupCents: 1500, rateCents: 1200, per: 'thousand' },
  { name: 'Trim to size', kind: 'finishing', setupCents: 1000, rateCents: 5, per: 'sheet' },
  { name: 'Saddle stitch', kind: 'finishing', setupCents: 4000, rateCents: 4, per: 'piece' },
  { name: 'Inkjet addressing', kind: 'mailing', setupCents: 2500, rateCents: 3, per: 'piece' },
  { name: 'Tabbing (2 tabs)', kind: 'mailing', setupCents: 1500, rateCents: 2, per: 'piece' },
];

/** The demo shop's cost model (the presses and rates of docs/estimating.md) and a draft quote to look at. */
export async function seedDemoEstimating(
  db: Db,
  opts: { today: string; accountId: string; paperId: string },
) {
  const ctx = { db, actor: systemActor, clock: clockOn(opts.today) };
  for (const p of demoPresses) await savePress({ ...ctx, input: PressInput.parse(p) });
  const ops = [];
  for (const o of demoOperations) ops.push(await saveOperation({ ...ctx, input: OperationInput.parse(o) }));
  await saveRules({
    ...ctx,
    input: {
      bleedIn: 0.125,
      gutterIn: 0.25,
      spoilage: [
        { fromQuantity: 0, percent: 5 },
        { fromQuantity: 1000, percent: 3 },
        { fromQuantity: 10_000, percent: 2 },
      ],
      markupPercent: 40,
      segmentMarkups: { state: 30, education: 30 },
      minimumChargeCents: 7500,
      taxRatePercent: 8.25,
    },
  });
  const validUntil = new Date(Date.parse(`${opts.today}T00:00:00Z`) + 30 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  await createQuote({
    ...ctx,
    input: {
      accountId: opts.accountId,
      title: 'Open enrolment mailer',
      validUntil,
      turnaroundDays: 10,
      terms: 'Net 30. Prices exclude freight.',
      clientNotes: 'Prices include letter folding; postage is billed at cost.',
      internalNotes: null,
      items: [
        {
          description: 'Tri-fold mailer, 11×8.5 flat, 4/4',
          productType: 'folded_brochure',
          optional: false,
          proof: 'pdf',
          flatSize: { width: 11, height: 8.5, unit: 'in' },
          flatsPerCopy: 1,
          inks: { front: 4, back: 4, spots: [] },
          paper: { materialId: opts.paperId },
          operationIds: [ops[0]!.id],
          outside: [],
          postageCentsPerPiece: 0,
          quantities: [2500, 5000, 10_000],
        },
      ],
    },
  });
}
