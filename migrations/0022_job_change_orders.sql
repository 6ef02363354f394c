CREATE TABLE "job_change_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"job_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by_contact_id" uuid,
	"requested_by_user_id" uuid,
	"requested_by_name" text NOT NULL,
	"summary" text NOT NULL,
	"changes" jsonb NOT NULL,
	"price_before_cents" integer,
	"price_after_cents" integer,
	"confirmation_to" text,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "ship_to" jsonb;--> statement-breakpoint
ALTER TABLE "job_change_orders" ADD CONSTRAINT "job_change_orders_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_change_orders" ADD CONSTRAINT "job_change_orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_change_orders" ADD CONSTRAINT "job_change_orders_requested_by_contact_id_contacts_id_fk" FOREIGN KEY ("requested_by_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_change_orders" ADD CONSTRAINT "job_change_orders_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_change_orders" ADD CONSTRAINT "job_change_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_change_orders_number_key" ON "job_change_orders" USING btree ("job_id","number");--> statement-breakpoint
-- Client data: the portal role holds no grant on change orders; the policy is the second wall (see 0020).
ALTER TABLE job_change_orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON job_change_orders TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
