import { sql } from 'drizzle-orm';

/** What the job page warns of (getJob in Node, and jobPageJson below). */
export const JOB_WARNINGS = {
  behindPlan: 'Some stages were planned to start before today: the plan no longer fits the due date',
  atRisk: 'At risk: the remaining stages at standard times cannot finish before the due date',
  late: 'Late: the due date has passed',
};
/** A moment as `Date.toISOString()` writes it. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const text = (s: string) => `'${s.replaceAll("'", "''")}'`;

const ITEMS = `coalesce((
  select json_agg(json_build_object(
    'id', i.id, 'position', i.position, 'productType', i.product_type, 'description', i.description,
    'quantity', i.quantity, 'pages', i.pages, 'spec', i.spec, 'proof', i.proof, 'proofStatus', i.proof_status,
    'proofDecidedBy', i.proof_decided_by, 'proofDecidedAt', ${iso('i.proof_decided_at')},
    'proofComment', i.proof_comment, 'packaging', i.packaging, 'priceCents', i.price_cents
  ) order by i.position)
  from job_items i where i.job_id = "jobs"."id"), '[]'::json)`;

// standardHours: Math.round(hours * 100) / 100 on the float the pg client reads (float4's shortest text).
const STAGES = `coalesce((
  select json_agg(json_build_object(
    'id', s.id, 'itemId', s.item_id,
    'department', json_build_object('id', d.id, 'code', d.code, 'name', d.name),
    'name', s.name, 'position', s.position,
    'standardHours', floor((s.standard_hours::text)::float8 * 100 + 0.5) / 100,
    'plannedStart', s.planned_start, 'plannedEnd', s.planned_end, 'plannedSlots', s.planned_slots,
    'pinnedOn', s.pinned_on, 'machineId', s.machine_id, 'machinePinned', s.machine_pinned,
    'status', s.status, 'blockedReason', s.blocked_reason,
    'startedAt', ${iso('s.started_at')}, 'finishedAt', ${iso('s.finished_at')}
  ) order by s.position)
  from job_stages s join departments d on d.id = s.department_id where s.job_id = "jobs"."id"), '[]'::json)`;

// A line of the job list (the `JobSummary` schema, presentJobSummary), from jobs joined to accounts and users.
const SUMMARY = `'id', "jobs"."id", 'number', "jobs"."number", 'title', "jobs"."title",
  'account', json_build_object('id', "accounts"."id", 'name', "accounts"."name"),
  'owner', case when "users"."name" <> '' then json_build_object('id', "users"."id", 'name', "users"."name") end,
  'status', "jobs"."status", 'priority', "jobs"."priority", 'risk', "jobs"."risk",
  'dueDate', "jobs"."due_date", 'inHandsDate', "jobs"."in_hands_date",
  'updatedAt', ${iso('"jobs"."updated_at"')}`;

/** A job list line as JSON text (the `JobSummary` schema), for the list to send without presenting it in Node. */
export const jobSummaryJson = sql<string>`json_build_object(${sql.raw(SUMMARY)})::text`;

// Field by field, as the schema names them: a key stored beside them is not sent.
const SHIP_TO = `case when jsonb_typeof("jobs"."ship_to") = 'object' then json_build_object(${[
  'addressId',
  'label',
  'attention',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
]
  .map((key) => `'${key}', "jobs"."ship_to"->'${key}'`)
  .join(', ')}) end`;

const PRODUCTION_STARTED = `exists(select 1 from job_stages s where s.job_id = "jobs"."id"
  and (s.status in ('done', 'in_progress') or s.started_at is not null))`;

/**
 * The job page (the `Job` schema) as one JSON text PostgreSQL builds in the statement that reads the job with its
 * account and owner (parameters: `today`, the shop's date): what `getJob` and `presentJob` answer, without three
 * results mapped, presented and serialised in Node. A test holds the two equal.
 */
export const jobPageJson = sql<string>`json_build_object(${sql.raw(SUMMARY)},
    'contactId', "jobs"."contact_id", 'costCentreId', "jobs"."cost_centre_id", 'clientPo', "jobs"."client_po",
    'statusReason', "jobs"."status_reason", 'description', "jobs"."description",
    'internalNotes', "jobs"."internal_notes", 'clientNotes', "jobs"."client_notes",
    'estimatedPriceCents', "jobs"."estimated_price_cents", 'currency', "jobs"."currency",
    'shipTo', ${sql.raw(SHIP_TO)},
    'productionStarted', ${sql.raw(PRODUCTION_STARTED)},
    'items', ${sql.raw(ITEMS)},
    'stages', ${sql.raw(STAGES)},
    'warnings', array_to_json(array_remove(array[
      case when "jobs"."status" <> 'completed' and exists(select 1 from job_stages s
        where s.job_id = "jobs"."id" and s.status <> 'done' and s.planned_start < ${sql.placeholder('today')}::date)
        then ${sql.raw(text(JOB_WARNINGS.behindPlan))} end,
      case when "jobs"."risk" = 'at_risk' then ${sql.raw(text(JOB_WARNINGS.atRisk))} end,
      case when "jobs"."risk" = 'late' then ${sql.raw(text(JOB_WARNINGS.late))} end
    ], null)),
    'createdAt', ${sql.raw(iso('"jobs"."created_at"'))}
  )::text`;
