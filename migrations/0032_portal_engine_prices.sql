-- Portal prices from the estimating engine (issue 18): a print-on-demand product may carry the specs the engine
-- prices at the ordered quantity; an order line keeps its price (the engine's is not a whole cent per unit).
ALTER TABLE "order_lines" ADD COLUMN "amount_cents" integer;--> statement-breakpoint
UPDATE "order_lines" SET "amount_cents" = "unit_price_cents" * "quantity";--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "amount_cents" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "engine_spec" jsonb;--> statement-breakpoint
-- The portal role prices with the shop's cost model (not client data; no portal answer shows it) and the
-- account's own markup (row-level security keeps it to the account).
GRANT SELECT ON presses TO jobjacket_portal;--> statement-breakpoint
GRANT SELECT ON estimating_operations TO jobjacket_portal;--> statement-breakpoint
GRANT SELECT ON estimating_rules TO jobjacket_portal;--> statement-breakpoint
GRANT SELECT ON account_markups TO jobjacket_portal;
