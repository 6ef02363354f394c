import { and, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor';
import { todayIn } from '../../platform/clock';
import type { Database, Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import { conversations } from '../inbox/tables';
import type { InboxDeps } from '../inbox';
import {
  breachedEscalations,
  createEscalation,
  lateJobsWithoutEscalation,
  openEscalationOf,
  openEscalationOfJob,
  raiseEscalation,
} from './service';
import { escalationBreaches } from './tables';

export const BREACH_QUEUE = 'escalations.check-breaches';

type Breach = {
  subjectType: 'conversation' | 'escalation' | 'job';
  subjectId: string;
  kind: 'first_response' | 'resolution' | 'due_by' | 'job_due';
  level: number;
};

/**
 * Claims a breach: inserts its unique row in the caller's transaction. Only the transaction whose insert
 * lands acts on it; a concurrent worker blocks on the same key and then finds the row there.
 */
async function claim(db: Db, b: Breach): Promise<string | null> {
  const [row] = await db
    .insert(escalationBreaches)
    .values(b)
    .onConflictDoNothing({
      target: [
        escalationBreaches.subjectType,
        escalationBreaches.subjectId,
        escalationBreaches.kind,
        escalationBreaches.level,
      ],
    })
    .returning({ id: escalationBreaches.id });
  return row?.id ?? null;
}

const LABEL = {
  first_response: 'First response target missed',
  resolution: 'Resolution target missed',
} as const;
const severityFor = { urgent: 'S2', high: 'S3', normal: 'S4', low: 'S4' } as const;
const jobSeverity = { rush: 'S2', high: 'S3', normal: 'S3', low: 'S4' } as const;

/**
 * A job's lateness is one breach per due date: the key's level is the date as yyyymmdd, so a job moved to a
 * new date and late again is a new breach, and the same lateness is never acted on twice.
 */
const dueKey = (date: string) => Number(date.replaceAll('-', ''));

/**
 * Finds missed response targets, overdue escalations and jobs past their due date, and escalates each breach
 * exactly once: a conversation's first breach opens an escalation (or raises its open one); an escalation
 * past its due-by or whose job is late moves up one level; a late job with no open escalation gets one.
 */
export async function checkBreaches(database: { db: Db }, deps: InboxDeps, now = new Date()) {
  const db = database.db;
  let acted = 0;
  const late = await db
    .select()
    .from(conversations)
    .where(
      and(
        isNotNull(conversations.accountId),
        ne(conversations.status, 'resolved'),
        ne(conversations.status, 'waiting_on_client'),
        or(
          and(isNull(conversations.firstResponseAt), lt(conversations.firstResponseDueAt, now)),
          lt(conversations.resolutionDueAt, now),
        ),
        sql`not exists (select 1 from escalation_breaches b where b.subject_id = ${conversations.id}
              and b.kind = case when ${conversations.firstResponseAt} is null then 'first_response' else 'resolution' end)`,
      ),
    )
    .limit(500);
  for (const c of late) {
    const kind =
      !c.firstResponseAt && c.firstResponseDueAt && c.firstResponseDueAt < now
        ? 'first_response'
        : 'resolution';
    const done = await db.transaction(async (tx) => {
      const breachId = await claim(tx, { subjectType: 'conversation', subjectId: c.id, kind, level: 0 });
      if (!breachId) return false;
      const open = await openEscalationOf(tx, c.id);
      const why = `${LABEL[kind]} on “${c.subject}”`;
      const escalationId = open
        ? (await raiseEscalation(tx, deps, systemActor, open, why, now)).id
        : (
            await createEscalation(
              tx,
              deps,
              systemActor,
              {
                title: c.subject,
                severity: severityFor[c.priority],
                category: 'service',
                conversationId: c.id,
              },
              { now, automatic: why },
            )
          ).id;
      await tx.update(escalationBreaches).set({ escalationId }).where(eq(escalationBreaches.id, breachId));
      return true;
    });
    if (done) acted += 1;
  }
  const today = todayIn(deps.timeZone, now);
  for (const e of await breachedEscalations(db, now, today)) {
    const done = await db.transaction(async (tx) => {
      const kinds: ('due_by' | 'job_due')[] = [];
      if (
        e.lateJob &&
        (await claim(tx, {
          subjectType: 'escalation',
          subjectId: e.id,
          kind: 'job_due',
          level: dueKey(e.lateJob.dueDate),
        }))
      ) {
        kinds.push('job_due');
        // The job's lateness is acted on through this escalation: no second, automatic one for it later.
        await claim(tx, {
          subjectType: 'job',
          subjectId: e.lateJob.id,
          kind: 'job_due',
          level: dueKey(e.lateJob.dueDate),
        });
      }
      if (
        e.dueBy &&
        (await claim(tx, { subjectType: 'escalation', subjectId: e.id, kind: 'due_by', level: e.level }))
      )
        kinds.push('due_by');
      if (!kinds.length) return false;
      await raiseEscalation(
        tx,
        deps,
        systemActor,
        e.id,
        kinds.includes('job_due') ? 'The job is past its due date' : 'Due-by passed',
        now,
      );
      return true;
    });
    if (done) acted += 1;
  }
  for (const j of await lateJobsWithoutEscalation(db, today)) {
    const done = await db.transaction(async (tx) => {
      if (await openEscalationOfJob(tx, j.id)) return false; // escalated meanwhile: raised through it
      const breachId = await claim(tx, {
        subjectType: 'job',
        subjectId: j.id,
        kind: 'job_due',
        level: dueKey(j.dueDate),
      });
      if (!breachId) return false;
      const why = `The job was due on ${j.dueDate}`;
      const e = await createEscalation(
        tx,
        deps,
        systemActor,
        {
          title: `${j.number} ${j.title}`.slice(0, 300),
          severity: jobSeverity[j.priority],
          category: 'delay',
          jobId: j.id,
        },
        { now, automatic: why },
      );
      await tx
        .update(escalationBreaches)
        .set({ escalationId: e.id })
        .where(eq(escalationBreaches.id, breachId));
      // Opening it was the action on this lateness: the escalation is not also raised for it (only its due-by).
      await claim(tx, {
        subjectType: 'escalation',
        subjectId: e.id,
        kind: 'job_due',
        level: dueKey(j.dueDate),
      });
      return true;
    });
    if (done) acted += 1;
  }
  return acted;
}

/** The breach check runs every minute through the queue, in whichever worker takes it. */
export function registerBreachCheck(queue: Queue, database: Database, deps: InboxDeps) {
  queue.define(BREACH_QUEUE, async () => {
    await checkBreaches(database, deps);
  });
  queue.defineSchedule(BREACH_QUEUE, '* * * * *');
}
