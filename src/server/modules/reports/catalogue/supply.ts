import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { carrierLabels } from '../../../../shared/shipping';
import { defineReport, everyone, periodParams } from '../definition';
import { andIf, labelled, localDate, OPEN_JOB, OPEN_PO } from './sql';

const poStatusLabels = {
  draft: 'Draft',
  sent: 'Sent',
  partly_received: 'Partly received',
  received: 'Received',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const materialShortages = defineReport({
  id: 'material-shortages',
  title: 'Material shortages',
  description:
    'Materials open jobs need that are not yet allocated from stock: what is on order for them, what is still to order, and the free stock left.',
  audience: 'production',
  roles: everyone,
  params: z
    .object({
      show: z
        .enum(['not_allocated', 'to_order'])
        .default('not_allocated')
        .meta({
          title: 'Show',
          'x-labels': {
            not_allocated: 'Everything not yet allocated',
            to_order: 'Only what is still to order',
          },
        }),
    })
    .strict(),
  columns: [
    { key: 'job', label: 'Job', type: 'text', link: { kind: 'job', idKey: 'job_id' } },
    { key: 'due_date', label: 'Due', type: 'date' },
    { key: 'account', label: 'Account', type: 'text' },
    { key: 'sku', label: 'SKU', type: 'text', link: { kind: 'material', idKey: 'material_id' } },
    { key: 'material', label: 'Material', type: 'text' },
    { key: 'unit', label: 'Unit', type: 'text' },
    { key: 'required', label: 'Required', type: 'integer' },
    { key: 'allocated', label: 'Allocated', type: 'integer' },
    { key: 'on_order', label: 'On order', type: 'integer' },
    { key: 'short', label: 'To order', type: 'integer' },
    { key: 'free_stock', label: 'Free stock', type: 'integer' },
    { key: 'purchase_orders', label: 'Purchase orders', type: 'text' },
    { key: 'expected_date', label: 'Expected', type: 'date' },
  ],
  query: (p) => sql`
    select * from (
      select j.id as job_id, j.number as job, j.due_date, a.name as account, m.id as material_id, m.sku,
        m.name as material, m.unit, jm.quantity as required, jm.allocated, coalesce(po.on_order, 0)::int as on_order,
        greatest(0, jm.quantity - jm.allocated - coalesce(po.on_order, 0))::int as short,
        (m.on_hand - m.allocated)::int as free_stock, po.numbers as purchase_orders, po.expected as expected_date,
        j.due_date::text || j.number || jm.id::text as _k
      from job_materials jm
        join jobs j on j.id = jm.job_id
        join accounts a on a.id = j.account_id
        join materials m on m.id = jm.material_id
        left join lateral (
          select sum(greatest(0, d.quantity - d.filled))::int as on_order, min(po.expected_date) as expected,
            string_agg(distinct po.number, ', ') as numbers
          from purchase_order_demands d
            join purchase_order_lines l on l.id = d.line_id
            join purchase_orders po on po.id = l.purchase_order_id
          where d.job_material_id = jm.id and po.status in ${OPEN_PO}
        ) po on true
      where j.status in ${OPEN_JOB} and jm.allocated < jm.quantity
    ) x
    where true ${andIf(p.show === 'to_order' ? true : null, () => sql`short > 0`)}`,
});

export const openPurchaseOrders = defineReport({
  id: 'open-purchase-orders',
  title: 'Open purchase orders',
  description:
    'Purchase orders not yet fully received: vendor, expected date and how overdue, value, how much has arrived, and how many jobs wait on them.',
  audience: 'production',
  roles: everyone,
  params: z
    .object({
      vendorId: z.uuid().optional().meta({ title: 'Vendor', 'x-lookup': 'vendor' }),
      overdueOnly: z.boolean().default(false).meta({ title: 'Only overdue' }),
    })
    .strict(),
  columns: [
    { key: 'number', label: 'PO', type: 'text', link: { kind: 'purchase_order', idKey: 'po_id' } },
    { key: 'vendor', label: 'Vendor', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'sent_at', label: 'Sent', type: 'datetime' },
    { key: 'expected_date', label: 'Expected', type: 'date' },
    { key: 'days_overdue', label: 'Days overdue', type: 'integer' },
    { key: 'lines', label: 'Lines', type: 'integer', total: 'sum' },
    { key: 'value_cents', label: 'Value', type: 'money', total: 'sum' },
    { key: 'received', label: 'Received', type: 'percent' },
    { key: 'jobs_waiting', label: 'Jobs waiting', type: 'integer', total: 'sum' },
  ],
  query: (p, ctx) => sql`
    select p.id as po_id, p.number, v.name as vendor, ${labelled(sql`p.status`, poStatusLabels)} as status,
      p.sent_at, p.expected_date,
      case when p.expected_date < ${ctx.today}::date then (${ctx.today}::date - p.expected_date) else 0 end::int as days_overdue,
      coalesce(l.lines, 0)::int as lines, coalesce(l.value_cents, 0)::bigint as value_cents, l.received,
      coalesce(w.jobs, 0)::int as jobs_waiting,
      coalesce(p.expected_date::text, '9999-12-31') || p.number as _k
    from purchase_orders p
      join vendors v on v.id = p.vendor_id
      left join lateral (
        select count(*) as lines, sum(quantity::bigint * unit_cost_cents) as value_cents,
          (sum(received)::float8 / nullif(sum(quantity::bigint * unit_factor), 0)) as received
        from purchase_order_lines where purchase_order_id = p.id
      ) l on true
      left join lateral (
        select count(distinct d.job_id) as jobs
        from purchase_order_demands d join purchase_order_lines pl on pl.id = d.line_id
        where pl.purchase_order_id = p.id and d.filled < d.quantity
      ) w on true
    where p.status in ${OPEN_PO}
      ${andIf(p.vendorId, () => sql`p.vendor_id = ${p.vendorId}`)}
      ${andIf(p.overdueOnly || null, () => sql`p.expected_date < ${ctx.today}::date`)}`,
});

export const shipmentsByCarrier = defineReport({
  id: 'shipments-by-carrier',
  title: 'Shipments by carrier and day',
  description:
    'Shipments that left the dock each day by carrier: packages, weight, how many are delivered and how many hit an exception.',
  audience: 'production',
  roles: everyone,
  params: z.object({ ...periodParams('last_30_days') }).strict(),
  columns: [
    { key: 'day', label: 'Shipped on', type: 'date' },
    { key: 'carrier', label: 'Carrier', type: 'text' },
    { key: 'shipments', label: 'Shipments', type: 'integer', total: 'sum' },
    { key: 'packages', label: 'Packages', type: 'integer', total: 'sum' },
    { key: 'weight_lb', label: 'Weight (lb)', type: 'number', total: 'sum' },
    { key: 'delivered', label: 'Delivered', type: 'integer', total: 'sum' },
    { key: 'exceptions', label: 'Exceptions', type: 'integer', total: 'sum' },
    { key: 'accounts', label: 'Accounts', type: 'integer' },
  ],
  chart: {
    kind: 'stacked-bar',
    title: 'Shipments per day',
    valueType: 'integer',
    x: 'day',
    pivot: { by: 'carrier', value: 'shipments' },
  },
  query: (p, ctx) => sql`
    select day, ${labelled(sql`carrier`, carrierLabels)} as carrier, count(*)::int as shipments,
      sum(packages)::int as packages, sum(weight_lb)::float8 as weight_lb,
      count(*) filter (where status = 'delivered')::int as delivered,
      count(*) filter (where status = 'exception')::int as exceptions,
      count(distinct account_id)::int as accounts,
      day::text || carrier as _k
    from (
      select ${localDate(sql`s.shipped_at`, ctx.timeZone)} as day, s.carrier, s.status, s.account_id,
        jsonb_array_length(s.packages) as packages,
        (select coalesce(sum((pk->>'weightLb')::float8), 0) from jsonb_array_elements(s.packages) pk) as weight_lb
      from shipments s
      where s.shipped_at is not null
        and ${localDate(sql`s.shipped_at`, ctx.timeZone)} between ${p.from}::date and ${p.to}::date
    ) x
    group by day, carrier`,
});
