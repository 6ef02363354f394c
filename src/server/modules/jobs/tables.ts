import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts, contacts, costCentres } from '../accounts/tables';
import { departments } from '../departments/tables';
import { presses } from '../estimating/tables';
import { users } from '../users/tables';
import type { ChangeOrderChanges, ItemSpec, ShipTo, TemplateItem } from '../../../shared/jobs';

export const jobs = pgTable(
  'jobs',
  {
    ...baseColumns(),
    number: text('number').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    costCentreId: uuid('cost_centre_id').references(() => costCentres.id),
    clientPo: text('client_po'),
    title: text('title').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    status: text('status', {
      enum: ['draft', 'in_production', 'completed', 'closed', 'on_hold', 'cancelled'],
    })
      .notNull()
      .default('draft'),
    statusReason: text('status_reason'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'rush'] })
      .notNull()
      .default('normal'),
    dueDate: date('due_date').notNull(),
    inHandsDate: date('in_hands_date'),
    description: text('description'),
    internalNotes: text('internal_notes'),
    clientNotes: text('client_notes'),
    estimatedPriceCents: integer('estimated_price_cents'),
    /** A copy of the account's address at the time it was chosen: the account may edit or drop it later. */
    shipTo: jsonb('ship_to').$type<ShipTo>(),
    currency: text('currency').notNull().default('USD'),
    risk: text('risk', { enum: ['on_track', 'at_risk', 'late'] })
      .notNull()
      .default('on_track'),
    riskChangedAt: moment('risk_changed_at'),
    copiedFromId: uuid('copied_from_id'),
    completedAt: moment('completed_at'),
  },
  (t) => [
    uniqueIndex('jobs_number_key').on(t.number),
    index('jobs_account_idx').on(t.accountId),
    index('jobs_owner_status_idx').on(t.ownerId, t.status),
    index('jobs_due_idx').on(t.dueDate),
    // The job list filtered by risk, soonest due first; and open jobs per account for the health line.
    index('jobs_risk_due_idx').on(t.risk, t.dueDate, t.number),
    index('jobs_open_account_idx')
      .on(t.accountId, t.risk)
      .where(sql`${t.status} in ('draft', 'in_production', 'on_hold')`),
    index('jobs_title_trgm_idx').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
  ],
);

/** A row that belongs to a job, and so to the job's client account (client-owned rows carry account_id). */
const partOfJob = () => ({
  jobId: uuid('job_id')
    .notNull()
    .references(() => jobs.id),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id),
});

export const jobItems = pgTable(
  'job_items',
  {
    ...baseColumns(),
    ...partOfJob(),
    position: integer('position').notNull(),
    productType: text('product_type').notNull(),
    description: text('description'),
    quantity: integer('quantity').notNull(),
    pages: integer('pages'),
    spec: jsonb('spec').$type<ItemSpec>().notNull(),
    proof: text('proof', { enum: ['pdf', 'hard_copy', 'none'] })
      .notNull()
      .default('pdf'),
    proofStatus: text('proof_status', { enum: ['not_required', 'pending', 'approved', 'changes_requested'] })
      .notNull()
      .default('pending'),
    proofDecidedBy: text('proof_decided_by'),
    proofDecidedAt: moment('proof_decided_at'),
    proofComment: text('proof_comment'),
    packaging: text('packaging'),
    priceCents: integer('price_cents'),
  },
  (t) => [index('job_items_job_idx').on(t.jobId)],
);

export const jobStages = pgTable(
  'job_stages',
  {
    ...baseColumns(),
    ...partOfJob(),
    itemId: uuid('item_id').references(() => jobItems.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** Standard time in hours (fractions allowed): the route step's typed time or make-ready + quantity ÷ speed. */
    standardHours: real('standard_hours').notNull(),
    plannedStart: date('planned_start').notNull(),
    plannedEnd: date('planned_end').notNull(),
    /** The working-hour pieces the plan gives the stage, 'YYYY-MM-DDTHH:MM' on the shop's clock. */
    plannedSlots: jsonb('planned_slots').$type<{ start: string; end: string }[]>().notNull().default([]),
    /** A day a planner moved the stage to: planning starts it there. */
    pinnedOn: date('pinned_on'),
    /** The machine (an estimating press) the stage is planned on; null: the department's hand work. */
    machineId: uuid('machine_id').references(() => presses.id),
    /** A planner put the stage on this machine: planning keeps it there. */
    machinePinned: boolean('machine_pinned').notNull().default(false),
    /** The route step's typed hours and speed the time came from; null for a stage typed by hand (kept as typed). */
    stepHours: real('step_hours'),
    stepPiecesPerHour: real('step_pieces_per_hour'),
    status: text('status', { enum: ['pending', 'ready', 'in_progress', 'done', 'blocked'] })
      .notNull()
      .default('pending'),
    blockedReason: text('blocked_reason'),
    startedAt: moment('started_at'),
    startedBy: uuid('started_by').references(() => users.id),
    finishedAt: moment('finished_at'),
    finishedBy: uuid('finished_by').references(() => users.id),
  },
  (t) => [
    index('job_stages_job_idx').on(t.jobId, t.position),
    index('job_stages_department_queue_idx').on(t.departmentId, t.status, t.plannedEnd),
    // "Jobs with work left in this department": the open stages only, a small slice of all stages.
    index('job_stages_open_department_idx')
      .on(t.departmentId, t.jobId)
      .where(sql`${t.status} <> 'done'`),
    // A job's current stage (its first open one), for every open job in a report or a list.
    index('job_stages_open_job_idx')
      .on(t.jobId, t.plannedStart, t.position)
      .where(sql`${t.status} <> 'done'`),
  ],
);

export const jobComments = pgTable(
  'job_comments',
  {
    ...baseColumns(),
    ...partOfJob(),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [index('job_comments_job_idx').on(t.jobId, t.createdAt)],
);

/** Artwork and proofs of a job (per item or for the whole job), versioned by name. */
export const jobFiles = pgTable(
  'job_files',
  {
    ...baseColumns(),
    ...partOfJob(),
    itemId: uuid('item_id').references(() => jobItems.id),
    kind: text('kind', { enum: ['artwork', 'proof', 'other'] }).notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
  },
  (t) => [index('job_files_job_idx').on(t.jobId, t.createdAt)],
);

/** A saved job to start new ones from: its items and wording, for one account or for every account. */
export const jobTemplates = pgTable(
  'job_templates',
  {
    ...baseColumns(),
    name: text('name').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    title: text('title').notNull(),
    description: text('description'),
    items: jsonb('items').$type<TemplateItem[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('job_templates_account_idx').on(t.accountId)],
);

/**
 * A proof version sent to the client for one item: the e-mailed link (its token stored hashed) and the one
 * decision on it, by the link or in the portal. Sent at (created_at) → decided at is the proof's turnaround.
 */
export const proofLinks = pgTable(
  'proof_links',
  {
    ...baseColumns(),
    ...partOfJob(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => jobItems.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => jobFiles.id),
    tokenHash: text('token_hash').notNull(),
    sentTo: text('sent_to').notNull(),
    sentBy: uuid('sent_by').references(() => users.id),
    expiresAt: moment('expires_at').notNull(),
    decision: text('decision', { enum: ['approved', 'changes_requested'] }),
    decidedBy: text('decided_by'),
    decidedVia: text('decided_via', { enum: ['link', 'portal', 'staff'] }),
    comment: text('comment'),
    decidedAt: moment('decided_at'),
  },
  (t) => [
    uniqueIndex('proof_links_token_key').on(t.tokenHash),
    index('proof_links_item_idx').on(t.itemId, t.createdAt),
    index('proof_links_waiting_idx')
      .on(t.accountId, t.createdAt)
      .where(sql`${t.decidedAt} is null`),
  ],
);

/**
 * A change to a job once production has started (or whenever the account manager records one): why, who asked,
 * what changed (before and after) and what it does to the price. Numbered per job: CO-1, CO-2…
 */
export const jobChangeOrders = pgTable(
  'job_change_orders',
  {
    ...baseColumns(),
    ...partOfJob(),
    number: integer('number').notNull(),
    kind: text('kind', { enum: ['job', 'item_added', 'item_changed', 'item_removed'] }).notNull(),
    reason: text('reason').notNull(),
    requestedByContactId: uuid('requested_by_contact_id').references(() => contacts.id),
    requestedByUserId: uuid('requested_by_user_id').references(() => users.id),
    requestedByName: text('requested_by_name').notNull(),
    summary: text('summary').notNull(),
    changes: jsonb('changes').$type<ChangeOrderChanges>().notNull(),
    priceBeforeCents: integer('price_before_cents'),
    priceAfterCents: integer('price_after_cents'),
    confirmationTo: text('confirmation_to'),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [uniqueIndex('job_change_orders_number_key').on(t.jobId, t.number)],
);
