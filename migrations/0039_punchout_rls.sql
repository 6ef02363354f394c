-- The punch-out tables carry account_id: row-level security like every client-owned table. The portal role
-- is granted none of them (documents arrive server to server; portal routes read them as the owner).
ALTER TABLE punchout_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON punchout_settings TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE punchout_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON punchout_sessions TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE punchout_orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON punchout_orders TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
