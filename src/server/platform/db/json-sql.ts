/**
 * Pieces of SQL for answers PostgreSQL writes as JSON (the job page, the job list, the catalogue): written so
 * that the text equals what Node's presenters would send.
 */

/** A timestamptz column as `Date.toISOString()` writes it (UTC, milliseconds, `Z`). */
export const isoMoment = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A string as an SQL literal (for text known when the module loads: messages, defaults). */
export const sqlLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;
