import { systemActor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { clockOn } from '../../platform/service-context';
import type { MailClass, MailShape, SortLevel } from '../../../shared/mailing';
import { createRate } from './rates';

export const SAMPLE_RATE_LABEL = 'SAMPLE rates for the demo — not USPS prices';

/** Per-piece prices in mills by class, shape and sort level (5-digit, 3-digit, mixed, single). */
const SAMPLE: [MailClass, MailShape, [SortLevel, number][]][] = [
  [
    'first_class',
    'letter',
    [
      ['5digit', 550],
      ['3digit', 550],
      ['mixed', 590],
      ['single', 730],
    ],
  ],
  [
    'first_class',
    'postcard',
    [
      ['5digit', 380],
      ['3digit', 380],
      ['mixed', 400],
      ['single', 560],
    ],
  ],
  [
    'first_class',
    'flat',
    [
      ['5digit', 1100],
      ['3digit', 1250],
      ['mixed', 1450],
      ['single', 1500],
    ],
  ],
  [
    'marketing',
    'letter',
    [
      ['5digit', 310],
      ['3digit', 340],
      ['mixed', 370],
    ],
  ],
  [
    'marketing',
    'postcard',
    [
      ['5digit', 310],
      ['3digit', 340],
      ['mixed', 370],
    ],
  ],
  [
    'marketing',
    'flat',
    [
      ['5digit', 520],
      ['3digit', 640],
      ['mixed', 730],
    ],
  ],
];

/**
 * Seeds the demo shop's postage rate table with made-up sample prices, labelled as such on every row,
 * so presort and postage can be tried. Real prices are entered by an admin (Mailing → Postage rates).
 */
export async function seedSampleRates(db: Db, effectiveFrom = '2025-01-01'): Promise<void> {
  for (const [mailClass, shape, levels] of SAMPLE) {
    for (const [sortLevel, priceMills] of levels) {
      await createRate({
        db,
        actor: systemActor,
        clock: clockOn(effectiveFrom),
        input: { mailClass, shape, sortLevel, priceMills, effectiveFrom, label: SAMPLE_RATE_LABEL },
      });
    }
  }
}
