import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  JOB_WARNINGS,
  type CreateJob,
  type EditJob,
  type ItemInput,
  type ItemSpec,
  type JobListQuery,
  type ShipTo,
} from '../../../shared/jobs';
import { jobStatusMoves } from '../../../shared/status-machines';
import type { Clock, ServiceContext } from '../../platform/service-context';
import type { Actor } from '../../platform/actor';
import { changedFields, recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { jsonPage } from '../../platform/pagination';
import { conflict, invalid, notFound } from '../../platform/errors';
import { getAccount, getContact } from '../accounts';
import { loadCalendars, requireProductType, routeFor } from '../departments';
import { presentJob, presentStage } from './presenter';
import { findJob, findJobPage, findJobPageJson, findJobWithDepartments } from './repo';
import { assessJobRisk } from './risk';
import { replanOpenStages, stepHours } from './planning';
import { jobItems, jobs, jobStages } from './tables';
import { lockJobForChange, recordChangeOrder, requireChangeOrder } from './change-orders';
import { diff } from './change-text';
import { emitJobChanges } from './job-change-events';

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
    warnings.push(JOB_WARNINGS.behindPlan);
  }
  if (row.job.risk === 'at_risk') warnings.push(JOB_WARNINGS.atRisk);
  if (row.job.risk === 'late') warnings.push(JOB_WARNINGS.late);
  return presentJob(row.job, row, items, presented, warnings);
}

/** The job page as the API answers it: the same `Job` as getJob, as JSON text written by PostgreSQL (repo.ts). */
export async function jobPage(opts: { db: Db; id: string; clock?: Clock }): Promise<string> {
  const text = await findJobPageJson(opts.db, opts.id, opts.clock?.today() ?? null);
  if (!text) throw notFound('Job');
  return text;
}

/** The job list for the signed-in user (`owner=me` means the actor), soonest due first. */
export async function listJobs(opts: {
  db: Db;
  actor: Actor;
  query: z.output<typeof JobListQuery>;
}): Promise<string> {
  const { lines, nextCursor } = await findJobPage(opts.db, opts.query, opts.actor.id);
  return jsonPage(lines, nextCursor);
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

type AccountAddresses = Awaited<ReturnType<typeof getAccount>>['addresses'];

/**
 * The job's ship-to, copied from one of the account's shipping addresses: the one asked for, or (when the
 * request says nothing) the account's default shipping address.
 */
function shipToOf(addresses: AccountAddresses, addressId: string | null | undefined): ShipTo | null {
  const shipping = addresses.filter((a) => a.kind === 'shipping');
  const address =
    addressId === undefined
      ? (shipping.find((a) => a.isDefault) ?? shipping[0])
      : addressId && shipping.find((a) => a.id === addressId);
  if (addressId && !address) {
    throw invalid('The ship-to is not one of this account’s shipping addresses', [
      { path: 'shipToAddressId', message: 'Unknown shipping address' },
    ]);
  }
  if (!address) return null;
  const { id, kind: _kind, isDefault: _default, ...lines } = address;
  return { addressId: id, ...lines };
}

type Calendars = Awaited<ReturnType<typeof loadCalendars>>['byCode'];

/** Saves one item at a position and its stages from the product's route, planned back from the due date. */
export async function insertItem(
  db: Db,
  opts: { jobId: string; accountId: string; position: number; dueDate: string; byCode: Calendars },
  item: z.output<typeof ItemInput>,
  path: string,
) {
  const [saved] = await db
    .insert(jobItems)
    .values({
      ...item,
      jobId: opts.jobId,
      accountId: opts.accountId,
      position: opts.position,
      proofStatus: item.proof === 'none' ? 'not_required' : 'pending',
    })
    .returning();
  await insertItemStages(db, opts, saved!, path);
  return saved!;
}

/**
 * An item's stages from its product's route (each step's time from the equipment and quantity, or typed), then
 * the job's open stages planned back from the due date; the first one is ready.
 */
export async function insertItemStages(
  db: Db,
  opts: { jobId: string; accountId: string; dueDate: string; byCode: Calendars },
  item: { id: string; position: number; productType: string; quantity: number; spec: ItemSpec },
  path: string,
) {
  await requireProductType(db, item.productType, path);
  const steps = await routeFor({ db, productType: item.productType });
  const route = [];
  for (const [i, s] of steps.entries()) {
    const department = opts.byCode.get(s.departmentCode);
    if (!department?.active) {
      throw invalid(`The route of ${item.productType} uses an unknown department "${s.departmentCode}"`, [
        { path, message: 'Its route needs fixing by an admin' },
      ]);
    }
    const hours = await stepHours(db, s, department.id, item);
    route.push({ ...s, hours, department, position: item.position * 100 + i });
  }
  if (!route.length) return;
  await db.insert(jobStages).values(
    route.map((r, i) => ({
      jobId: opts.jobId,
      accountId: opts.accountId,
      itemId: item.id,
      departmentId: r.department.id,
      name: r.name,
      position: r.position,
      standardHours: r.hours,
      stepHours: r.standardHours,
      stepPiecesPerHour: r.piecesPerHour ?? null,
      plannedStart: opts.dueDate,
      plannedEnd: opts.dueDate,
      status: i === 0 ? ('ready' as const) : ('pending' as const),
    })),
  );
  await replanOpenStages({ db, jobId: opts.jobId, dueDate: opts.dueDate });
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
  const { items, copyFromJobId, shipToAddressId, ...fields } = input;
  const [job] = await db
    .insert(jobs)
    .values({
      ...fields,
      number,
      ownerId: fields.ownerId === undefined ? (account.owner?.id ?? null) : fields.ownerId,
      shipTo: shipToOf(account.addresses, shipToAddressId),
      copiedFromId: copyFromJobId ?? null,
    })
    .returning();
  const jobId = job!.id;
  for (const [index, item] of items.entries()) {
    const at = { jobId, accountId: input.accountId, position: index + 1, dueDate: input.dueDate, byCode };
    await insertItem(db, at, item, `items.${index}.productType`);
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
  await emit(
    db,
    actor,
    'job.created',
    { entityType: 'job', entityId: jobId, accountId: input.accountId },
    {
      jobId,
      number: created.number,
      title: created.title,
      accountId: input.accountId,
      status: created.status,
      dueDate: created.dueDate,
      job: created,
    },
  );
  return created;
}

/** What the client sees of a job's header: a change to one of these in production is a change order. */
const CLIENT_FIELDS = [
  'title',
  'dueDate',
  'inHandsDate',
  'contactId',
  'costCentreId',
  'clientPo',
  'description',
  'clientNotes',
  'estimatedPriceCents',
  'shipTo',
];

/**
 * Changes a job's fields or status. Once production has started, a change the client sees (not a status move,
 * the AM, priority or production notes) needs a change order, which is recorded, priced and told. A new due
 * date, or any change order, re-plans the open stages. The job row is locked, so concurrent edits queue.
 */
export async function updateJob(opts: ServiceContext & { id: string; input: z.output<typeof EditJob> }) {
  const { db, actor, clock, id } = opts;
  const { changeOrder, shipToAddressId, ...input } = opts.input;
  const today = clock.today();
  const editsFields = Object.keys(input).some((k) => k !== 'status' && k !== 'statusReason');
  if (editsFields || shipToAddressId !== undefined) await lockJobForChange(db, id);
  else await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, id)).for('update');
  const before = await getJob({ db, id, clock });
  const account = await checkAccountLinks(db, before.account.id, input);
  const shipTo = shipToAddressId === undefined ? undefined : shipToOf(account.addresses, shipToAddressId);
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
  const header = (j: Record<string, unknown>) => Object.fromEntries(CLIENT_FIELDS.map((k) => [k, j[k]]));
  const proposed = { ...header(before), ...header({ ...before, ...input, shipTo: shipTo ?? before.shipTo }) };
  const names = await contactNames(db, before, input);
  for (const c of account.costCentres) names.set(c.id, c.name);
  const clientChange = diff(header(before), proposed, CLIENT_FIELDS, names);
  if (clientChange.lines.length) requireChangeOrder(before, changeOrder);
  await db
    .update(jobs)
    .set({
      ...input,
      ...(shipTo === undefined ? {} : { shipTo }),
      ...(input.status === 'completed' ? { completedAt: new Date() } : {}),
      updatedAt: new Date(),
    })
    .where(eq(jobs.id, id));
  const recordsOrder = Boolean(changeOrder && clientChange.lines.length);
  if ((input.dueDate && input.dueDate !== before.dueDate) || recordsOrder) {
    await replanOpenStages({ db, jobId: id, dueDate: input.dueDate ?? before.dueDate });
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
  await emitJobChanges(opts, before, after, input.statusReason, recordsOrder);
  if (recordsOrder) {
    await recordChangeOrder({
      ...opts,
      before,
      after,
      kind: 'job',
      changes: { before: clientChange.before, after: clientChange.after },
      summary: clientChange.lines.join('; '),
      input: changeOrder!,
    });
  }
  return after;
}

/** The names of the job's contact before and after a change, for the change order's lines. */
async function contactNames(
  db: Db,
  before: { contactId: string | null },
  input: { contactId?: string | null },
) {
  const ids = [before.contactId, input.contactId].filter((x): x is string => Boolean(x));
  const names = new Map<string, string>();
  for (const id of ids) {
    const c = await getContact({ db, id }).catch(() => null);
    if (c) names.set(id, `${c.firstName} ${c.lastName}`.trim());
  }
  return names;
}

export { replanOpenStages };
