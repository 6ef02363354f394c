ALTER TABLE "job_stages" ALTER COLUMN "standard_hours" SET DATA TYPE real;--> statement-breakpoint
ALTER TABLE "product_routes" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "planned_slots" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "pinned_on" date;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "reorder_alerted_at" timestamp (3) with time zone;