-- Least privilege for the client portal's role (issue 16). Portal requests run as jobjacket_portal with
-- the caller's account set: it is granted only the tables and operations portal work needs, and every table
-- that carries account_id has a row-level policy. test/security/least-privilege.test.ts reads the catalogue
-- and fails when a table with account_id lacks a policy or the role holds a grant not in its reviewed list.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM jobjacket_portal;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON accounts TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON account_addresses TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON contacts TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON cost_centres TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON portals TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, UPDATE ON portal_users TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON portal_sessions TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON products TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, UPDATE ON inventory_items TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT ON inventory_movements TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON cart_lines TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON orders TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON order_lines TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON jobs TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON job_items TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON job_stages TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT ON job_files TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON shipments TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON departments TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON product_routes TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON shop_holidays TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT ON mail_templates TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON number_sequences TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON idempotency_keys TO jobjacket_portal;
--> statement-breakpoint
GRANT INSERT ON audit_events TO jobjacket_portal;
--> statement-breakpoint
GRANT INSERT ON domain_events TO jobjacket_portal;
--> statement-breakpoint
GRANT INSERT, SELECT (id) ON mail_messages TO jobjacket_portal;
--> statement-breakpoint
GRANT INSERT ON notifications TO jobjacket_portal;
--> statement-breakpoint
-- A job's risk looks at the purchase orders it waits on (a late one puts it at risk): their dates and
-- status, never vendors or prices.
GRANT SELECT (job_id, line_id, filled, quantity) ON purchase_order_demands TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT (id, purchase_order_id) ON purchase_order_lines TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT (id, number, expected_date, status) ON purchase_orders TO jobjacket_portal;
--> statement-breakpoint
-- Staff users: the names and addresses portal work shows or writes to (an order's account manager), never
-- password hashes, invitation tokens or lock-out counters.
GRANT SELECT (id, email, name, role, department, active) ON users TO jobjacket_portal;
--> statement-breakpoint
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON calls TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON conversations TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE escalations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON escalations TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE inbox_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON inbox_messages TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_comments TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_materials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_materials TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE job_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_templates TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE mailing_lists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON mailing_lists TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON meetings TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Portal work writes its own account's entries (and shop-wide ones, which name no account); it reads none.
CREATE POLICY portal_scope ON audit_events TO jobjacket_portal USING (false) WITH CHECK (account_id IS NULL OR account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE domain_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Portal work writes its own account's entries (and shop-wide ones, which name no account); it reads none.
CREATE POLICY portal_scope ON domain_events TO jobjacket_portal USING (false) WITH CHECK (account_id IS NULL OR account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
