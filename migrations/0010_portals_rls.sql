-- Row-level security for client-owned data. Portal requests run as the role jobjacket_portal with
-- jobjacket.account_id set to the signed-in portal user's account; the policies below let that role see and
-- write only rows of that account. The application's own role (the owner) is not restricted by them.
DO $$ BEGIN
  CREATE ROLE jobjacket_portal NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
--> statement-breakpoint
GRANT jobjacket_portal TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jobjacket_portal;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO jobjacket_portal;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jobjacket_portal;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO jobjacket_portal;
--> statement-breakpoint
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON accounts TO jobjacket_portal USING (id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE portals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON portals TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE portal_users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON portal_users TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE portal_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON portal_sessions TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE inventory_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON inventory_items TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE inventory_movements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON inventory_movements TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON products TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE cart_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON cart_lines TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON orders TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON order_lines TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE account_addresses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON account_addresses TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON contacts TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE cost_centres ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON cost_centres TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON jobs TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_items TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_stages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_stages TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_files TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE shipments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON shipments TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
