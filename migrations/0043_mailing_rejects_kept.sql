ALTER TABLE "mailing_runs" ADD COLUMN "rejects_kept_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "mailing_runs" ADD COLUMN "rejects_removed_at" timestamp (3) with time zone;--> statement-breakpoint
-- Rejected rows kept before this: 30 days (the default of JOBJACKET_REJECTS_KEEP_DAYS) from their import.
UPDATE "mailing_runs" SET "rejects_kept_until" = coalesce("finished_at", "updated_at") + interval '30 days'
  WHERE "kind" = 'import'
    AND CASE WHEN jsonb_typeof("options"->'rejected') = 'number' THEN ("options"->>'rejected')::numeric > 0 ELSE false END;
