/**
 * Loads a realistic shop into its own PostgreSQL database for the benchmarks.
 *   npm run bench:data -- --scale small|medium|large      (DATABASE_URL = an admin connection)
 * Large: 500 accounts, 5,000 contacts, 200,000 jobs with 600,000 items and 1.5 million stages, 60 portals with
 * 6,000 products, 300,000 orders with 1 million lines, 2 million inventory movements, 300,000 inbox messages in
 * 60,000 conversations. Small is 1/100, medium 1/10
 * (accounts and portals shrink less). Reference rows (staff users, portal buyers, the first portal) come from the
 * test factories; the volume is generated inside PostgreSQL with set-based INSERT … SELECT.
 */
import pg from 'pg';
import { openDatabase, migrateDatabase, type Database } from '../src/server/platform/db';
import { buildPortal, buildPortalUser, buildUser } from '../src/server/factories';

export type Scale = 'small' | 'medium' | 'large';
export const scales: Record<
  Scale,
  { accounts: number; jobs: number; portals: number; orders: number; movements: number; messages: number }
> = {
  small: { accounts: 100, jobs: 2_000, portals: 6, orders: 3_000, movements: 20_000, messages: 3_000 },
  medium: { accounts: 300, jobs: 20_000, portals: 20, orders: 30_000, movements: 200_000, messages: 30_000 },
  large: {
    accounts: 500,
    jobs: 200_000,
    portals: 60,
    orders: 300_000,
    movements: 2_000_000,
    messages: 300_000,
  },
};

export const benchDbName = (scale: Scale) => `jj_bench_${scale}`;
export const BENCH_PASSWORD = 'correct horse battery';

export function databaseUrl(adminUrl: string, name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const step = async (db: Database, what: string, statement: string) => {
  const started = performance.now();
  await db.raw.exec(statement);
  console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

/** Fills an empty, migrated database. Returns the bench users' e-mails and the first portal's slug. */
export async function generate(db: Database, scale: Scale) {
  const n = scales[scale];
  const ams = [];
  for (let i = 0; i < 10; i++)
    ams.push(await buildUser(db.db, { role: 'account_manager', email: `am${i}@bench.test` }));
  await buildUser(db.db, { role: 'admin', email: 'admin@bench.test' });
  const amArray = `array[${ams.map((a) => `'${a.id}'::uuid`).join(',')}]`;
  await step(
    db,
    `${n.accounts} accounts, ${n.accounts * 10} contacts, cost centres, addresses`,
    `
    insert into accounts (name, segment, status, owner_id, tags)
      select 'Client ' || i || ' ' || (array['Bank','School District','University','Agency','Hospital','Credit Union'])[1 + i % 6],
             (array['state','education','corporate','other'])[1 + i % 4], 'active', (${amArray})[1 + i % 10], array['t' || (i % 10)]
      from generate_series(1, ${n.accounts}) i;
    insert into contacts (account_id, first_name, last_name, emails, search_text, is_primary)
      select a.id, 'First' || c, 'Last' || a.name, array['c' || c || '.' || md5(a.id::text) || '@example.test'],
             lower('First' || c || ' Last ' || a.name || ' c' || c || '.' || md5(a.id::text) || '@example.test'), c = 1
      from accounts a, generate_series(1, 10) c;
    insert into cost_centres (account_id, name, code)
      select a.id, cc, upper(left(cc, 3)) || '-' || left(md5(a.id::text), 6) from accounts a, unnest(array['Marketing','Operations']) cc;
    insert into account_addresses (account_id, kind, label, line1, city, region, postal_code, country, is_default)
      select a.id, 'shipping', 'Receiving', (100 + row_number() over ()) || ' Dock Rd', 'Austin', 'TX', '78701', 'US', true from accounts a;
    analyze accounts; analyze contacts;`,
  );
  const jobsPerItem = `(select array_agg(id order by position) from departments)`;
  await step(
    db,
    `${n.jobs} jobs, ${n.jobs * 3} items, ~${Math.round(n.jobs * 7.5)} stages`,
    `
    create temporary table bench_accounts as select id, owner_id, row_number() over (order by id) as k from accounts;
    insert into jobs (number, account_id, title, owner_id, status, priority, due_date, risk, created_at, completed_at)
      select 'J-B-' || lpad(i::text, 7, '0'), a.id, 'Job ' || i || ' ' || (array['brochures','postcards','annual report','mailing','banners'])[1 + i % 5],
             a.owner_id,
             case when i > ${n.jobs} * 0.95 then (array['draft','in_production','in_production','on_hold'])[1 + i % 4] else 'completed' end,
             (array['low','normal','normal','high','rush'])[1 + i % 5],
             current_date - ((${n.jobs} - i) * 1000 / ${n.jobs}) + 30,
             case when i > ${n.jobs} * 0.95 then (array['on_track','on_track','at_risk','late'])[1 + i % 4] else 'on_track' end,
             now() - ((${n.jobs} - i) * interval '1000 days' / ${n.jobs}),
             case when i <= ${n.jobs} * 0.95 then now() - ((${n.jobs} - i) * interval '1000 days' / ${n.jobs}) + interval '9 days' end
      from generate_series(1, ${n.jobs}) i join bench_accounts a on a.k = 1 + i % ${n.accounts};
    insert into job_items (job_id, account_id, position, product_type, quantity, spec, proof, proof_status)
      select j.id, j.account_id, p, (array['flat_sheet','folded_brochure','booklet','postcard','envelope'])[1 + (p + length(j.number)) % 5],
             500 * p, '{}'::jsonb, 'pdf', 'approved'
      from jobs j, generate_series(1, 3) p;
    insert into job_stages (job_id, account_id, item_id, department_id, name, position, standard_hours, planned_start, planned_end, status, finished_at)
      select i.job_id, i.account_id, i.id, (${jobsPerItem})[1 + (s + i.position + right(j.number, 1)::int) % 6], 'Stage ' || s, i.position * 10 + s, 2 + s,
             j.due_date - 10 + s, j.due_date - 9 + s,
             case when j.status = 'completed' then 'done' when s = 1 then 'in_progress' else 'pending' end,
             case when j.status = 'completed' then j.completed_at - interval '1 day' * (4 - s) end
      from job_items i join jobs j on j.id = i.job_id,
           generate_series(1, case when i.position = 1 then 3 when i.position = 2 then 2 + (right(j.number, 1)::int % 2) else 2 end) s;
    analyze jobs; analyze job_items; analyze job_stages;`,
  );
  const portal = await buildPortal(db.db, { slug: 'bench' });
  const buyers = [];
  for (let i = 0; i < 16; i++) {
    buyers.push(
      await buildPortalUser(db.db, portal.id, { email: `buyer${i}@bench.test`, password: BENCH_PASSWORD }),
    );
  }
  await step(
    db,
    `${n.portals} portals, ${n.portals * 100} products, ${n.portals * 40} inventory items`,
    `
    insert into portals (account_id, slug, name, primary_colour, budgets)
      select a.id, 'portal-' || a.k, 'Portal ' || a.k, '#1f6feb', '[]'::jsonb
      from bench_accounts a where a.k <= ${n.portals} and not exists (select 1 from portals p where p.account_id = a.id);
    insert into inventory_items (account_id, sku, name, on_hand, reserved, reorder_point, reorder_quantity)
      select p.account_id, 'INV-' || i, 'Stock item ' || i, 1000000, 0, 100, 1000 from portals p, generate_series(1, 40) i;
    insert into products (account_id, portal_id, sku, name, description, kind, unit_price_cents, price_breaks, spec, fields, components, inventory_item_id, product_type, categories)
      select p.account_id, p.id, 'SKU-' || i, (array['Brochure','Flyer','Business card','Folder','Poster'])[1 + i % 5] || ' ' || i,
             'A product for benchmarks', case when i <= 40 then 'stocked' else 'print_on_demand' end, 100 + i, '[]'::jsonb, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb,
             case when i <= 40 then (select id from inventory_items ii where ii.account_id = p.account_id and ii.sku = 'INV-' || i) end,
             case when i > 40 then 'flat_sheet' end, array[(array['Brochures','Flyers','Stationery'])[1 + i % 3]]
      from portals p, generate_series(1, 100) i;
    analyze portals; analyze products; analyze inventory_items;`,
  );
  await step(
    db,
    `${n.orders} orders with ~${Math.round(n.orders * 3.33)} lines`,
    `
    insert into orders (account_id, number, portal_id, buyer_id, cost_centre_id, status, ship_to, total_cents, created_at)
      select p.account_id, 'ORD-B-' || lpad(i::text, 7, '0'), p.id,
             (${`array[${buyers.map((b) => `'${b.id}'::uuid`).join(',')}]`})[1 + i % 16],
             (select id from cost_centres c where c.account_id = p.account_id limit 1),
             (array['completed','completed','completed','approved','pending_approval','rejected'])[1 + i % 6],
             '{"line1":"1 Main St","city":"Austin","region":"TX","postalCode":"78701","country":"US"}'::jsonb, 1000 + i % 5000,
             now() - ((${n.orders} - i) * interval '700 days' / ${n.orders})
      from generate_series(1, ${n.orders}) i join (select id, account_id, row_number() over (order by slug) k from portals) p on p.k = 1 + i % ${n.portals};
    create temporary table bench_products as
      select portal_id, id, row_number() over (partition by portal_id order by sku) - 1 as n from products;
    create index on bench_products (portal_id, n);
    analyze bench_products;
    insert into order_lines (account_id, order_id, product_id, quantity, unit_price_cents, amount_cents, "values")
      select o.account_id, o.id, bp.id, 10 * l, 100, 1000 * l, '{}'::jsonb
      from orders o
      cross join lateral generate_series(1, 3 + (case when right(o.number, 1)::int % 3 = 0 then 1 else 0 end)) l
      join bench_products bp on bp.portal_id = o.portal_id and bp.n = (l * 7 + right(o.number, 2)::int) % 100;
    analyze orders; analyze order_lines;`,
  );
  await step(
    db,
    `${n.movements} inventory movements`,
    `
    insert into inventory_movements (account_id, item_id, kind, quantity, on_hand_after, reserved_after, reason, actor_label, created_at)
      select ii.account_id, ii.id, (array['receipt','pick','reserve','release'])[1 + m % 4], 10, 1000000, 0, 'bench', 'bench',
             now() - (m * interval '1 minute')
      from (select id, account_id, row_number() over (order by id) k from inventory_items) ii
      join generate_series(1, ${n.movements}) m on ii.k = 1 + m % ${n.portals * 40};
    analyze inventory_movements;`,
  );
  await step(
    db,
    `${n.messages / 5} conversations with ${n.messages} messages`,
    `
    insert into conversations (account_id, contact_id, from_address, subject, status, priority, assignee_id, reply_token,
                               last_message_at, last_inbound_at, first_response_due_at, first_response_at, resolution_due_at, resolved_at)
      select a.id, c.id, c.emails[1], 'Question ' || i, st, (array['low','normal','normal','high','urgent'])[1 + i % 5], a.owner_id,
             md5('bench' || i), at, at, at + interval '4 hours', case when st <> 'open' then at + interval '2 hours' end,
             at + interval '2 days', case when st = 'resolved' then at + interval '1 day' end
      from generate_series(1, ${n.messages / 5}) i
      join bench_accounts a on a.k = 1 + i % ${n.accounts}
      join lateral (select id, emails from contacts where account_id = a.id limit 1) c on true
      cross join lateral (select now() - ((${n.messages / 5} - i) * interval '700 days' / ${n.messages / 5}) as at,
                                 case when i > ${n.messages / 5} * 0.97 then (array['open','waiting_on_us','waiting_on_client'])[1 + i % 3]
                                      else 'resolved' end as st) x;
    insert into inbox_messages (conversation_id, account_id, direction, source, message_id, from_address, "to", subject, text, at)
      select c.id, c.account_id, case when m % 2 = 1 then 'in' else 'out' end, case when m % 2 = 1 then 'smtp' else 'app' end,
             '<' || md5(c.id::text || m) || '@bench.test>', case when m % 2 = 1 then c.from_address else 'shop@bench.test' end,
             array[case when m % 2 = 1 then 'shop@bench.test' else c.from_address end], c.subject,
             'Message ' || m || ' about ' || c.subject || '. Please confirm the quantity and the delivery date.',
             c.last_message_at - (5 - m) * interval '3 hours'
      from conversations c, generate_series(1, 5) m;
    analyze conversations; analyze inbox_messages;`,
  );
  return { ams: ams.map((a) => a.email), portal: portal.slug, buyers: buyers.map((b) => b.email) };
}

/** Creates the scale's database (or `name`) from scratch, dropping an older one. */
export async function createDataset(adminUrl: string, scale: Scale, name = benchDbName(scale)) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const db = await openDatabase({ databaseUrl: databaseUrl(adminUrl, name), poolSize: 4 });
  await migrateDatabase(db);
  const started = performance.now();
  console.log(`Loading the ${scale} dataset into ${name}`);
  const info = await generate(db, scale);
  console.log(`bench data (${scale}): ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.close();
  return info;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--scale');
  const scale = (i > 0 ? process.argv[i + 1] : 'small') as Scale;
  if (!(scale in scales)) throw new Error(`--scale must be small, medium or large, not ${scale}`);
  await createDataset(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', scale);
}
