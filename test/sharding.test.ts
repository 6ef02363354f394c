import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPlan, parsePlan, scalingDoc, schemaTables, type SchemaTable } from '../scripts/check-sharding';

const doc = readFileSync(scalingDoc, 'utf8');

describe('the Citus plan in docs/scaling.md matches the schema', () => {
  it('classifies every table and lists every cross-shard key (the script exits 0)', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/check-sharding.ts'], { encoding: 'utf8' });
    expect(out).toMatch(/^\d+ tables: \d+ distributed by account, \d+ reference, \d+ local; \d+ known/);
    const { errors, figures } = checkPlan(schemaTables(), parsePlan(doc));
    expect(errors).toEqual([]);
    expect(figures.distributed).toBeGreaterThan(30);
  }, 60_000);

  it('fails for a new table nobody classified, and for a distributed table without account_id', () => {
    const tables: SchemaTable[] = [
      ...schemaTables(),
      { name: 'loyalty_points', columns: [{ name: 'id', notNull: true }], foreignKeys: [] },
    ];
    expect(checkPlan(tables, parsePlan(doc)).errors).toEqual([
      'loyalty_points is not classified in docs/scaling.md (distributed, reference or local)',
    ]);
    const plan = parsePlan(doc);
    plan.tables.set('loyalty_points', { kind: 'distributed', by: 'account_id' });
    expect(checkPlan(tables, plan).errors).toEqual([
      'loyalty_points is distributed by account_id, but has no such column',
    ]);
  });

  it('fails for a key between distributed tables without account_id, and for a stale entry', () => {
    const tables: SchemaTable[] = [
      ...schemaTables(),
      {
        name: 'job_notes',
        columns: [
          { name: 'account_id', notNull: true },
          { name: 'job_id', notNull: true },
        ],
        foreignKeys: [
          { columns: ['account_id'], table: 'accounts', foreignColumns: ['id'] },
          { columns: ['job_id'], table: 'jobs', foreignColumns: ['id'] },
          { columns: ['account_id', 'job_id'], table: 'jobs', foreignColumns: ['account_id', 'id'] },
        ],
      },
    ];
    const plan = parsePlan(doc);
    plan.tables.set('job_notes', { kind: 'distributed', by: 'account_id' });
    plan.crossShard.add('reference_table_that_is_fine.x');
    expect(checkPlan(tables, plan).errors).toEqual([
      'job_notes.job_id would cross shards (or lacks an account) and is not listed as known cross-shard work',
      'reference_table_that_is_fine.x is listed as cross-shard work but needs none (or is gone)',
    ]);
  });
});
