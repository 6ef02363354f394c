ALTER TABLE "product_routes" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "machine_id" uuid;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "machine_pinned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "step_hours" real;--> statement-breakpoint
ALTER TABLE "job_stages" ADD COLUMN "step_pieces_per_hour" real;--> statement-breakpoint
ALTER TABLE "presses" ADD COLUMN "hours_per_day" real;--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_machine_id_presses_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."presses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Open stages of a department with presses go on its fastest active press (planning re-places them on the next change).
UPDATE "job_stages" s SET "machine_id" = (
  SELECT p."id" FROM "presses" p
  WHERE p."department_id" = s."department_id" AND p."active"
  ORDER BY p."sheets_per_hour" DESC, p."name" LIMIT 1
) WHERE s."status" <> 'done';
