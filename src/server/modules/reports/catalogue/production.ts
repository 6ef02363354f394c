import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { productTypeLabels } from '../../../../shared/jobs';
import { bucketParam, defineReport, departmentParam, everyone, periodParams, userParam } from '../definition';
import { andIf, bucketStart, labelled, localDate, OPEN_JOB } from './sql';

const jobStatusLabels = {
  draft: 'Draft',
  in_production: 'In production',
  completed: 'Completed',
  closed: 'Closed',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
};

export const wipByDepartment = defineReport({
  id: 'wip-by-department',
  title: 'Work in progress by department and stage',
  description:
    'Open stages of open jobs in each department: waiting, ready, in progress and blocked, how many are past their planned end, and the standard hours they hold.',
  audience: 'production',
  roles: everyone,
  params: z.object({ departmentId: departmentParam() }).strict(),
  columns: [
    { key: 'department', label: 'Department', type: 'text' },
    { key: 'stage', label: 'Stage', type: 'text' },
    { key: 'waiting', label: 'Waiting', type: 'integer', total: 'sum' },
    { key: 'ready', label: 'Ready', type: 'integer', total: 'sum' },
    { key: 'in_progress', label: 'In progress', type: 'integer', total: 'sum' },
    { key: 'blocked', label: 'Blocked', type: 'integer', total: 'sum' },
    { key: 'stages', label: 'Open stages', type: 'integer', total: 'sum' },
    { key: 'overdue', label: 'Past planned end', type: 'integer', total: 'sum' },
    { key: 'standard_hours', label: 'Standard hours', type: 'integer', total: 'sum' },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Open stages by department',
    valueType: 'integer',
    x: 'department',
    series: [
      { key: 'waiting', label: 'Waiting' },
      { key: 'ready', label: 'Ready' },
      { key: 'in_progress', label: 'In progress' },
      { key: 'blocked', label: 'Blocked' },
    ],
  },
  query: (p, ctx) => sql`
    select d.name as department, s.name as stage,
      count(*) filter (where s.status = 'pending')::int as waiting,
      count(*) filter (where s.status = 'ready')::int as ready,
      count(*) filter (where s.status = 'in_progress')::int as in_progress,
      count(*) filter (where s.status = 'blocked')::int as blocked,
      count(*)::int as stages,
      count(*) filter (where s.planned_end < ${ctx.today}::date)::int as overdue,
      sum(s.standard_hours)::int as standard_hours,
      lpad(d.position::text, 6, '0') || d.id::text || lower(s.name) as _k
    from job_stages s
      join jobs j on j.id = s.job_id
      join departments d on d.id = s.department_id
    where s.status <> 'done' and j.status in ${OPEN_JOB} ${andIf(p.departmentId, () => sql`d.id = ${p.departmentId}`)}
    group by d.id, d.name, d.position, s.name`,
});

export const lateAndAtRisk = defineReport({
  id: 'late-and-at-risk',
  title: 'Late and at-risk jobs',
  description:
    'Open jobs that are late or forecast to miss their due date, soonest due first, with the stage they are in.',
  audience: 'production',
  roles: everyone,
  params: z
    .object({
      risk: z
        .enum(['late_or_at_risk', 'late', 'at_risk'])
        .default('late_or_at_risk')
        .meta({
          title: 'Risk',
          'x-labels': { late_or_at_risk: 'Late or at risk', late: 'Late', at_risk: 'At risk' },
        }),
      ownerId: userParam(),
    })
    .strict(),
  columns: [
    { key: 'number', label: 'Job', type: 'text', link: { kind: 'job', idKey: 'job_id' } },
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'account', label: 'Account', type: 'text', link: { kind: 'account', idKey: 'account_id' } },
    { key: 'am', label: 'Account manager', type: 'text' },
    { key: 'risk', label: 'Risk', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'due_date', label: 'Due', type: 'date' },
    { key: 'days_to_due', label: 'Days to due', type: 'integer' },
    { key: 'department', label: 'Now in', type: 'text' },
    { key: 'stage', label: 'Stage', type: 'text' },
  ],
  query: (p, ctx) => {
    const risks = p.risk === 'late_or_at_risk' ? ['late', 'at_risk'] : [p.risk];
    return sql`
    select j.id as job_id, j.number, j.title, a.id as account_id, a.name as account, u.name as am,
      ${labelled(sql`j.risk`, { late: 'Late', at_risk: 'At risk' })} as risk,
      ${labelled(sql`j.status`, jobStatusLabels)} as status,
      j.due_date, (j.due_date - ${ctx.today}::date)::int as days_to_due,
      cur.department, cur.stage,
      j.due_date::text || j.number as _k
    from jobs j
      join accounts a on a.id = j.account_id
      left join users u on u.id = j.owner_id
      left join lateral (
        select d.name as department, s.name as stage from job_stages s join departments d on d.id = s.department_id
        where s.job_id = j.id and s.status <> 'done' order by s.planned_start, s.position limit 1
      ) cur on true
    where j.status in ${OPEN_JOB} and j.risk in (${sql.join(
      risks.map((r) => sql`${r}`),
      sql`, `,
    )}) ${andIf(p.ownerId, () => sql`j.owner_id = ${p.ownerId}`)}`;
  },
});

const onTimeBy = {
  total: { label: sql`'All jobs'`, id: sql`''` },
  am: { label: sql`coalesce(u.name, 'No account manager')`, id: sql`coalesce(u.id::text, '')` },
  account: { label: sql`a.name`, id: sql`a.id::text` },
};

export const onTimeDelivery = defineReport({
  id: 'on-time-delivery',
  title: 'On-time delivery rate',
  description:
    'Jobs completed in the period and how many were completed on or before their due date, by week or month — for the whole shop, by account manager or by account.',
  audience: 'production',
  roles: everyone,
  params: z
    .object({
      ...periodParams('last_90_days'),
      bucket: bucketParam(),
      by: z
        .enum(['total', 'am', 'account'])
        .default('total')
        .meta({
          title: 'Break down by',
          'x-labels': { total: 'Whole shop', am: 'Account manager', account: 'Account' },
        }),
      ownerId: userParam(),
    })
    .strict(),
  columns: [
    { key: 'period_start', label: 'Period starting', type: 'date' },
    { key: 'grp', label: 'Group', type: 'text' },
    { key: 'completed', label: 'Completed', type: 'integer', total: 'sum' },
    { key: 'on_time', label: 'On time', type: 'integer', total: 'sum' },
    { key: 'late', label: 'Late', type: 'integer', total: 'sum' },
    {
      key: 'rate',
      label: 'On-time rate',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['on_time', 'completed'],
    },
    {
      key: 'avg_days_late',
      label: 'Avg days late (late jobs)',
      type: 'number',
      total: 'weighted',
      weightBy: 'late',
    },
  ],
  chart: {
    kind: 'line',
    title: 'On-time rate',
    valueType: 'percent',
    x: 'period_start',
    series: [{ key: 'rate', label: 'On-time rate', ratio: ['on_time', 'completed'] }],
  },
  query: (p, ctx) => {
    const by = onTimeBy[p.by];
    const doneOn = localDate(sql`j.completed_at`, ctx.timeZone);
    return sql`
    select period_start, grp, count(*)::int as completed,
      count(*) filter (where done_on <= due_date)::int as on_time,
      count(*) filter (where done_on > due_date)::int as late,
      (count(*) filter (where done_on <= due_date))::float8 / count(*) as rate,
      (avg(done_on - due_date) filter (where done_on > due_date))::float8 as avg_days_late,
      period_start::text || grp || grp_id as _k
    from (
      select ${bucketStart(doneOn, p.bucket)} as period_start, ${by.label} as grp, ${by.id} as grp_id,
        ${doneOn} as done_on, j.due_date
      from jobs j left join users u on u.id = j.owner_id join accounts a on a.id = j.account_id
      where j.completed_at is not null and j.status in ('completed', 'closed')
        and ${doneOn} between ${p.from}::date and ${p.to}::date
        ${andIf(p.ownerId, () => sql`j.owner_id = ${p.ownerId}`)}
    ) d
    group by period_start, grp, grp_id`;
  },
});

export const throughputByDepartment = defineReport({
  id: 'throughput-by-department',
  title: 'Throughput by department',
  description:
    'Stages each department finished per week or month, the jobs they belonged to, the standard hours done, and how many finished by their planned end.',
  audience: 'production',
  roles: everyone,
  params: z
    .object({ ...periodParams('last_90_days'), bucket: bucketParam(), departmentId: departmentParam() })
    .strict(),
  columns: [
    { key: 'period_start', label: 'Period starting', type: 'date' },
    { key: 'department', label: 'Department', type: 'text' },
    { key: 'stages_done', label: 'Stages finished', type: 'integer', total: 'sum' },
    { key: 'jobs', label: 'Jobs', type: 'integer', total: 'sum' },
    { key: 'standard_hours', label: 'Standard hours', type: 'integer', total: 'sum' },
    { key: 'on_plan', label: 'Finished by planned end', type: 'integer', total: 'sum' },
    {
      key: 'on_plan_rate',
      label: 'On plan',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['on_plan', 'stages_done'],
    },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Stages finished',
    valueType: 'integer',
    x: 'period_start',
    pivot: { by: 'department', value: 'stages_done' },
  },
  query: (p, ctx) => {
    const doneOn = localDate(sql`s.finished_at`, ctx.timeZone);
    return sql`
    select period_start, department, count(*)::int as stages_done, count(distinct job_id)::int as jobs,
      sum(standard_hours)::int as standard_hours,
      count(*) filter (where done_on <= planned_end)::int as on_plan,
      (count(*) filter (where done_on <= planned_end))::float8 / count(*) as on_plan_rate,
      period_start::text || lpad(position::text, 6, '0') || department_id::text as _k
    from (
      select ${bucketStart(doneOn, p.bucket)} as period_start, ${doneOn} as done_on, d.name as department,
        d.id as department_id, d.position, s.job_id, s.standard_hours, s.planned_end
      from job_stages s join departments d on d.id = s.department_id
      where s.status = 'done' and s.finished_at is not null and ${doneOn} between ${p.from}::date and ${p.to}::date
        ${andIf(p.departmentId, () => sql`d.id = ${p.departmentId}`)}
    ) x
    group by period_start, department, department_id, position`;
  },
});

export const cycleTimeByProduct = defineReport({
  id: 'cycle-time-by-product',
  title: 'Cycle time by product type',
  description:
    'Calendar days from a job being entered to its completion, for jobs completed in the period, by the product types of their items: average, median and 90th percentile.',
  audience: 'production',
  roles: everyone,
  params: z.object({ ...periodParams('last_90_days') }).strict(),
  columns: [
    { key: 'product', label: 'Product type', type: 'text' },
    { key: 'jobs', label: 'Jobs completed', type: 'integer', total: 'sum' },
    { key: 'quantity', label: 'Quantity', type: 'integer', total: 'sum' },
    { key: 'avg_days', label: 'Average days', type: 'number', total: 'weighted', weightBy: 'jobs' },
    { key: 'median_days', label: 'Median days', type: 'number' },
    { key: 'p90_days', label: '90th percentile days', type: 'number' },
  ],
  chart: {
    kind: 'bar',
    title: 'Days from entry to completion',
    valueType: 'number',
    x: 'product',
    series: [
      { key: 'avg_days', label: 'Average' },
      { key: 'median_days', label: 'Median' },
    ],
  },
  query: (p, ctx) => sql`
    select ${labelled(sql`product_type`, productTypeLabels)} as product, count(*)::int as jobs, sum(quantity)::int as quantity,
      avg(days)::float8 as avg_days,
      percentile_cont(0.5) within group (order by days)::float8 as median_days,
      percentile_cont(0.9) within group (order by days)::float8 as p90_days,
      product_type as _k
    from (
      select i.product_type, j.id, sum(i.quantity) as quantity,
        extract(epoch from (j.completed_at - j.created_at)) / 86400.0 as days
      from jobs j join job_items i on i.job_id = j.id
      where j.completed_at is not null and j.status in ('completed', 'closed')
        and ${localDate(sql`j.completed_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
      group by i.product_type, j.id, j.completed_at, j.created_at
    ) x
    group by product_type`,
});

export const stageTimeVsStandard = defineReport({
  id: 'stage-time-vs-standard',
  title: 'Stage time: actual vs standard',
  description:
    'For stages finished in the period: the standard hours planned and the elapsed hours from start to finish (clock hours, nights and weekends included), by department and stage.',
  audience: 'production',
  roles: everyone,
  params: z.object({ ...periodParams('last_30_days'), departmentId: departmentParam() }).strict(),
  columns: [
    { key: 'label', label: 'Department · stage', type: 'text' },
    { key: 'stages', label: 'Stages', type: 'integer', total: 'sum' },
    {
      key: 'standard_hours',
      label: 'Standard hours (avg)',
      type: 'number',
      total: 'weighted',
      weightBy: 'stages',
    },
    {
      key: 'actual_hours',
      label: 'Elapsed hours (avg)',
      type: 'number',
      total: 'weighted',
      weightBy: 'stages',
    },
    { key: 'ratio', label: 'Elapsed ÷ standard', type: 'percent' },
    { key: 'over_standard', label: 'Over standard', type: 'integer', total: 'sum' },
  ],
  chart: {
    kind: 'bar',
    title: 'Average hours per stage',
    valueType: 'number',
    x: 'label',
    series: [
      { key: 'standard_hours', label: 'Standard' },
      { key: 'actual_hours', label: 'Elapsed' },
    ],
  },
  query: (p, ctx) => sql`
    select d.name || ' · ' || s.name as label, count(*)::int as stages,
      avg(s.standard_hours)::float8 as standard_hours,
      avg(extract(epoch from (s.finished_at - s.started_at)) / 3600.0)::float8 as actual_hours,
      (sum(extract(epoch from (s.finished_at - s.started_at)) / 3600.0) / nullif(sum(s.standard_hours), 0))::float8 as ratio,
      count(*) filter (where extract(epoch from (s.finished_at - s.started_at)) / 3600.0 > s.standard_hours)::int as over_standard,
      lpad(d.position::text, 6, '0') || d.id::text || lower(s.name) as _k
    from job_stages s join departments d on d.id = s.department_id
    where s.status = 'done' and s.started_at is not null and s.finished_at is not null
      and ${localDate(sql`s.finished_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
      ${andIf(p.departmentId, () => sql`d.id = ${p.departmentId}`)}
    group by d.id, d.name, d.position, s.name`,
});
