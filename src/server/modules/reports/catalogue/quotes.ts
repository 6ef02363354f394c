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
