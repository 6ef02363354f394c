import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { MappedRecord } from './import/mapping';

/**
 * SQL for the records of a list. Rows move in batches as one JSON parameter unpacked with
 * `json_to_recordset`: one statement per few thousand rows, the same on PostgreSQL and PGlite, and
 * no limit on bound parameters. Plain `json`, not `jsonb`: it is parsed once while it is unpacked
 * instead of being built into a `jsonb` value first (about 40 % less time per batch).
 */

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

/**
 * Writes a batch of imported rows. With `std` (same order), their standardised columns and merge/purge
 * keys go in the same statement: standardising while importing saves reading every row back and
 * rewriting it afterwards.
 */
export async function insertRecords(
  db: Db,
  importId: string,
  batch: MappedRecord[],
  std?: StandardisedRow[],
): Promise<void> {
  if (!batch.length) return;
  const json = JSON.stringify(
    batch.map((r, i) => {
      const x = std?.[i];
      return {
        s: r.seq,
        n: r.fullName,
        f: r.firstName,
        l: r.lastName,
        c: r.company,
        a1: r.address1,
        a2: r.address2,
        ci: r.city,
        st: r.state,
        z: r.zip,
        z4: r.zip4,
        cu: r.custom,
        ...(x && {
          sa1: x.a1,
          sa2: x.a2,
          sci: x.ci,
          sst: x.st,
          sz5: x.z5,
          sz4: x.z4,
          fl: x.fl,
          m: x.m,
          ek: x.ek,
          ik: x.ik,
          hk: x.hk,
        }),
      };
    }),
  );
  await db.execute(sql`
    insert into mailing_records
      (import_id, seq, full_name, first_name, last_name, company, address1, address2, city, state, zip, zip4, custom,
       std_address1, std_address2, std_city, std_state, std_zip5, std_zip4, flags, mailable,
       exact_key, individual_key, household_key)
    select ${importId}::uuid, x.s, x.n, x.f, x.l, x.c, x.a1, x.a2, x.ci, x.st, x.z, x.z4, x.cu,
      x.sa1, x.sa2, x.sci, x.sst, x.sz5, x.sz4, x.fl, x.m, x.ek, x.ik, x.hk
    from json_to_recordset(${json}::json)
      as x(s int, n text, f text, l text, c text, a1 text, a2 text, ci text, st text, z text, z4 text, cu jsonb,
           sa1 text, sa2 text, sci text, sst text, sz5 text, sz4 text, fl text[], m int, ek text, ik text, hk text)`);
}

/** Refreshes the planner's statistics after an import added (or replaced) many rows. */
export async function analyzeRecords(db: Db): Promise<void> {
  await db.execute(sql`analyze mailing_records`);
}

export async function deleteImportRecords(db: Db, importId: string): Promise<void> {
  await db.execute(sql`delete from mailing_records where import_id = ${importId}::uuid`);
}

export type RawRecord = {
  seq: number;
  full_name: string;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  zip4: string;
};

/** The next batch of records after `afterSeq`, in file order (keyset, so each batch is an index range). */
export async function readRawBatch(db: Db, importId: string, afterSeq: number, limit: number) {
  return rowsOf<RawRecord>(
    await db.execute(sql`
      select seq, full_name, first_name, last_name, company, address1, address2, city, state, zip, zip4
      from mailing_records where import_id = ${importId}::uuid and seq > ${afterSeq}
      order by seq limit ${limit}`),
  );
}

export type StandardisedRow = {
  s: number;
  a1: string;
  a2: string;
  ci: string;
  st: string;
  z5: string;
  z4: string;
  fl: string[];
  m: number;
  ek: string | null;
  ik: string | null;
  hk: string | null;
};

export async function writeStandardised(db: Db, importId: string, batch: StandardisedRow[]) {
  if (!batch.length) return;
  await db.execute(sql`
    update mailing_records r set
      std_address1 = x.a1, std_address2 = x.a2, std_city = x.ci, std_state = x.st, std_zip5 = x.z5,
      std_zip4 = x.z4, flags = x.fl, mailable = x.m, exact_key = x.ek, individual_key = x.ik,
      household_key = x.hk, dup_kind = null, dup_of = null, serial = null
    from json_to_recordset(${JSON.stringify(batch)}::json)
      as x(s int, a1 text, a2 text, ci text, st text, z5 text, z4 text, fl text[], m int, ek text, ik text, hk text)
    where r.import_id = ${importId}::uuid and r.seq = x.s`);
}

/** What standardising sets besides the standardised columns: no duplicate marks, no serials. */
export async function clearMarksAndSerials(db: Db, importId: string) {
  await db.execute(sql`
    update mailing_records set dup_kind = null, dup_of = null, serial = null
    where import_id = ${importId}::uuid and (dup_kind is not null or serial is not null)`);
}

/** The first records with their stored standardisation, to check it against the code that runs now. */
export async function readStandardisedSample(db: Db, importId: string, limit: number) {
  return rowsOf<RawRecord & StoredStandardisation>(
    await db.execute(sql`
      select seq, full_name, first_name, last_name, company, address1, address2, city, state, zip, zip4,
        std_address1, std_address2, std_city, std_state, std_zip5, std_zip4, flags, mailable,
        exact_key, individual_key, household_key
      from mailing_records where import_id = ${importId}::uuid
      order by seq limit ${limit}`),
  );
}

export type StoredStandardisation = {
  std_address1: string | null;
  std_address2: string | null;
  std_city: string | null;
  std_state: string | null;
  std_zip5: string | null;
  std_zip4: string | null;
  flags: string[] | null;
  mailable: number | null;
  exact_key: string | null;
  individual_key: string | null;
  household_key: string | null;
};

export type DuplicateCounts = { exact: number; individual: number; household: number };

/**
 * Merge/purge in one statement: every record whose key equals an earlier record's key is marked a
 * duplicate of the first one (file order decides who is kept), level after level — exact first, then
 * individual among the records exact left, then (for `household`) household among the rest. Each
 * duplicate row is written once. Keys are compared byte by byte (`collate "C"`): equality is the same
 * under any deterministic collation, and the sorts skip the locale's rules.
 * Expects the import's marks to have been cleared (`clearDuplicates`).
 */
export async function markDuplicates(
  db: Db,
  importId: string,
  level: 'individual' | 'household',
): Promise<DuplicateCounts> {
  const household = level === 'household';
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    const rows = rowsOf<{ kind: keyof DuplicateCounts; n: number }>(
      await tx.execute(sql`
        with exact as (
          select seq, individual_key as ik, household_key as hk,
            min(seq) over (partition by exact_key collate "C") as keep
          from mailing_records
          where import_id = ${importId}::uuid and exact_key is not null
        ), individual as (
          select seq, hk, min(seq) over (partition by ik collate "C") as keep
          from exact where keep = seq and ik is not null
        ), household as (
          select seq, min(seq) over (partition by hk collate "C") as keep
          from individual where keep = seq and hk is not null and ${sql.raw(household ? 'true' : 'false')}
        ), marks as (
          select seq, 'exact' as kind, keep from exact where keep <> seq
          union all select seq, 'individual', keep from individual where keep <> seq
          union all select seq, 'household', keep from household where keep <> seq
        ), marked as (
          update mailing_records r set dup_kind = marks.kind, dup_of = marks.keep
          from marks
          where r.import_id = ${importId}::uuid and r.seq = marks.seq
          returning marks.kind
        )
        select kind, count(*)::int as n from marked group by kind`),
    );
    const counts: DuplicateCounts = { exact: 0, individual: 0, household: 0 };
    for (const r of rows) counts[r.kind] = Number(r.n);
    return counts;
  });
}

export async function clearDuplicates(db: Db, importId: string) {
  await db.execute(sql`
    update mailing_records set dup_kind = null, dup_of = null
    where import_id = ${importId}::uuid and dup_kind is not null`);
}

export async function countRecords(db: Db, importId: string) {
  const rows = rowsOf<{ total: number; flagged: number; mailable: number; kept: number; examined: number }>(
    await db.execute(sql`
      select count(*)::int as total,
        count(*) filter (where cardinality(flags) > 0)::int as flagged,
        count(*) filter (where mailable = 1 and dup_kind is null)::int as mailable,
        count(*) filter (where dup_kind is null)::int as kept,
        count(*) filter (where exact_key is not null)::int as examined
      from mailing_records where import_id = ${importId}::uuid`),
  );
  return rows[0]!;
}

/** Mailable, kept pieces per 5-digit ZIP. */
export async function piecesByZip5(db: Db, importId: string) {
  return rowsOf<{ zip5: string; pieces: number }>(
    await db.execute(sql`
      select std_zip5 as zip5, count(*)::int as pieces from mailing_records
      where import_id = ${importId}::uuid and mailable = 1 and dup_kind is null
      group by std_zip5 order by std_zip5`),
  );
}

/**
 * Gives the mailable, kept records serials `first`, `first + 1`… in file order, wrapping at `modulo`;
 * every other record of the import loses its serial.
 */
export async function assignSerials(db: Db, importId: string, first: number, modulo: number) {
  await db.execute(sql`
    update mailing_records set serial = null where import_id = ${importId}::uuid and serial is not null`);
  await db.execute(sql`
    update mailing_records r set serial = (${first}::bigint + n.rn - 1) % ${modulo}::bigint
    from (
      select seq, row_number() over (order by seq) as rn from mailing_records
      where import_id = ${importId}::uuid and mailable = 1 and dup_kind is null
    ) n
    where r.import_id = ${importId}::uuid and r.seq = n.seq`);
}

export type FullRecord = RawRecord & {
  custom: Record<string, string> | null;
  std_address1: string | null;
  std_address2: string | null;
  std_city: string | null;
  std_state: string | null;
  std_zip5: string | null;
  std_zip4: string | null;
  flags: string[] | null;
  mailable: number | null;
  dup_kind: 'exact' | 'individual' | 'household' | null;
  dup_of: number | null;
  serial: number | string | null;
};

export type RecordFilter = 'all' | 'flagged' | 'duplicates' | 'mailable';
const filters: Record<RecordFilter, ReturnType<typeof sql>> = {
  all: sql`true`,
  flagged: sql`cardinality(flags) > 0`,
  duplicates: sql`dup_kind is not null`,
  mailable: sql`mailable = 1 and dup_kind is null`,
};

/** A page of records after `afterSeq` matching the filter, in file order. */
export async function readRecords(
  db: Db,
  importId: string,
  filter: RecordFilter,
  afterSeq: number,
  limit: number,
) {
  return rowsOf<FullRecord>(
    await db.execute(sql`
      select * from mailing_records
      where import_id = ${importId}::uuid and seq > ${afterSeq} and ${filters[filter]}
      order by seq limit ${limit}`),
  );
}

export async function readRecordsBySeq(db: Db, importId: string, seqs: number[]) {
  if (!seqs.length) return [];
  return rowsOf<FullRecord>(
    await db.execute(sql`
      select * from mailing_records
      where import_id = ${importId}::uuid and seq in (select jsonb_array_elements_text(${JSON.stringify(seqs)}::jsonb)::int)`),
  );
}
