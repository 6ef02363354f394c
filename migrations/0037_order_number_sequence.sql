-- Order numbers from a sequence (issue 19): unique and increasing, never waited for, may skip (a rolled-back
-- checkout uses one). They continue from the order counter row's highest number; that row is no longer used.
CREATE SEQUENCE IF NOT EXISTS order_number_seq;
--> statement-breakpoint
SELECT setval('order_number_seq', COALESCE((SELECT max(last) FROM number_sequences WHERE kind = 'order'), 0) + 1, false);
--> statement-breakpoint
GRANT USAGE ON SEQUENCE order_number_seq TO jobjacket_portal;
