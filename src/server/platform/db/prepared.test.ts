import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../../../test/helpers/app';
import { auditEvents } from '../audit-tables';
import { recordAudit } from '../audit';
import { systemActor } from '../actor';
import { prepared, type Database, type Db } from '.';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

const settingQuery = (db: Db) =>
  prepared(db, 'test_setting', (d) =>
    d
      .select({ value: sql<string>`current_setting('jobjacket.test', true)` })
      .from(auditEvents)
      .where(eq(auditEvents.action, sql.placeholder('action')))
      .prepare('test_setting'),
  );

describe('prepared queries', () => {
  it('built inside a transaction, run later on the database itself and in another transaction, each on its own connection', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('jobjacket.test', 'first', true)`);
      await recordAudit(tx, systemActor, {
        action: 'test.prepared',
        entityType: 't',
        entityId: null,
        summary: 'a',
      });
      // The row is the transaction's own: only its connection sees it.
      expect(await settingQuery(tx).execute({ action: 'test.prepared' })).toEqual([{ value: 'first' }]);
    });
    // The query first built in the finished transaction now runs on the database: no setting outside a transaction.
    expect((await settingQuery(db).execute({ action: 'test.prepared' }))[0]!.value ?? '').toBe('');
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('jobjacket.test', 'second', true)`);
      await recordAudit(tx, systemActor, {
        action: 'test.prepared',
        entityType: 't',
        entityId: null,
        summary: 'b',
      });
      expect(await settingQuery(tx).execute({ action: 'test.prepared' })).toEqual([
        { value: 'second' },
        { value: 'second' },
      ]);
    });
  });

  it.runIf(inject('database').kind === 'postgres')(
    'run on the connection of the transaction they are used in, not the one they were built in',
    async () => {
      const { db } = database;
      const pidQuery = (d: Db) =>
        prepared(d, 'test_backend', (b) =>
          b
            .select({ pid: sql<number>`pg_backend_pid()` })
            .from(auditEvents)
            .where(eq(auditEvents.action, sql.placeholder('action')))
            .limit(1)
            .prepare('test_backend'),
        );
      const pidOf = async (d: Db) =>
        ((await d.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] })
          .rows[0]!.pid;
      await db.transaction(async (first) => {
        const [built] = await pidQuery(first).execute({ action: 'test.prepared' });
        expect(built!.pid).toBe(await pidOf(first));
        // The first transaction still holds its connection: the second has another.
        await db.transaction(async (second) => {
          const [used] = await pidQuery(second).execute({ action: 'test.prepared' });
          expect(used!.pid).toBe(await pidOf(second));
          expect(used!.pid).not.toBe(built!.pid);
        });
      });
    },
  );

  it('that roll back with their transaction', async () => {
    const { db } = database;
    await db
      .transaction(async (tx) => {
        await recordAudit(tx, systemActor, {
          action: 'test.rolled',
          entityType: 't',
          entityId: null,
          summary: 'x',
        });
        expect(await tx.select().from(auditEvents).where(eq(auditEvents.action, 'test.rolled'))).toHaveLength(
          1,
        );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'test.rolled'))).toHaveLength(0);
  });

  it('write an absent before/after image as NULL, a present one as JSON', async () => {
    const { db } = database;
    await recordAudit(db, systemActor, {
      action: 'test.images',
      entityType: 't',
      entityId: null,
      summary: 'Nguyễn → Zoë Øster',
      after: { name: 'Zoë' },
    });
    const { rows } = await database.raw.query<{ before_null: boolean; after: unknown; summary: string }>(
      `select before is null as before_null, after, summary from audit_events where action = 'test.images'`,
    );
    expect(rows).toEqual([{ before_null: true, after: { name: 'Zoë' }, summary: 'Nguyễn → Zoë Øster' }]);
  });

  it('refuse, outside production, a second statement under a name already used', () => {
    const build = (column: typeof auditEvents.action | typeof auditEvents.summary) => (d: Db) =>
      d
        .select()
        .from(auditEvents)
        .where(eq(column, sql.placeholder('v')))
        .prepare('test_twice');
    prepared(database.db, 'test_twice', build(auditEvents.action));
    expect(() => prepared(database.db, 'test_twice', build(auditEvents.action))).not.toThrow();
    expect(() => prepared(database.db, 'test_twice', build(auditEvents.summary))).toThrow(
      /two different statements/,
    );
  });

  it('refuse a build that is not one prepared query', () => {
    expect(() => prepared(database.db, 'test_object', () => ({ a: 1 }))).toThrow(/one prepared query/);
  });
});
