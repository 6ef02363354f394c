import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { accountParam, defineReport, managers, periodParams } from '../definition';
import { andIf, localDate } from './sql';

/** Order statuses that count as spent against a budget (as the checkout's budget check counts them). */
const SPENT = sql.raw(`('approved', 'in_fulfilment', 'shipped', 'completed')`);
/** Orders that were refused or withdrawn are not orders for reporting. */
const PLACED = sql.raw(`('pending_approval', 'approved', 'in_fulfilment', 'shipped', 'completed')`);

/** An app path for a drill-through (`url` links that start with `/` stay inside the app). */
const appPath = (prefix: string, id: ReturnType<typeof sql>) => sql`(${prefix} || (${id})::text)`;

/** Picks in the last 12 calendar months (this month and the 11 before it), as the portal's inventory page counts. */
const usageSince = (today: string) => sql`(date_trunc('month', ${today}::date) - interval '11 months')::date`;

export const clientOrders = defineReport({
  id: 'client-orders',
  title: 'Portal orders by cost centre, user and product',
  description:
    "One client's portal orders in the period, per cost centre, the person who ordered and the product: order lines, units and value, and what is still waiting for approval. Rejected and cancelled orders are left out.",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam(), ...periodParams('last_full_month') }).strict(),
  columns: [
    { key: 'cost_centre', label: 'Cost centre', type: 'text' },
    { key: 'buyer', label: 'Ordered by', type: 'text' },
    { key: 'sku', label: 'SKU', type: 'text' },
    { key: 'product', label: 'Product', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'integer' },
    { key: 'lines', label: 'Order lines', type: 'integer', total: 'sum' },
    { key: 'quantity', label: 'Units', type: 'integer', total: 'sum' },
    { key: 'value_cents', label: 'Value', type: 'money', total: 'sum' },
    { key: 'pending_cents', label: 'Waiting for approval', type: 'money', total: 'sum' },
    { key: 'last_ordered_on', label: 'Last ordered', type: 'date' },
    { key: 'last_order', label: 'Last order', type: 'text', link: { kind: 'url', idKey: 'last_order_path' } },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Order value by cost centre',
    valueType: 'money',
    x: 'cost_centre',
    pivot: { by: 'product', value: 'value_cents' },
  },
  query: (p, ctx) => {
    const day = localDate(sql`o.created_at`, ctx.timeZone);
    return sql`
    select cost_centre, buyer, sku, product, orders, lines, quantity, value_cents, pending_cents,
      last_ordered_on, last_order, ${appPath('/orders/', sql`last_order_id`)} as last_order_path,
      lower(cost_centre) || '|' || lower(buyer) || '|' || lower(sku) || '|' || cc_id::text || buyer_id::text || product_id::text as _k
    from (
      select cc.id as cc_id, cc.name as cost_centre, u.id as buyer_id, u.name as buyer,
        pr.id as product_id, pr.sku, pr.name as product,
        count(distinct o.id)::int as orders, count(*)::int as lines, sum(l.quantity)::int as quantity,
        sum(l.amount_cents)::bigint as value_cents,
        coalesce(sum(l.amount_cents) filter (where o.status = 'pending_approval'), 0)::bigint
          as pending_cents,
        max(${day}) as last_ordered_on,
        (array_agg(o.number order by o.created_at desc, o.id))[1] as last_order,
        (array_agg(o.id order by o.created_at desc, o.id))[1] as last_order_id
      from orders o
        join order_lines l on l.order_id = o.id
        join products pr on pr.id = l.product_id
        join cost_centres cc on cc.id = o.cost_centre_id
        join portal_users u on u.id = o.buyer_id
      where o.account_id = ${p.accountId} and o.status in ${PLACED}
        and ${day} between ${p.from}::date and ${p.to}::date
      group by cc.id, cc.name, u.id, u.name, pr.id, pr.sku, pr.name
    ) x`;
  },
});

/**
 * Shared select of an account's stock with its picks of the last 12 months: available, average monthly use and
 * months left. The average is over the months the item has been in use — from its first movement, at least one
 * and at most twelve — so a new item is not averaged over a year it did not exist; without picks there is no
 * pace and no months left (null, shown as "—").
 */
const stockWithUsage = (accountId: string, today: string, timeZone: string) => sql`
  select i.id as item_id, i.sku, i.name as item, i.unit, i.location, i.on_hand, i.reserved,
    (i.on_hand - i.reserved)::int as available, i.reorder_point, i.reorder_quantity, i.low_alerted_at,
    coalesce(u.used, 0)::int as usage_12m, w.months::float8 as usage_months,
    round(coalesce(u.used, 0) / w.months, 1)::float8 as avg_monthly,
    case when coalesce(u.used, 0) > 0 then round((i.on_hand - i.reserved) / (u.used / w.months), 1)::float8 end
      as months_left,
    (i.reorder_point > 0 and i.on_hand - i.reserved <= i.reorder_point) as low,
    ${appPath('/inventory/', sql`i.id`)} as item_path
  from inventory_items i
    left join lateral (
      select -sum(m.quantity) as used from inventory_movements m
      where m.item_id = i.id and m.kind = 'pick'
        and ${localDate(sql`m.created_at`, timeZone)} >= ${usageSince(today)}
    ) u on true
    left join lateral (
      select round(greatest(1, least(12,
        (${today}::date - coalesce(min(${localDate(sql`m.created_at`, timeZone)}), ${today}::date)) / 30.4375
      ))::numeric, 1) as months
      from inventory_movements m where m.item_id = i.id
    ) w on true
  where i.account_id = ${accountId}`;

export const clientInventory = defineReport({
  id: 'client-inventory',
  title: 'Inventory on hand, usage and months remaining',
  description:
    "One client's stock in the warehouse: on hand, reserved for orders, available, what was picked in the last 12 months, the average a month over the months the item has been in use (from its first movement, at least one, at most twelve), and how many months the available stock lasts at that pace (— when it has no usage yet).",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam() }).strict(),
  columns: [
    { key: 'sku', label: 'SKU', type: 'text', link: { kind: 'url', idKey: 'item_path' } },
    { key: 'item', label: 'Item', type: 'text' },
    { key: 'unit', label: 'Unit', type: 'text' },
    { key: 'location', label: 'Location', type: 'text' },
    { key: 'on_hand', label: 'On hand', type: 'integer', total: 'sum' },
    { key: 'reserved', label: 'Reserved', type: 'integer', total: 'sum' },
    { key: 'available', label: 'Available', type: 'integer', total: 'sum' },
    { key: 'usage_12m', label: 'Used, 12 months', type: 'integer', total: 'sum' },
    { key: 'usage_months', label: 'Months in use', type: 'number' },
    { key: 'avg_monthly', label: 'Average a month', type: 'number', total: 'sum' },
    { key: 'months_left', label: 'Months remaining', type: 'number' },
    { key: 'reorder_point', label: 'Reorder point', type: 'integer' },
    { key: 'low_stock', label: 'Low', type: 'text' },
  ],
  chart: {
    kind: 'bar',
    title: 'Available stock and monthly use',
    valueType: 'integer',
    x: 'sku',
    series: [
      { key: 'available', label: 'Available' },
      { key: 'avg_monthly', label: 'Average a month' },
    ],
  },
  query: (p, ctx) => sql`
    select s.*, case when s.low then 'Yes' else 'No' end as low_stock, lower(s.sku) || s.item_id::text as _k
    from (${stockWithUsage(p.accountId, ctx.today, ctx.timeZone)}) s`,
});

export const clientLowStock = defineReport({
  id: 'client-low-stock',
  title: 'Low stock',
  description:
    "One client's items at or below their reorder point (available stock, after what is reserved for orders): how far below, the reorder quantity, and how long what is left lasts.",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam() }).strict(),
  columns: [
    { key: 'sku', label: 'SKU', type: 'text', link: { kind: 'url', idKey: 'item_path' } },
    { key: 'item', label: 'Item', type: 'text' },
    { key: 'available', label: 'Available', type: 'integer', total: 'sum' },
    { key: 'reorder_point', label: 'Reorder point', type: 'integer', total: 'sum' },
    { key: 'below_by', label: 'Below the point by', type: 'integer', total: 'sum' },
    { key: 'reorder_quantity', label: 'Reorder quantity', type: 'integer', total: 'sum' },
    { key: 'avg_monthly', label: 'Average a month', type: 'number' },
    { key: 'months_left', label: 'Months remaining', type: 'number' },
    { key: 'low_alerted_at', label: 'Alerted', type: 'datetime' },
  ],
  query: (p, ctx) => sql`
    select s.*, (s.reorder_point - s.available)::int as below_by,
      lpad((s.available - s.reorder_point + 1000000000)::text, 12, '0') || lower(s.sku) || s.item_id::text as _k
    from (${stockWithUsage(p.accountId, ctx.today, ctx.timeZone)}) s
    where s.low`,
});

export const clientBudgetSpend = defineReport({
  id: 'client-budget-spend',
  title: 'Spend against budget by cost centre',
  description:
    "One client's portal spend per cost centre in the budget period holding the chosen day (month, quarter or fiscal year, as the portal is set up): budget, spent (approved orders), waiting for approval, and what is left. Counts as the checkout's budget check does.",
  audience: 'client',
  roles: managers,
  params: z
    .object({
      accountId: accountParam(),
      asOf: z.iso.date().optional().meta({ title: 'Budget period holding (default today)' }),
    })
    .strict(),
  columns: [
    { key: 'cost_centre', label: 'Cost centre', type: 'text' },
    { key: 'code', label: 'Code', type: 'text' },
    { key: 'period_from', label: 'Period from', type: 'date' },
    { key: 'period_to', label: 'Period to', type: 'date' },
    { key: 'budget_cents', label: 'Budget', type: 'money', total: 'sum' },
    { key: 'spent_cents', label: 'Spent', type: 'money', total: 'sum' },
    { key: 'pending_cents', label: 'Waiting for approval', type: 'money', total: 'sum' },
    { key: 'remaining_cents', label: 'Left', type: 'money', total: 'sum' },
    {
      key: 'used',
      label: 'Used',
      type: 'percent',
      total: 'ratio',
      ratioOf: ['budgeted_committed_cents', 'budget_cents'],
    },
    { key: 'orders', label: 'Orders', type: 'integer', total: 'sum' },
    { key: 'budgeted_committed_cents', label: 'Committed (budgeted)', type: 'money', hidden: true },
  ],
  chart: {
    kind: 'bar',
    title: 'Budget and spend by cost centre',
    valueType: 'money',
    x: 'cost_centre',
    series: [
      { key: 'budget_cents', label: 'Budget' },
      { key: 'spent_cents', label: 'Spent' },
      { key: 'pending_cents', label: 'Waiting for approval' },
    ],
  },
  query: (p, ctx) => {
    const asOf = sql`${p.asOf ?? ctx.today}::date`;
    // The same periods as portals/orders.ts budgetPeriod(), worked out in SQL from the portal's settings.
    const start = sql`(case po.budget_period
      when 'month' then date_trunc('month', ${asOf})::date
      when 'quarter' then date_trunc('quarter', ${asOf})::date
      else make_date(extract(year from ${asOf})::int
        - case when extract(month from ${asOf})::int >= po.fiscal_year_start_month then 0 else 1 end,
        po.fiscal_year_start_month, 1) end)`;
    const months = sql`(case po.budget_period when 'month' then 1 when 'quarter' then 3 else 12 end)`;
    const scoped = ctx.costCentreIds?.length ? ctx.costCentreIds : null;
    return sql`
    select cost_centre, code, period_from, period_to, budget_cents, spent_cents, pending_cents,
      (budget_cents - spent_cents - pending_cents)::bigint as remaining_cents,
      case when budget_cents > 0 then (spent_cents + pending_cents)::float8 / budget_cents end as used,
      case when budget_cents is not null then spent_cents + pending_cents end as budgeted_committed_cents,
      orders, lower(cost_centre) || cc_id::text as _k
    from (
      select cc.id as cc_id, cc.name as cost_centre, cc.code, per.period_from, per.period_to,
        (select (b->>'amountCents')::bigint from jsonb_array_elements(po.budgets) b
          where b->>'costCentreId' = cc.id::text limit 1) as budget_cents,
        coalesce(s.spent, 0)::bigint as spent_cents, coalesce(s.pending, 0)::bigint as pending_cents,
        coalesce(s.orders, 0)::int as orders
      from portals po
        join cost_centres cc on cc.account_id = po.account_id and cc.archived_at is null
        cross join lateral (
          select ${start} as period_from, (${start} + make_interval(months => ${months}) - interval '1 day')::date
            as period_to
        ) per
        left join lateral (
          select sum(o.total_cents) filter (where o.status in ${SPENT}) as spent,
            sum(o.total_cents) filter (where o.status = 'pending_approval') as pending,
            count(*) filter (where o.status in ${SPENT} or o.status = 'pending_approval') as orders
          from orders o
          where o.portal_id = po.id and o.cost_centre_id = cc.id
            and o.created_at >= per.period_from and o.created_at < per.period_to + 1
        ) s on true
      where po.account_id = ${p.accountId}
        ${andIf(scoped, () => sql`cc.id = any(${`{${scoped!.join(',')}}`}::uuid[])`)}
    ) x`;
  },
});
