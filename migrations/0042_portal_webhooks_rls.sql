-- A client admin's webhook self-service (portal routes) runs as jobjacket_portal under row-level security, like
-- the rest of the portal: endpoints of the caller's account (policy of 0029), their deliveries and attempts.
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT (id, type, account_id, body, created_at) ON webhook_events TO jobjacket_portal;
--> statement-breakpoint
GRANT SELECT, INSERT ON webhook_deliveries TO jobjacket_portal;
--> statement-breakpoint
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON webhook_deliveries TO jobjacket_portal USING (endpoint_id IN (SELECT id FROM webhook_endpoints)) WITH CHECK (endpoint_id IN (SELECT id FROM webhook_endpoints));
--> statement-breakpoint
GRANT SELECT ON webhook_attempts TO jobjacket_portal;
--> statement-breakpoint
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON webhook_attempts TO jobjacket_portal USING (delivery_id IN (SELECT id FROM webhook_deliveries));
