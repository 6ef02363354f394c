import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { categoryLabels, severityLabels } from '../../../../shared/escalations';
import { defineReport, managers, periodParams, userParam } from '../definition';
import { andIf, labelled, localDate } from './sql';

const priorityLabels = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

const responseBy = {
  am: {
    label: sql`coalesce(u.name, 'Unassigned')`,
    id: sql`coalesce(u.id::text, '')`,
    path: sql`null::text`,
  },
  priority: {
    label: labelled(sql`c.priority`, priorityLabels),
    // Urgent first, low last, whatever the labels.
    id: sql`(case c.priority when 'urgent' then '1' when 'high' then '2' when 'normal' then '3' else '4' end)`,
    path: sql`null::text`,
  },
  account: {
    label: sql`coalesce(a.name, 'Unmatched sender')`,
    id: sql`coalesce(a.id::text, '')`,
    path: sql`case when a.id is null then null else '/accounts/' || a.id::text end`,
  },
};

/**
 * Conversations opened in the period against their targets. Each conversation's due moments were set from
 * its priority and segment in business minutes when it came in (inbox/targets.ts), so "met" here is the same
 * judgement the inbox shows; a target counts once it is decided (met, or its due moment has passed).
 */
export const responseTimes = defineReport({
  id: 'response-times',
  title: 'Response times against targets',
  description:
    'Client conversations opened in the period: how many got their first response and their resolution within target, how many missed, the rates, and the average clock hours to the first response — by account manager, priority or account.',
  audience: 'account_management',
  roles: managers,
  params: z
    .object({
      ...periodParams('last_30_days'),
      by: z
        .enum(['am', 'priority', 'account'])
        .default('am')
        .meta({
          title: 'Break down by',
          'x-labels': { am: 'Assignee', priority: 'Priority', account: 'Account' },
        }),
      ownerId: userParam('Assignee'),
    })
    .strict(),
  columns: [
    { key: 'grp', label: 'Group', type: 'text', link: { kind: 'url', idKey: 'grp_path' } },
    { key: 'conversations', label: 'Conversations', type: 'integer', total: 'sum' },
    { key: 'responded', label: 'Responded', type: 'integer', total: 'sum' },
    { key: 'fr_met', label: 'First response in target', type: 'integer', total: 'sum' },
    { key: 'fr_missed', label: 'First response missed', type: 'integer', total: 'sum' },
    {
      key: 'fr_rate',
      label: 'First response rate',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['fr_met', 'fr_due'],
    },
    {
      key: 'avg_first_response_hours',
      label: 'Avg hours to first response',
      type: 'number',
      total: 'weighted',
      weightBy: 'responded',
    },
    { key: 'resolved', label: 'Resolved', type: 'integer', total: 'sum' },
    { key: 'res_met', label: 'Resolved in target', type: 'integer', total: 'sum' },
    { key: 'res_missed', label: 'Resolution missed', type: 'integer', total: 'sum' },
    {
      key: 'res_rate',
      label: 'Resolution rate',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['res_met', 'res_due'],
    },
    { key: 'still_open', label: 'Still open', type: 'integer', total: 'sum' },
    { key: 'fr_due', label: 'First responses decided', type: 'integer', hidden: true },
    { key: 'res_due', label: 'Resolutions decided', type: 'integer', hidden: true },
  ],
  chart: {
    kind: 'bar',
    title: 'Share within target',
    valueType: 'percent',
    x: 'grp',
    series: [
      { key: 'fr_rate', label: 'First response', ratio: ['fr_met', 'fr_due'] },
      { key: 'res_rate', label: 'Resolution', ratio: ['res_met', 'res_due'] },
    ],
  },
  query: (p, ctx) => {
    const by = responseBy[p.by];
    const now = sql`${ctx.now.toISOString()}::timestamptz`;
    return sql`
    select grp, grp_path, count(*)::int as conversations,
      count(*) filter (where first_response_at is not null)::int as responded,
      count(*) filter (where fr_state = 'met')::int as fr_met,
      count(*) filter (where fr_state = 'missed')::int as fr_missed,
      count(*) filter (where fr_state is not null)::int as fr_due,
      (count(*) filter (where fr_state = 'met'))::float8 / nullif(count(*) filter (where fr_state is not null), 0)
        as fr_rate,
      (avg(extract(epoch from first_response_at - created_at) / 3600))::float8 as avg_first_response_hours,
      count(*) filter (where resolved_at is not null)::int as resolved,
      count(*) filter (where res_state = 'met')::int as res_met,
      count(*) filter (where res_state = 'missed')::int as res_missed,
      count(*) filter (where res_state is not null)::int as res_due,
      (count(*) filter (where res_state = 'met'))::float8 / nullif(count(*) filter (where res_state is not null), 0)
        as res_rate,
      count(*) filter (where status <> 'resolved')::int as still_open,
      grp_id || '|' || grp as _k
    from (
      select ${by.label} as grp, ${by.id} as grp_id, ${by.path} as grp_path, c.status, c.created_at,
        c.first_response_at, c.resolved_at,
        case
          when c.first_response_due_at is null then null
          when c.first_response_at is not null then
            case when c.first_response_at <= c.first_response_due_at then 'met' else 'missed' end
          when c.status <> 'resolved' and ${now} > c.first_response_due_at then 'missed'
        end as fr_state,
        case
          when c.resolution_due_at is null then null
          when c.resolved_at is not null then
            case when c.resolved_at <= c.resolution_due_at then 'met' else 'missed' end
          when coalesce(c.paused_at, ${now}) > c.resolution_due_at then 'missed'
        end as res_state
      from conversations c
        left join users u on u.id = c.assignee_id
        left join accounts a on a.id = c.account_id
      where ${localDate(sql`c.created_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
        ${andIf(p.ownerId, () => sql`c.assignee_id = ${p.ownerId}`)}
    ) d
    group by grp, grp_id, grp_path`;
  },
});

const ageBucket = (days: ReturnType<typeof sql>) => sql`(case
  when ${days} <= 1 then '0–1 days' when ${days} <= 7 then '2–7 days'
  when ${days} <= 30 then '8–30 days' else 'over 30 days' end)`;

/** Every escalation with its category, severity and age; the table groups by any of them, the chart pivots. */
export const escalationsReport = defineReport({
  id: 'escalations',
  title: 'Escalations by category, severity and age',
  description:
    'Escalations with their category, severity, level, owner and age in days (to today while open, to the resolution once resolved), banded by age, whether they are past their due-by, and — once resolved — the root cause, the corrective action and the hours it took to resolve. Open ones, or all opened in the period.',
  audience: 'account_management',
  roles: managers,
  params: z
    .object({
      status: z
        .enum(['open', 'all'])
        .default('open')
        .meta({
          title: 'Show',
          'x-labels': { open: 'Open now (any age)', all: 'Opened in the period' },
        }),
      ...periodParams('last_90_days'),
      ownerId: userParam('Owner'),
    })
    .strict(),
  columns: [
    { key: 'number', label: 'Escalation', type: 'text', link: { kind: 'url', idKey: 'escalation_path' } },
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'account', label: 'Account', type: 'text', link: { kind: 'account', idKey: 'account_id' } },
    { key: 'category', label: 'Category', type: 'text' },
    { key: 'severity', label: 'Severity', type: 'text' },
    { key: 'age_band', label: 'Age', type: 'text' },
    { key: 'level', label: 'Level', type: 'integer' },
    { key: 'owner', label: 'Owner', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'opened_at', label: 'Opened', type: 'datetime' },
    { key: 'due_at', label: 'Due by', type: 'datetime' },
    { key: 'overdue', label: 'Past due-by', type: 'text' },
    { key: 'age_days', label: 'Age (days)', type: 'integer', total: 'avg' },
    { key: 'resolved_at', label: 'Resolved', type: 'datetime' },
    { key: 'hours_to_resolve', label: 'Time to resolve (hours)', type: 'number', total: 'avg' },
    { key: 'root_cause', label: 'Root cause', type: 'text' },
    { key: 'corrective_action', label: 'Corrective action', type: 'text' },
    { key: 'n', label: 'Escalations', type: 'integer', total: 'sum', hidden: true },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Escalations by category and severity',
    valueType: 'integer',
    x: 'category',
    pivot: { by: 'severity', value: 'n' },
  },
  query: (p, ctx) => {
    const now = sql`${ctx.now.toISOString()}::timestamptz`;
    const opened = localDate(sql`e.created_at`, ctx.timeZone);
    const ended = sql`coalesce(${localDate(sql`e.resolved_at`, ctx.timeZone)}, ${ctx.today}::date)`;
    const age = sql`(${ended} - ${opened})`;
    return sql`
    select e.id, e.number, e.title, a.id as account_id, a.name as account,
      ${labelled(sql`e.category`, categoryLabels)} as category,
      ${labelled(sql`e.severity`, severityLabels)} as severity,
      ${ageBucket(age)} as age_band, e.level, coalesce(u.name, 'Unassigned') as owner,
      case when e.status = 'open' then 'Open' else 'Resolved' end as status,
      e.created_at as opened_at, e.due_at,
      case when coalesce(e.resolved_at, ${now}) > e.due_at then 'Yes' else 'No' end as overdue,
      ${age}::int as age_days, e.resolved_at,
      round((extract(epoch from e.resolved_at - e.created_at) / 3600)::numeric, 1)::float8 as hours_to_resolve,
      e.root_cause, e.corrective_action,
      1 as n, '/escalations/' || e.id::text as escalation_path,
      e.severity || to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || e.number as _k
    from escalations e
      join accounts a on a.id = e.account_id
      left join users u on u.id = e.owner_id
    where ${p.status === 'open' ? sql`e.status = 'open'` : sql`${opened} between ${p.from}::date and ${p.to}::date`}
      ${andIf(p.ownerId, () => sql`e.owner_id = ${p.ownerId}`)}`;
  },
});
