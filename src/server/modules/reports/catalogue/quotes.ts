import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { segmentLabels } from '../../../../shared/accounts';
import { defineReport, managers, periodParams, userParam } from '../definition';
import { andIf, labelled, localDate } from './sql';

const groups = {
  am: sql`coalesce(u.name, 'Unassigned')`,
  segment: labelled(sql`a.segment`, segmentLabels),
  month: sql`to_char(${sql.raw('sent_day')}, 'YYYY-MM')`,
} as const;

/**
 * Quotes sent in the period and what became of them: won, lost, expired, still open, the win rate (won of those
 * decided or expired) and the value quoted (each quote's lowest total) and won (the totals of the quantities the
 * client accepted). Revised versions count once, as their latest version.
 */
export const quotesWinRate = defineReport({
  id: 'quotes-win-rate',
  title: 'Quotes and win rate',
  description:
    'Quotes sent in the period by account manager, client segment or month: how many were accepted, declined, expired or are still open, the win rate and the value quoted and won.',
  audience: 'account_management',
  roles: managers,
  params: z
    .object({
      ...periodParams('last_90_days'),
      by: z
        .enum(['am', 'segment', 'month'])
        .default('am')
        .meta({
          title: 'Break down by',
          'x-labels': { am: 'Account manager', segment: 'Segment', month: 'Month' },
        }),
      ownerId: userParam(),
    })
    .strict(),
  columns: [
    { key: 'grp', label: 'Group', type: 'text' },
    { key: 'sent', label: 'Sent', type: 'integer', total: 'sum' },
    { key: 'accepted', label: 'Accepted', type: 'integer', total: 'sum' },
    { key: 'declined', label: 'Declined', type: 'integer', total: 'sum' },
    { key: 'expired', label: 'Expired', type: 'integer', total: 'sum' },
    { key: 'open', label: 'Open', type: 'integer', total: 'sum' },
    { key: 'win_rate', label: 'Win rate', type: 'percent', total: 'ratio', ratioOf: ['accepted', 'closed'] },
    { key: 'quoted_cents', label: 'Quoted (lowest totals)', type: 'money', total: 'sum' },
    { key: 'won_cents', label: 'Won', type: 'money', total: 'sum' },
    { key: 'closed', label: 'Decided or expired', type: 'integer', hidden: true },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'What became of the quotes sent',
    valueType: 'integer',
    x: 'grp',
    series: [
      { key: 'accepted', label: 'Accepted' },
      { key: 'declined', label: 'Declined' },
      { key: 'expired', label: 'Expired' },
      { key: 'open', label: 'Open' },
    ],
  },
  query: (p, ctx) => sql`
    select ${groups[p.by]} as grp,
      count(*)::int as sent,
      count(*) filter (where state = 'accepted')::int as accepted,
      count(*) filter (where state = 'declined')::int as declined,
      count(*) filter (where state = 'expired')::int as expired,
      count(*) filter (where state = 'sent')::int as open,
      count(*) filter (where state <> 'sent')::int as closed,
      (count(*) filter (where state = 'accepted'))::float8 / nullif(count(*) filter (where state <> 'sent'), 0) as win_rate,
      coalesce(sum(quoted_cents), 0)::bigint as quoted_cents,
      coalesce(sum(won_cents), 0)::bigint as won_cents,
      min(${groups[p.by]}) as _k
    from (
      select q.*, ${localDate(sql`q.sent_at`, ctx.timeZone)} as sent_day,
        case when q.status = 'sent' and q.valid_until < ${ctx.today}::date then 'expired' else q.status end as state,
        (select sum(lowest) from (
          select min((pr->>'totalCents')::bigint) as lowest from quote_items i, jsonb_array_elements(i.prices) pr
          where i.quote_id = q.id and not i.optional group by i.id) l) as quoted_cents,
        (select sum((pr->>'totalCents')::bigint) from quote_items i, jsonb_array_elements(i.prices) pr
          where i.quote_id = q.id and (pr->>'quantity')::int = i.accepted_quantity) as won_cents
      from quotes q
      where q.sent_at is not null and q.status <> 'superseded'
        and ${localDate(sql`q.sent_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
        ${andIf(p.ownerId, () => sql`q.owner_id = ${p.ownerId}`)}
    ) q
      join accounts a on a.id = q.account_id
      left join users u on u.id = q.owner_id
    group by 1`,
});

/**
 * Jobs made from accepted quotes, estimated against actual: press hours (the estimate's make-ready and run
 * against the hours the job's stages in that press's department took), materials (the estimate's paper and
 * sheets against what was issued to the job, at catalogue cost) and outside work (the estimate's outside
 * services against what purchasing bought for the job). One row per job, for quotes accepted in the period.
 */
export const estimatedVsActual = defineReport({
  id: 'estimated-vs-actual',
  title: 'Estimated versus actual',
  description:
    'Jobs made from accepted quotes: the estimate’s press hours, paper and outside services beside the hours the stages took, the materials issued and what was bought for the job.',
  audience: 'production',
  roles: managers,
  params: z.object({ ...periodParams('last_90_days'), ownerId: userParam() }).strict(),
  columns: [
    { key: 'number', label: 'Job', type: 'text', link: { kind: 'job', idKey: 'job_id' } },
    { key: 'account', label: 'Client', type: 'text', link: { kind: 'account', idKey: 'account_id' } },
    { key: 'quote', label: 'Quote', type: 'text' },
    { key: 'est_hours', label: 'Press hours, estimated', type: 'number', total: 'sum' },
    { key: 'actual_hours', label: 'Press hours, actual', type: 'number', total: 'sum' },
    {
      key: 'hours_ratio',
      label: 'Actual ÷ estimated',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['actual_hours', 'est_hours'],
    },
    { key: 'est_sheets', label: 'Sheets, estimated', type: 'integer', total: 'sum' },
    { key: 'issued_sheets', label: 'Paper issued', type: 'integer', total: 'sum' },
    { key: 'est_materials_cents', label: 'Paper, estimated', type: 'money', total: 'sum' },
    { key: 'issued_cents', label: 'Materials issued', type: 'money', total: 'sum' },
    { key: 'est_outside_cents', label: 'Outside, estimated', type: 'money', total: 'sum' },
    { key: 'bought_cents', label: 'Bought for the job', type: 'money', total: 'sum' },
    { key: 'price_cents', label: 'Price quoted', type: 'money', total: 'sum' },
  ],
  chart: {
    kind: 'bar',
    title: 'Press hours: estimated and actual',
    valueType: 'number',
    x: 'number',
    series: [
      { key: 'est_hours', label: 'Estimated' },
      { key: 'actual_hours', label: 'Actual' },
    ],
  },
  query: (p, ctx) => sql`
    with est as (
      select q.job_id, q.number as quote, q.account_id, q.owner_id, q.decided_at,
        sum((e->>'makeReadyHours')::float8 + (e->>'runHours')::float8) as est_hours,
        sum((e->>'totalSheets')::int) as est_sheets,
        sum((select coalesce(sum((l->>'cents')::bigint), 0) from jsonb_array_elements(e->'lines') l where l->>'kind' = 'paper')) as est_materials_cents,
        sum((select coalesce(sum((l->>'cents')::bigint), 0) from jsonb_array_elements(e->'lines') l where l->>'kind' = 'outside')) as est_outside_cents,
        sum((e->>'priceCents')::bigint) as price_cents,
        array_agg(distinct pr.department_id) filter (where pr.department_id is not null) as press_departments
      from quotes q
        join quote_items i on i.quote_id = q.id and i.accepted_quantity is not null
        cross join lateral jsonb_array_elements(i.estimates) e
        left join presses pr on pr.id = (e->'press'->>'id')::uuid
      where q.status = 'accepted' and q.job_id is not null
        and (e->>'quantity')::int = i.accepted_quantity
        and ${localDate(sql`q.decided_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
        ${andIf(p.ownerId, () => sql`q.owner_id = ${p.ownerId}`)}
      group by q.id
    )
    select j.number, j.id as job_id, a.name as account, a.id as account_id, est.quote,
      round(est.est_hours::numeric, 2)::float8 as est_hours,
      round(coalesce((select sum(extract(epoch from (s.finished_at - s.started_at)) / 3600.0) from job_stages s
        where s.job_id = j.id and s.department_id = any(est.press_departments)
          and s.started_at is not null and s.finished_at is not null), 0)::numeric, 2)::float8 as actual_hours,
      (coalesce((select sum(extract(epoch from (s.finished_at - s.started_at)) / 3600.0) from job_stages s
        where s.job_id = j.id and s.department_id = any(est.press_departments)
          and s.started_at is not null and s.finished_at is not null), 0) / nullif(est.est_hours, 0))::float8 as hours_ratio,
      est.est_sheets::int as est_sheets,
      coalesce((select sum(-mm.quantity) from material_movements mm join materials m on m.id = mm.material_id
        where mm.job_id = j.id and mm.kind in ('issue', 'return') and m.kind = 'paper'), 0)::int as issued_sheets,
      est.est_materials_cents::bigint as est_materials_cents,
      coalesce((select round(sum(-mm.quantity * coalesce(m.unit_cost_cents, 0))) from material_movements mm
        join materials m on m.id = mm.material_id where mm.job_id = j.id and mm.kind in ('issue', 'return')), 0)::bigint as issued_cents,
      est.est_outside_cents::bigint as est_outside_cents,
      coalesce((select round(sum(d.quantity::numeric * l.unit_cost_cents / nullif(l.unit_factor, 0)))
        from purchase_order_demands d join purchase_order_lines l on l.id = d.line_id
          join purchase_orders po on po.id = l.purchase_order_id
        where d.job_id = j.id and po.status <> 'cancelled'), 0)::bigint as bought_cents,
      est.price_cents::bigint as price_cents,
      to_char(est.decided_at, 'YYYYMMDDHH24MISS') || j.id::text as _k
    from est join jobs j on j.id = est.job_id join accounts a on a.id = est.account_id`,
});
