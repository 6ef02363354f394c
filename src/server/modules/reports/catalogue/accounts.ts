import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { segmentLabels, statusLabels } from '../../../../shared/accounts';
import { carrierLabels } from '../../../../shared/shipping';
import { accountParam, defineReport, managers, periodParams, userParam } from '../definition';
import { andIf, labelled, localDate, OPEN_JOB } from './sql';

export const bookOfBusiness = defineReport({
  id: 'book-of-business',
  title: "Account manager's book of business",
  description:
    'Every account an account manager holds: open, late and at-risk jobs, the value of open work, jobs completed in the last 90 days, open client queries (and how many are past a response target), open escalations, the last contact and the last activity on the account.',
  audience: 'account_management',
  roles: managers,
  params: z
    .object({
      ownerId: userParam(),
      includeInactive: z.boolean().default(false).meta({ title: 'Include inactive accounts' }),
    })
    .strict(),
  columns: [
    { key: 'account', label: 'Account', type: 'text', link: { kind: 'account', idKey: 'account_id' } },
    { key: 'am', label: 'Account manager', type: 'text' },
    { key: 'segment', label: 'Segment', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'open_jobs', label: 'Open jobs', type: 'integer', total: 'sum' },
    { key: 'late_jobs', label: 'Late', type: 'integer', total: 'sum' },
    { key: 'at_risk_jobs', label: 'At risk', type: 'integer', total: 'sum' },
    { key: 'open_value_cents', label: 'Open work (estimated)', type: 'money', total: 'sum' },
    { key: 'completed_90', label: 'Completed, last 90 days', type: 'integer', total: 'sum' },
    { key: 'open_queries', label: 'Open queries', type: 'integer', total: 'sum' },
    { key: 'queries_overdue', label: 'Queries past target', type: 'integer', total: 'sum' },
    { key: 'open_escalations', label: 'Open escalations', type: 'integer', total: 'sum' },
    { key: 'last_contact_at', label: 'Last contact', type: 'datetime' },
    { key: 'last_activity_at', label: 'Last activity', type: 'datetime' },
    { key: 'on_track_jobs', label: 'On track', type: 'integer', hidden: true },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Open jobs by account manager',
    valueType: 'integer',
    x: 'am',
    series: [
      { key: 'on_track_jobs', label: 'On track' },
      { key: 'at_risk_jobs', label: 'At risk' },
      { key: 'late_jobs', label: 'Late' },
    ],
  },
  query: (p, ctx) => {
    const now = sql`${ctx.now.toISOString()}::timestamptz`;
    return sql`
    select a.id as account_id, a.name as account, coalesce(u.name, 'Unassigned') as am,
      ${labelled(sql`a.segment`, segmentLabels)} as segment, ${labelled(sql`a.status`, statusLabels)} as status,
      coalesce(j.open_jobs, 0)::int as open_jobs, coalesce(j.late_jobs, 0)::int as late_jobs,
      coalesce(j.at_risk_jobs, 0)::int as at_risk_jobs,
      (coalesce(j.open_jobs, 0) - coalesce(j.late_jobs, 0) - coalesce(j.at_risk_jobs, 0))::int as on_track_jobs,
      coalesce(j.open_value_cents, 0)::bigint as open_value_cents, coalesce(j.completed_90, 0)::int as completed_90,
      coalesce(q.open_queries, 0)::int as open_queries, coalesce(q.queries_overdue, 0)::int as queries_overdue,
      coalesce(esc.open_escalations, 0)::int as open_escalations,
      a.last_contact_at, act.last_activity_at,
      lower(a.name) || a.id::text as _k
    from accounts a
      left join users u on u.id = a.owner_id
      left join lateral (
        select count(*) filter (where status in ${OPEN_JOB}) as open_jobs,
          count(*) filter (where status in ${OPEN_JOB} and risk = 'late') as late_jobs,
          count(*) filter (where status in ${OPEN_JOB} and risk = 'at_risk') as at_risk_jobs,
          sum(estimated_price_cents) filter (where status in ${OPEN_JOB}) as open_value_cents,
          count(*) filter (where completed_at is not null and status in ('completed', 'closed')
            and ${localDate(sql`completed_at`, ctx.timeZone)} > ${ctx.today}::date - 90) as completed_90
        from jobs where account_id = a.id
      ) j on true
      left join lateral (select max(at) as last_activity_at from audit_events e where e.account_id = a.id) act on true
      left join lateral (
        -- Past target: a first response or resolution due moment gone by, as the inbox judges it.
        select count(*) as open_queries,
          count(*) filter (where (c.first_response_at is null and c.first_response_due_at < ${now})
            or coalesce(case when c.status = 'waiting_on_client' then c.paused_at end, ${now})
              > c.resolution_due_at) as queries_overdue
        from conversations c where c.account_id = a.id and c.status <> 'resolved'
      ) q on true
      left join lateral (
        select count(*) as open_escalations from escalations x where x.account_id = a.id and x.status = 'open'
      ) esc on true
    where a.archived_at is null
      ${andIf(p.ownerId, () => sql`a.owner_id = ${p.ownerId}`)}
      ${andIf(p.includeInactive ? null : true, () => sql`a.status in ('active', 'prospect')`)}`;
  },
});

export const clientJobsCompleted = defineReport({
  id: 'client-jobs-completed',
  title: 'Jobs completed, and whether on time',
  description:
    "One client's jobs completed in the period, with their due dates and whether each was completed on time — the report a client asks for at the end of the month.",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam(), ...periodParams('last_full_month') }).strict(),
  columns: [
    { key: 'number', label: 'Job', type: 'text', link: { kind: 'job', idKey: 'job_id' } },
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'cost_centre', label: 'Cost centre', type: 'text' },
    { key: 'client_po', label: 'Your PO', type: 'text' },
    { key: 'quantity', label: 'Quantity', type: 'integer', total: 'sum' },
    { key: 'due_date', label: 'Due', type: 'date' },
    { key: 'completed_on', label: 'Completed', type: 'date' },
    { key: 'on_time', label: 'On time', type: 'text', total: 'ratio', ratioOf: ['on_time_n', 'jobs_n'] },
    { key: 'days_vs_due', label: 'Days early (−) / late (+)', type: 'integer' },
    { key: 'on_time_n', label: 'On time (count)', type: 'integer', hidden: true },
    { key: 'jobs_n', label: 'Jobs', type: 'integer', hidden: true },
  ],
  query: (p, ctx) => {
    const doneOn = localDate(sql`j.completed_at`, ctx.timeZone);
    return sql`
    select j.id as job_id, j.number, j.title, cc.name as cost_centre, j.client_po,
      (select sum(quantity) from job_items i where i.job_id = j.id)::int as quantity,
      j.due_date, ${doneOn} as completed_on,
      case when ${doneOn} <= j.due_date then 'Yes' else 'No' end as on_time,
      (${doneOn} - j.due_date)::int as days_vs_due,
      case when ${doneOn} <= j.due_date then 1 else 0 end as on_time_n, 1 as jobs_n,
      ${doneOn}::text || j.number as _k
    from jobs j left join cost_centres cc on cc.id = j.cost_centre_id
    where j.account_id = ${p.accountId} and j.completed_at is not null and j.status in ('completed', 'closed')
      and ${doneOn} between ${p.from}::date and ${p.to}::date`;
  },
});

export const clientShipments = defineReport({
  id: 'client-shipments',
  title: 'Shipments with tracking',
  description:
    "One client's shipments in the period: where each went, by which carrier, its tracking number and link, and when it was delivered.",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam(), ...periodParams('last_30_days') }).strict(),
  columns: [
    { key: 'number', label: 'Shipment', type: 'text' },
    { key: 'job', label: 'Job', type: 'text', link: { kind: 'job', idKey: 'job_id' } },
    { key: 'shipped_at', label: 'Shipped', type: 'datetime' },
    { key: 'carrier', label: 'Carrier', type: 'text' },
    { key: 'service', label: 'Service', type: 'text' },
    { key: 'tracking_number', label: 'Tracking', type: 'text', link: { kind: 'url', idKey: 'tracking_url' } },
    { key: 'ship_to', label: 'Ship to', type: 'text' },
    { key: 'packages', label: 'Packages', type: 'integer', total: 'sum' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'delivered_at', label: 'Delivered', type: 'datetime' },
  ],
  query: (p, ctx) => sql`
    select s.number, j.id as job_id, j.number as job, s.shipped_at,
      ${labelled(sql`s.carrier`, carrierLabels)} as carrier, s.service, s.tracking_number, s.tracking_url,
      concat_ws(', ', s.address->>'name', s.address->>'city', s.address->>'region') as ship_to,
      jsonb_array_length(s.packages) as packages,
      ${labelled(sql`s.status`, { planned: 'Planned', packed: 'Packed', shipped: 'Shipped', delivered: 'Delivered', exception: 'Exception' })} as status,
      s.delivered_at,
      to_char(s.shipped_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || s.number as _k
    from shipments s join jobs j on j.id = s.job_id
    where s.account_id = ${p.accountId} and s.shipped_at is not null
      and ${localDate(sql`s.shipped_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date`,
});
