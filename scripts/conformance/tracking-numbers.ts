/**
 * Checks the tracking-number module against every test number in the public tracking_number_data set
 * (`../shared/standards/tracking-numbers`, or JOBJACKET_STANDARDS_DIR). Run:
 *   npx tsx scripts/conformance/tracking-numbers.ts
 * Prints, per number family, how many valid numbers were accepted and invalid ones rejected; exits 1 on
 * any miss. Families of couriers Jobjacket does not ship with (DHL, OnTrac…) are listed as skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { checkTrackingNumber, type Carrier } from '../../src/server/modules/shipping/tracking';
import { standardsPath } from '../../test/helpers/standards';

type DataFile = {
  courier_code: string;
  tracking_numbers: { name: string; test_numbers: { valid: string[]; invalid: string[] } }[];
};

/** S10 numbers are international postal items, which reach us through USPS. */
const CARRIER_OF_COURIER: Record<string, Carrier> = { ups: 'ups', fedex: 'fedex', usps: 'usps', s10: 'usps' };

const dir = standardsPath('tracking-numbers');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

let misses = 0;
let accepted = 0;
let validTotal = 0;
let rejected = 0;
let invalidTotal = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(standardsPath('tracking-numbers', file), 'utf8')) as DataFile;
  const carrier = CARRIER_OF_COURIER[data.courier_code];
  for (const family of data.tracking_numbers) {
    if (!carrier) {
      console.log(`${family.name}: skipped (courier "${data.courier_code}" is not a Jobjacket carrier)`);
      continue;
    }
    const { valid, invalid } = family.test_numbers;
    const missedValid = valid.filter((n) => !checkTrackingNumber(carrier, n).ok);
    const missedInvalid = invalid.filter((n) => checkTrackingNumber(carrier, n).ok);
    const a = valid.length - missedValid.length;
    const b = invalid.length - missedInvalid.length;
    console.log(
      `${family.name}: valid ${a}/${valid.length} accepted, invalid ${b}/${invalid.length} rejected`,
    );
    for (const n of missedValid) console.log(`  not accepted: "${n}"`);
    for (const n of missedInvalid) console.log(`  not rejected: "${n}"`);
    misses += missedValid.length + missedInvalid.length;
    accepted += a;
    validTotal += valid.length;
    rejected += b;
    invalidTotal += invalid.length;
  }
}
console.log(
  `Total: valid ${accepted}/${validTotal} accepted, invalid ${rejected}/${invalidTotal} rejected` +
    (misses ? ` — ${misses} miss${misses === 1 ? '' : 'es'}` : ''),
);
process.exitCode = misses ? 1 : 0;
