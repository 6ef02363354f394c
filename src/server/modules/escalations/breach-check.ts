import { eq, inArray } from 'drizzle-orm';
import { systemActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import { shopClock, type Clock } from '../../platform/service-context';
import { conversationsPastTarget, inboxSettings, shopBusinessHours, type InboxSettings } from '../inbox';
import { raiseEscalation } from './change-escalation';
import { createEscalation } from './create-escalation';
import type { EscalationMail } from './history';
import { openEscalationOf, openEscalationOfJob } from './escalation-queries';
import { breachedEscalations, lateJobsWithoutEscalation } from './repo';
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

const PAGE = 500;

/** Which target a late conversation missed, and the kind its breach row was claimed under. */
type LateConversation = Awaited<ReturnType<typeof conversationsPastTarget>>[number];
const missed = (c: LateConversation, now: Date) =>
  !c.firstResponseAt && c.firstResponseDueAt && c.firstResponseDueAt < now ? 'first_response' : 'resolution';
const claimedAs = (c: LateConversation) => (c.firstResponseAt ? 'resolution' : 'first_response');

/**
 * Conversations past a target whose breach is not yet claimed, at most 500: the inbox lists the late ones
 * in pages, and the breach rows (this module's table) say which were acted on.
 */
async function lateConversations(db: Db, now: Date) {
  const out: LateConversation[] = [];
  let afterId: string | null = null;
  while (out.length < PAGE) {
    const page = await conversationsPastTarget(db, { now, afterId, limit: PAGE });
    if (!page.length) break;
    const claimed = await db
      .select({ id: escalationBreaches.subjectId, kind: escalationBreaches.kind })
      .from(escalationBreaches)
      .where(
        inArray(
          escalationBreaches.subjectId,
          page.map((c) => c.id),
        ),
      );
    const seen = new Set(claimed.map((b) => `${b.id}/${b.kind}`));
    out.push(...page.filter((c) => !seen.has(`${c.id}/${claimedAs(c)}`)));
    if (page.length < PAGE) break;
    afterId = page.at(-1)!.id;
  }
  return out.slice(0, PAGE);
}

/** What a breach check needs: the database (it opens one transaction per breach), the clock and the hours. */
export type BreachCheck = {
  db: Db;
  clock: Clock;
  mail: EscalationMail;
  settings: Pick<InboxSettings, 'businessHours' | 'timeZone'>;
};

/** The breach check of a running server. */
export const breachCheckOf = (ctx: Pick<AppContext, 'db' | 'config' | 'mailer'>): BreachCheck => ({
  db: ctx.db,
  clock: shopClock(ctx.config.JOBJACKET_TIMEZONE),
  mail: { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl },
  settings: inboxSettings(ctx.config),
});

/**
 * Finds missed response targets, overdue escalations and jobs past their due date, and escalates each breach
 * exactly once: a conversation's first breach opens an escalation (or raises its open one); an escalation
 * past its due-by or whose job is late moves up one level; a late job with no open escalation gets one.
 * Each breach is handled in its own transaction, so one failure does not undo the others.
 */
export async function checkBreaches(check: BreachCheck) {
  const { db } = check;
  // One moment throughout the run, as before: every breach is judged and dated at the same now.
  const now = check.clock.now();
  const today = check.clock.today();
  const clock: Clock = { now: () => now, today: () => today };
  const hours = await shopBusinessHours(db, check.settings);
  let acted = 0;
  const late = await lateConversations(db, now);
  for (const c of late) {
    const kind = missed(c, now);
    const done = await db.transaction(async (tx) => {
      const breachId = await claim(tx, { subjectType: 'conversation', subjectId: c.id, kind, level: 0 });
      if (!breachId) return false;
      const open = await openEscalationOf(tx, c.id);
      const why = `${LABEL[kind]} on “${c.subject}”`;
      const ctx = { db: tx, actor: systemActor, clock, hours, mail: check.mail };
      const escalationId = open
        ? (await raiseEscalation({ ...ctx, id: open, why })).id
        : (
            await createEscalation({
              ...ctx,
              input: {
                title: c.subject,
                severity: severityFor[c.priority],
                category: 'service',
                conversationId: c.id,
              },
              automatic: why,
            })
          ).id;
      await tx.update(escalationBreaches).set({ escalationId }).where(eq(escalationBreaches.id, breachId));
      return true;
    });
    if (done) acted += 1;
  }
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
      await raiseEscalation({
        db: tx,
        actor: systemActor,
        clock,
        hours,
        mail: check.mail,
        id: e.id,
        why: kinds.includes('job_due') ? 'The job is past its due date' : 'Due-by passed',
      });
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
      const e = await createEscalation({
        db: tx,
        actor: systemActor,
        clock,
        hours,
        mail: check.mail,
        input: {
          title: `${j.number} ${j.title}`.slice(0, 300),
          severity: jobSeverity[j.priority],
          category: 'delay',
          jobId: j.id,
        },
        automatic: why,
      });
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
export function registerBreachCheck(ctx: AppContext) {
  const check = breachCheckOf(ctx);
  ctx.queue.define(BREACH_QUEUE, async () => {
    await checkBreaches(check);
  });
  ctx.queue.defineSchedule(BREACH_QUEUE, '* * * * *');
}
