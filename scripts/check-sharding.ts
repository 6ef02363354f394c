// Checks the plan past one PostgreSQL in docs/scaling.md against the schema: every table of
// src/server/schema.ts is classified (distributed by account, reference, local), distributed tables really
// carry their distribution column, and every foreign key Citus would refuse is listed as known cross-shard
// work. `npx tsx scripts/check-sharding.ts` prints the plan's figures and exits 1 on any mismatch;
// test/sharding.test.ts runs it, so adding a table without classifying it fails the suite.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { is, Table } from 'drizzle-orm';
import * as schema from '../src/server/schema';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const scalingDoc = path.join(root, 'docs/scaling.md');

export type TableClass = 'distributed' | 'reference' | 'local';
export type SchemaTable = {
  name: string;
  columns: { name: string; notNull: boolean }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[] }[];
};
export type Plan = {
  tables: Map<string, { kind: TableClass; by: string | null }>;
  /** `table.column` of foreign keys (or of a nullable distribution column) Citus would refuse today. */
  crossShard: Set<string>;
};

/** The tables of the schema with their columns and foreign keys, as plain data. */
export function schemaTables(): SchemaTable[] {
  return (Object.values(schema) as unknown[])
    .filter((t): t is PgTable => is(t, Table))
    .map((t) => {
      const config = getTableConfig(t);
      return {
        name: config.name,
        columns: config.columns.map((c) => ({ name: c.name, notNull: c.notNull })),
        foreignKeys: config.foreignKeys.map((fk) => {
          const ref = fk.reference();
          return {
            columns: ref.columns.map((c) => c.name),
            table: getTableConfig(ref.foreignTable as PgTable).name,
            foreignColumns: ref.foreignColumns.map((c) => c.name),
          };
        }),
      };
    });
}

/** The rows of the Markdown table between `<!-- name -->` and `<!-- /name -->`, as cells without backticks. */
function tableRows(markdown: string, name: string): string[][] {
  const start = markdown.indexOf(`<!-- ${name} -->`);
  const end = markdown.indexOf(`<!-- /${name} -->`);
  if (start < 0 || end < start) throw new Error(`docs/scaling.md has no <!-- ${name} --> section`);
  return markdown
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/`/g, '')),
    );
}

/** Reads the classification and the known cross-shard work out of docs/scaling.md. */
export function parsePlan(markdown: string): Plan {
  const tables = new Map<string, { kind: TableClass; by: string | null }>();
  for (const [name, kind, by] of tableRows(markdown, 'sharding:tables')) {
    if (kind !== 'distributed' && kind !== 'reference' && kind !== 'local')
      throw new Error(`docs/scaling.md: ${name} has class "${kind}" (distributed, reference or local)`);
    tables.set(name!, { kind, by: kind === 'distributed' ? by || 'account_id' : null });
  }
  const crossShard = new Set(tableRows(markdown, 'sharding:cross-shard').map(([key]) => key!));
  return { tables, crossShard };
}

/**
 * Citus's rules, checked table by table: a foreign key between distributed tables must include the
 * distribution column on both sides (then both rows live on one shard); a distributed or local table may
 * point at a reference table; a reference or local table may not point at a distributed one, nor a distributed
 * one at a local one. A distribution column must be NOT NULL (a row without an account has no shard).
 */
export function checkPlan(tables: SchemaTable[], plan: Plan) {
  const errors: string[] = [];
  const needed = new Set<string>();
  const classOf = (name: string) => plan.tables.get(name);
  for (const t of tables) {
    const mine = classOf(t.name);
    if (!mine) {
      errors.push(`${t.name} is not classified in docs/scaling.md (distributed, reference or local)`);
      continue;
    }
    if (mine.kind === 'distributed') {
      const column = t.columns.find((c) => c.name === mine.by);
      if (!column) errors.push(`${t.name} is distributed by ${mine.by}, but has no such column`);
      else if (!column.notNull) needed.add(`${t.name}.${mine.by}`);
    }
    for (const fk of t.foreignKeys) {
      const target = classOf(fk.table);
      if (!target) continue; // reported for its own table
      const key = `${t.name}.${fk.columns.join(',')}`;
      let fine: boolean;
      if (target.kind === 'reference') fine = true;
      else if (mine.kind === 'distributed' && target.kind === 'distributed') {
        const at = fk.columns.indexOf(mine.by!);
        fine = at >= 0 && fk.foreignColumns[at] === target.by;
      } else fine = mine.kind === 'local' && target.kind === 'local';
      if (!fine) needed.add(key);
    }
  }
  for (const key of needed)
    if (!plan.crossShard.has(key))
      errors.push(
        `${key} would cross shards (or lacks an account) and is not listed as known cross-shard work`,
      );
  for (const key of plan.crossShard)
    if (!needed.has(key)) errors.push(`${key} is listed as cross-shard work but needs none (or is gone)`);
  for (const name of plan.tables.keys())
    if (!tables.some((t) => t.name === name)) errors.push(`${name} is classified but is not in the schema`);
  const count = (kind: TableClass) => [...plan.tables.values()].filter((t) => t.kind === kind).length;
  return {
    errors,
    figures: {
      tables: tables.length,
      distributed: count('distributed'),
      reference: count('reference'),
      local: count('local'),
      crossShardWork: needed.size,
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { errors, figures } = checkPlan(schemaTables(), parsePlan(readFileSync(scalingDoc, 'utf8')));
  console.log(
    `${figures.tables} tables: ${figures.distributed} distributed by account, ${figures.reference} reference, ${figures.local} local; ${figures.crossShardWork} known cross-shard items`,
  );
  for (const e of errors) console.error(`  ${e}`);
  process.exit(errors.length ? 1 : 0);
}
