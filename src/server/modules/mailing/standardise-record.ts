import { standardizeAddress } from './address/standardize';
import { addressKey, matchKeys } from './dedupe-keys';
import type { MappedRecord } from './import/mapping';
import type { RawRecord, StandardisedRow, StoredStandardisation } from './records-repo';

/**
 * Flags that make a record unmailable: no line to deliver to, no ZIP to sort it by, or a ZIP that is not in
 * the address's state (one of them is wrong, and the piece would be sorted to the wrong place).
 */
const FATAL = new Set(['missing_line1', 'no_street_name', 'missing_zip', 'bad_zip', 'zip_state_mismatch']);

/** Standardises one record and computes its merge/purge keys (pure: no I/O, safe in a worker thread). */
export function standardiseRecord(r: RawRecord): StandardisedRow {
  const std = standardizeAddress({
    line1: r.address1,
    line2: r.address2,
    city: r.city,
    state: r.state,
    zip: r.zip4 ? `${r.zip}-${r.zip4}` : r.zip,
  });
  const flags = std.flags.map((f) => f.code);
  const mailable = !flags.some((f) => FATAL.has(f));
  const keys = matchKeys({
    fullName: r.full_name,
    firstName: r.first_name,
    lastName: r.last_name,
    company: r.company,
    address: mailable ? addressKey(std.line1, std.line2, std.zip5) : null,
  });
  return {
    s: r.seq,
    a1: std.line1,
    a2: std.line2,
    ci: std.city,
    st: std.state,
    z5: std.zip5,
    z4: std.zip4,
    fl: flags,
    m: mailable ? 1 : 0,
    ek: keys.exact,
    ik: keys.individual,
    hk: keys.household,
  };
}

/**
 * Names the standardisation the code above produces. An import stores it with its rows (they are
 * standardised as they are imported); a later standardisation reuses those rows only under the same
 * name — change it whenever the output of `standardiseRecord` changes. A sample is compared as well.
 */
export const STANDARDISER_VERSION = 'pub28-2026-12-06';

/** The imported record in the shape the standardiser reads (the same values the table returns). */
export function rawOf(r: MappedRecord): RawRecord {
  return {
    seq: r.seq,
    full_name: r.fullName,
    first_name: r.firstName,
    last_name: r.lastName,
    company: r.company,
    address1: r.address1,
    address2: r.address2,
    city: r.city,
    state: r.state,
    zip: r.zip,
    zip4: r.zip4,
  };
}

/** Whether a stored record's standardisation is what `standardiseRecord` gives for it now. */
export function storedMatches(stored: StoredStandardisation, row: StandardisedRow): boolean {
  return (
    stored.std_address1 === row.a1 &&
    stored.std_address2 === row.a2 &&
    stored.std_city === row.ci &&
    stored.std_state === row.st &&
    stored.std_zip5 === row.z5 &&
    stored.std_zip4 === row.z4 &&
    (stored.flags ?? []).join(' ') === row.fl.join(' ') &&
    stored.flags !== null &&
    stored.mailable === row.m &&
    stored.exact_key === row.ek &&
    stored.individual_key === row.ik &&
    stored.household_key === row.hk
  );
}
