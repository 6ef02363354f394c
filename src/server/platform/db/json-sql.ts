/**
 * Pieces of SQL for answers PostgreSQL writes as JSON (the job page, the catalogue, the order list): written so
 * that the text equals what Node's presenters would send.
 */

/** A timestamptz column as `Date.toISOString()` writes it (UTC, milliseconds, `Z`). */
export const isoMoment = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A string as an SQL literal (for text known when the module loads: messages, defaults). */
export const sqlLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * A jsonb object column with only the keys a schema names (a key stored beside them is not sent; a key the row
 * lacks stays absent), as the compiled serializer strips an object; null stays null.
 */
export const onlyKeys = (column: string, keys: string[]) =>
  `case when ${column} is not null then (select coalesce(jsonb_object_agg(k.key, k.value), '{}'::jsonb)
    from jsonb_each(${column}) k where k.key in (${keys.map(sqlLiteral).join(', ')})) end`;
