import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { MappedRecord } from './import/mapping';

/**
 * SQL for the records of a list. Rows move in batches as one JSON parameter unpacked with
 * `jsonb_to_recordset`: one statement per few thousand rows, the same on PostgreSQL and PGlite, and
 * no limit on bound parameters.
 */

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

export async function insertRecords(db: Db, importId: string, batch: MappedRecord[]): Promise<void> {
  if (!batch.length) return;
  const json = JSON.stringify(
    batch.map((r) => ({
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
    })),
  );
  await db.execute(sql`
    insert into mailing_records
      (import_id, seq, full_name, first_name, last_name, company, address1, address2, city, state, zip, zip4, custom)
    select ${importId}::uuid, x.s, x.n, x.f, x.l, x.c, x.a1, x.a2, x.ci, x.st, x.z, x.z4, x.cu
    from jsonb_to_recordset(${json}::jsonb)
      as x(s int, n text, f text, l text, c text, a1 text, a2 text, ci text, st text, z text, z4 text, cu jsonb)`);
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
    from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
      as x(s int, a1 text, a2 text, ci text, st text, z5 text, z4 text, fl text[], m int, ek text, ik text, hk text)
    where r.import_id = ${importId}::uuid and r.seq = x.s`);
}

const keyColumn = {
  exact: sql.raw('exact_key'),
  individual: sql.raw('individual_key'),
  household: sql.raw('household_key'),
};

/**
 * Marks every record whose key equals an earlier record's key as a duplicate of the first one (file
 * order decides who is kept). Only records still kept take part, so levels apply one after another.
 */
export async function markDuplicates(
  db: Db,
  importId: string,
  kind: 'exact' | 'individual' | 'household',
): Promise<number> {
  const key = keyColumn[kind];
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`
      with ranked as (
        select seq, min(seq) over (partition by ${key}) as keep
        from mailing_records
        where import_id = ${importId}::uuid and ${key} is not null and dup_kind is null
      ), marked as (
        update mailing_records r set dup_kind = ${kind}, dup_of = ranked.keep
        from ranked
        where r.import_id = ${importId}::uuid and r.seq = ranked.seq and ranked.seq <> ranked.keep
        returning 1
      )
      select count(*)::int as n from marked`),
  );
  return Number(rows[0]?.n ?? 0);
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
