import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateJob, JobListQuery, UpdateJob } from '../../../shared/jobs';
import { jobStatusMoves } from '../../../shared/status-machines';
import type { Clock, ServiceContext } from '../../platform/service-context';
import type { Actor } from '../../platform/actor';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, invalid, notFound } from '../../platform/errors';
import { getAccount, getContact } from '../accounts';
import { loadCalendars, routeFor } from '../departments';
import { presentJob, presentJobSummary, presentStage } from './presenter';
import { findJob, findJobPage, findJobParts, findJobWithDepartments } from './repo';
import { assessJobRisk } from './risk';
import { planBackwards } from '../../platform/calendar/working-days';
import { jobItems, jobs, jobStages } from './tables';

type CreateInput = z.output<typeof CreateJob>;

/**
 * The whole job: items, stages with their departments, and warnings a person should see (with a clock,
 * also the warning that the plan started before today).
 */
export async function getJob(opts: { db: Db; id: string; clock?: Clock }) {
  const today = opts.clock?.today();
  const row = await findJob(opts.db, opts.id);
  if (!row) throw notFound('Job');
  const { items, stages: rows } = await findJobWithDepartments(opts.db, opts.id);
  const stages = rows.map((r) => r.stage);
  const presented = rows.map((r) => presentStage(r.stage, r.department));
  const warnings: string[] = [];
  const open = stages.filter((s) => s.status !== 'done');
  if (today && open.some((s) => s.plannedStart < today) && row.job.status !== 'completed') {
    warnings.push('Some stages were planned to start before today: the plan no longer fits the due date');
  }
  if (row.job.risk === 'at_risk')
    warnings.push('At risk: the remaining stages at standard times cannot finish before the due date');
  if (row.job.risk === 'late') warnings.push('Late: the due date has passed');
  return presentJob(row.job, row, items, presented, warnings);
}

/** The job list for the signed-in user (`owner=me` means the actor), soonest due first. */
export async function listJobs(opts: { db: Db; actor: Actor; query: z.output<typeof JobListQuery> }) {
  const { rows, nextCursor } = await findJobPage(opts.db, opts.query, opts.actor.id);
  return { items: rows.map((r) => presentJobSummary(r.job, r)), nextCursor };
}

async function checkAccountLinks(
  db: Db,
  accountId: string,
  input: { contactId?: string | null; costCentreId?: string | null },
) {
  const account = await getAccount({ db, id: accountId, health: false });
  if (input.contactId) {
    const contact = await getContact({ db, id: input.contactId }).catch(() => null);
    if (!contact || contact.accountId !== accountId) {
      throw invalid('The contact is not one of this account', [
        { path: 'contactId', message: 'Unknown contact' },
      ]);
    }
  }
  if (input.costCentreId && !account.costCentres.some((c) => c.id === input.costCentreId)) {
    throw invalid('The cost centre is not one of this account', [
      { path: 'costCentreId', message: 'Unknown cost centre' },
    ]);
  }
  return account;
}

/**
 * Creates a job from scratch or as a reorder: checks the account's rules (PO required), numbers it,
 * generates each item's stages from its product route and plans them back from the due date.
 */
export async function createJob(opts: ServiceContext & { input: CreateInput }) {
  const { db, actor, clock, input } = opts;
  const today = clock.today();
  const account = await checkAccountLinks(db, input.accountId, input);
  if (account.archivedAt) throw conflict('The account is archived');
  if (account.poRequired && !input.clientPo) {
    throw invalid(`${account.name} requires a PO number on every job`, [
      { path: 'clientPo', message: 'Required for this account' },
    ]);
  }
  if (input.dueDate < today) {
    throw invalid('The due date is in the past', [{ path: 'dueDate', message: `Must be ${today} or later` }]);
  }
  if (input.inHandsDate && input.inHandsDate < input.dueDate) {
    throw invalid('The in-hands date cannot be before the due date', [
      { path: 'inHandsDate', message: 'Before the due date' },
    ]);
  }
  const { byCode } = await loadCalendars({ db });
  const number = await nextNumber(db, 'job', 'J', Number(today.slice(0, 4)));
  const { items, copyFromJobId, ...fields } = input;
  const [job] = await db
    .insert(jobs)
    .values({
      ...fields,
      number,
      ownerId: fields.ownerId === undefined ? (account.owner?.id ?? null) : fields.ownerId,
      copiedFromId: copyFromJobId ?? null,
    })
    .returning();
  const jobId = job!.id;
  for (const [index, item] of items.entries()) {
    const [saved] = await db
      .insert(jobItems)
      .values({
        ...item,
        jobId,
        accountId: input.accountId,
        position: index + 1,
        proofStatus: item.proof === 'none' ? 'not_required' : 'pending',
      })
      .returning({ id: jobItems.id });
    const steps = await routeFor({ db, productType: item.productType });
    const route = steps.map((s, i) => {
      const department = byCode.get(s.departmentCode);
      if (!department?.active) {
        throw invalid(`The route of ${item.productType} uses an unknown department "${s.departmentCode}"`, [
          { path: `items.${index}.productType`, message: 'Its route needs fixing by an admin' },
        ]);
      }
      return { ...s, department, position: (index + 1) * 100 + i };
    });
    const plan = planBackwards(
      route.map((r) => ({ hours: r.standardHours, calendar: r.department.calendar })),
      input.dueDate,
    );
    if (route.length) {
      await db.insert(jobStages).values(
        route.map((r, i) => ({
          jobId,
          accountId: input.accountId,
          itemId: saved!.id,
          departmentId: r.department.id,
          name: r.name,
          position: r.position,
          standardHours: r.standardHours,
          plannedStart: plan[i]!.plannedStart,
          plannedEnd: plan[i]!.plannedEnd,
          status: i === 0 ? ('ready' as const) : ('pending' as const),
        })),
      );
    }
  }
  await assessJobRisk({ db, actor, clock, jobId });
  const created = await getJob({ db, id: jobId, clock });
  await recordAudit(db, actor, {
    action: 'job.create',
    entityType: 'job',
    entityId: jobId,
    accountId: input.accountId,
    summary: `Created job ${created.number} "${created.title}" due ${created.dueDate}${copyFromJobId ? ' (reorder)' : ''}`,
    after: created,
  });
  return created;
}

/** Changes a job's fields or status; a new due date re-plans the open stages. */
export async function updateJob(opts: ServiceContext & { id: string; input: z.output<typeof UpdateJob> }) {
  const { db, actor, clock, id, input } = opts;
  const today = clock.today();
  const before = await getJob({ db, id, clock });
  await checkAccountLinks(db, before.account.id, input);
  if (input.status && input.status !== before.status) {
    if (!jobStatusMoves[before.status].includes(input.status)) {
      throw conflict(
        `A ${before.status.replace('_', ' ')} job cannot become ${input.status.replace('_', ' ')}`,
      );
    }
    if ((input.status === 'cancelled' || input.status === 'on_hold') && !input.statusReason) {
      throw invalid('Say why', [
        { path: 'statusReason', message: `Required to put a job ${input.status.replace('_', ' ')}` },
      ]);
    }
  }
  if (input.dueDate && input.dueDate !== before.dueDate && input.dueDate < today) {
    throw invalid('The due date is in the past', [{ path: 'dueDate', message: `Must be ${today} or later` }]);
  }
  await db
    .update(jobs)
    .set({
      ...input,
      ...(input.status === 'completed' ? { completedAt: new Date() } : {}),
      updatedAt: new Date(),
    })
    .where(eq(jobs.id, id));
  if (input.dueDate && input.dueDate !== before.dueDate) {
    await replanOpenStages({ db, jobId: id, dueDate: input.dueDate });
  }
  await assessJobRisk({ db, actor, clock, jobId: id });
  const after = await getJob({ db, id, clock });
  await recordAudit(db, actor, {
    action: input.status && input.status !== before.status ? 'job.status' : 'job.update',
    entityType: 'job',
    entityId: id,
    accountId: after.account.id,
    summary:
      input.status && input.status !== before.status
        ? `Job ${after.number} is now ${after.status.replace('_', ' ')}${input.statusReason ? `: ${input.statusReason}` : ''}`
        : `Changed job ${after.number}: ${changedFields(before, after).join(', ') || 'no change'}`,
    before,
    after,
  });
  return after;
}

/** Plans the stages not yet done back from a new due date, item by item. */
export async function replanOpenStages(opts: { db: Db; jobId: string; dueDate: string }) {
  const { db, jobId, dueDate } = opts;
  const { byId } = await loadCalendars({ db });
  const { stages } = await findJobParts(db, jobId);
  const byItem = new Map<string | null, typeof stages>();
  for (const s of stages.filter((x) => x.status !== 'done')) {
    byItem.set(s.itemId, [...(byItem.get(s.itemId) ?? []), s]);
  }
  for (const chain of byItem.values()) {
    const plan = planBackwards(
      chain.map((s) => ({ hours: s.standardHours, calendar: byId.get(s.departmentId)!.calendar })),
      dueDate,
    );
    for (const [i, s] of chain.entries()) {
      await db
        .update(jobStages)
        .set({ plannedStart: plan[i]!.plannedStart, plannedEnd: plan[i]!.plannedEnd, updatedAt: new Date() })
        .where(
          and(
            eq(jobStages.id, s.id),
            inArray(jobStages.status, ['pending', 'ready', 'in_progress', 'blocked']),
          ),
        );
    }
  }
}
