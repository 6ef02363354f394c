import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { freshDatabase } from './helpers/app';
import { systemActor } from '../src/server/platform/actor';
import { auditEvents } from '../src/server/platform/audit-tables';
import { recordAudit } from '../src/server/platform/audit';
import type { Database } from '../src/server/platform/db';
import {
  domainEvents,
  emit,
  subscribe,
  subscribersOf,
  subscriptionScope,
} from '../src/server/platform/events';
import { registerTransactions } from '../src/server/platform/http/transaction';
import type { AppContext } from '../src/server/platform/context';
import '../src/server/modules/jobs/events';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

const alert = (jobId: string) => ({
  jobId,
  number: 'J-26-00001',
  title: 'Brochures',
  ownerId: null,
  detail: 'at risk',
  risk: 'at_risk' as const,
  previousRisk: 'on_track' as const,
});
const subject = (jobId: string) => ({ entityType: 'job', entityId: jobId, accountId: null });

describe('domain events', () => {
  it('are written with their subscribers’ rows in the emitting transaction, and vanish with a rollback', async () => {
    subscribe('job.risk_changed', 'test-audit', async (db, { payload, actor }) => {
      await recordAudit(db, actor, {
        action: 'test.heard',
        entityType: 'job',
        entityId: payload.jobId,
        summary: `heard ${payload.detail}`,
      });
    });
    expect(subscribersOf('job.risk_changed')).toContain('test-audit');
    const kept = crypto.randomUUID();
    await database.db.transaction((tx) =>
      emit(tx, systemActor, 'job.risk_changed', subject(kept), alert(kept)),
    );
    const undone = crypto.randomUUID();
    await expect(
      database.db.transaction(async (tx) => {
        await emit(tx, systemActor, 'job.risk_changed', subject(undone), alert(undone));
        throw new Error('the change fails after the event');
      }),
    ).rejects.toThrow('the change fails');
    const events = (id: string) =>
      database.db.select().from(domainEvents).where(eq(domainEvents.entityId, id));
    const heard = (id: string) => database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(await events(kept)).toMatchObject([{ type: 'job.risk_changed', payload: { detail: 'at risk' } }]);
    expect(await heard(kept)).toHaveLength(1);
    expect(await events(undone)).toEqual([]);
    expect(await heard(undone)).toEqual([]);
  });

  it('run the newest subscription of a name, and give the earlier one back when a scope ends', async () => {
    const heard: string[] = [];
    subscribe('job.stage_blocked', 'test-once', async () => void heard.push('first context'));
    const endSecond = subscriptionScope(() => {
      subscribe('job.stage_blocked', 'test-once', async () => void heard.push('second context'));
    });
    const block = async () => {
      const id = crypto.randomUUID();
      await emit(database.db, systemActor, 'job.stage_blocked', subject(id), {
        ...alert(id),
        stageId: id,
        reason: 'no paper',
      });
    };
    await block();
    endSecond();
    await block();
    expect(heard).toEqual(['second context', 'first context']);
  });
});

describe('routes with transaction: true', () => {
  it('commit what the handler wrote, roll it back when it throws, and refuse a reply sent before the commit', async () => {
    const app = Fastify();
    app.decorate('ctx', { db: database.db } as unknown as AppContext);
    registerTransactions(app);
    app.post<{ Params: { id: string } }>(
      '/ok/:id',
      { config: { transaction: true } },
      async (request, reply) => {
        await recordAudit(request.db, systemActor, {
          action: 'test.tx',
          entityType: 'job',
          entityId: request.params.id,
          summary: 'kept',
        });
        reply.status(201);
        return { ok: true };
      },
    );
    app.post<{ Params: { id: string } }>('/fail/:id', { config: { transaction: true } }, async (request) => {
      await recordAudit(request.db, systemActor, {
        action: 'test.tx',
        entityType: 'job',
        entityId: request.params.id,
        summary: 'undone',
      });
      throw new Error('refused after writing');
    });
    app.post<{ Params: { id: string } }>(
      '/early/:id',
      { config: { transaction: true } },
      async (request, reply) => {
        await recordAudit(request.db, systemActor, {
          action: 'test.tx',
          entityType: 'job',
          entityId: request.params.id,
          summary: 'sent too soon',
        });
        return reply.send({ ok: true });
      },
    );
    const [ok, failed, early] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    expect((await app.inject({ method: 'POST', url: `/ok/${ok}` })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/fail/${failed}` })).statusCode).toBe(500);
    expect((await app.inject({ method: 'POST', url: `/early/${early}` })).statusCode).toBe(500);
    const rows = (id: string) => database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(await rows(ok)).toHaveLength(1);
    expect(await rows(failed)).toEqual([]);
    expect(await rows(early)).toEqual([]);
    await app.close();
  });
});
