import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/app';
import type { Database } from '../../src/server/platform/db';

// The portal role's privileges, read from the catalogue: a new table or grant cannot slip through unreviewed.
let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

/** What jobjacket_portal may do, table by table: reviewed with migration 0020 (issue 16). */
const reviewedTableGrants: Record<string, string> = {
  accounts: 'SELECT',
  account_addresses: 'SELECT',
  contacts: 'SELECT',
  cost_centres: 'SELECT',
  portals: 'SELECT',
  portal_users: 'SELECT,UPDATE',
  portal_sessions: 'DELETE,INSERT,SELECT,UPDATE',
  products: 'SELECT',
  inventory_items: 'SELECT,UPDATE',
  inventory_movements: 'INSERT,SELECT',
  cart_lines: 'DELETE,INSERT,SELECT,UPDATE',
  portal_favourites: 'DELETE,INSERT,SELECT',
  saved_carts: 'DELETE,INSERT,SELECT,UPDATE',
  portal_files: 'INSERT,SELECT',
  orders: 'INSERT,SELECT,UPDATE',
  order_lines: 'INSERT,SELECT,UPDATE',
  jobs: 'INSERT,SELECT,UPDATE',
  job_items: 'INSERT,SELECT,UPDATE',
  job_stages: 'INSERT,SELECT,UPDATE',
  job_files: 'INSERT,SELECT',
  proof_links: 'SELECT,UPDATE',
  quotes: 'SELECT,UPDATE',
  quote_items: 'SELECT,UPDATE',
  presses: 'SELECT',
  estimating_operations: 'SELECT',
  estimating_rules: 'SELECT',
  account_markups: 'SELECT',
  // Live proofs on the client's template (migration 0035, issue 21): its own account's templates, the shop's fonts.
  vdp_templates: 'SELECT',
  vdp_fonts: 'SELECT',
  shipments: 'SELECT',
  departments: 'SELECT',
  product_routes: 'SELECT',
  shop_holidays: 'SELECT',
  mail_templates: 'SELECT',
  number_sequences: 'INSERT,SELECT,UPDATE',
  idempotency_keys: 'INSERT,SELECT,UPDATE',
  audit_events: 'INSERT',
  domain_events: 'INSERT',
  mail_messages: 'INSERT',
  notifications: 'INSERT',
  // A portal change's webhook event is written in its own transaction (migration 0029, issue 20).
  webhook_events: 'INSERT',
  // A client admin's own endpoints, their deliveries (a replay adds one) and attempts, under row-level security
  // (migration 0042).
  webhook_endpoints: 'DELETE,INSERT,SELECT,UPDATE',
  webhook_deliveries: 'INSERT,SELECT',
  webhook_attempts: 'SELECT',
};

/** Column-level reads where the whole table is not granted. */
const reviewedColumnReads: Record<string, string> = {
  users: 'active,department,email,id,name,role',
  mail_messages: 'id',
  purchase_order_demands: 'filled,job_id,line_id,quantity',
  purchase_order_lines: 'id,purchase_order_id',
  purchase_orders: 'expected_date,id,number,status',
  webhook_events: 'account_id,body,created_at,id,type',
};

describe('least privilege for the client portal role', () => {
  it('grants the portal role exactly the reviewed tables and operations', async () => {
    const { rows } = await database.raw.query<{ table_name: string; privileges: string }>(
      `select table_name, string_agg(privilege_type, ',' order by privilege_type) as privileges
         from information_schema.role_table_grants
        where grantee = 'jobjacket_portal' and table_schema = 'public'
        group by table_name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.table_name, r.privileges]))).toEqual(reviewedTableGrants);
  });

  it('lets it read only the reviewed columns of the tables it does not hold', async () => {
    const { rows } = await database.raw.query<{ table_name: string; columns: string }>(
      `select table_name, string_agg(column_name, ',' order by column_name) as columns
         from information_schema.column_privileges
        where grantee = 'jobjacket_portal' and table_schema = 'public' and privilege_type = 'SELECT'
          and table_name not in (select table_name from information_schema.role_table_grants
                                  where grantee = 'jobjacket_portal' and privilege_type = 'SELECT')
        group by table_name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.table_name, r.columns]))).toEqual(reviewedColumnReads);
  });

  it('has a row-level policy on every table that carries account_id', async () => {
    const { rows } = await database.raw.query<{ table_name: string }>(
      `select c.relname as table_name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_attribute a
                       where a.attrelid = c.oid and a.attname = 'account_id' and not a.attisdropped)
          and (not c.relrowsecurity
               or not exists (select 1 from pg_policies p
                               where p.schemaname = 'public' and p.tablename = c.relname
                                 and 'jobjacket_portal' = any (p.roles)))
        order by 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('cannot read a password hash, a session or an API token', async () => {
    const attempt = (statement: string) =>
      database.db
        .transaction(async (tx) => {
          await tx.execute(sql.raw('set local role jobjacket_portal'));
          await tx.execute(sql.raw(statement));
          return 'allowed';
        })
        .catch((e: Error & { cause?: Error }) => (e.cause ?? e).message);
    for (const statement of [
      'select password_hash from users limit 1',
      'select id from sessions limit 1',
      'select token_hash from api_tokens limit 1',
      'select id from conversations limit 1',
    ]) {
      expect(await attempt(statement), statement).toMatch(/permission denied/);
    }
  });
});
