ALTER TABLE "webhook_events" ADD COLUMN "fanned_out_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "webhook_events_waiting_idx" ON "webhook_events" USING btree ("created_at") WHERE fanned_out_at is null;--> statement-breakpoint
UPDATE "webhook_events" SET "fanned_out_at" = "created_at";
