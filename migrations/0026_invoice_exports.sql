CREATE TABLE "invoice_export_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"export_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"job_number" text NOT NULL,
	"total_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"number" text NOT NULL,
	"format" text NOT NULL,
	"job_count" integer NOT NULL,
	"total_cents" bigint NOT NULL,
	"csv" text NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "invoice_export_jobs" ADD CONSTRAINT "invoice_export_jobs_export_id_invoice_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."invoice_exports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_export_jobs" ADD CONSTRAINT "invoice_export_jobs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_export_jobs" ADD CONSTRAINT "invoice_export_jobs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_exports" ADD CONSTRAINT "invoice_exports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_export_jobs_job_key" ON "invoice_export_jobs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "invoice_export_jobs_export_idx" ON "invoice_export_jobs" USING btree ("export_id");--> statement-breakpoint
ALTER TABLE invoice_export_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON invoice_export_jobs TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
