CREATE TABLE "punchout_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"account_id" uuid NOT NULL,
	"portal_id" uuid NOT NULL,
	"payload_id" text NOT NULL,
	"buyer_order_id" text NOT NULL,
	"order_id" uuid,
	"order_number" text,
	"job_id" uuid,
	"ship_notice_sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "punchout_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"account_id" uuid NOT NULL,
	"portal_id" uuid NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"buyer_cookie" text NOT NULL,
	"form_post_url" text NOT NULL,
	"start_token_hash" text NOT NULL,
	"start_expires_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"portal_session_id" text,
	"returned_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "punchout_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"account_id" uuid NOT NULL,
	"portal_id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"from_domain" text NOT NULL,
	"from_identity" text NOT NULL,
	"to_domain" text NOT NULL,
	"to_identity" text NOT NULL,
	"sender_domain" text NOT NULL,
	"sender_identity" text NOT NULL,
	"secret_hash" text,
	"secret_set_at" timestamp (3) with time zone,
	"cost_centre_id" uuid NOT NULL,
	"buyer_email" text NOT NULL,
	"buyer_name" text NOT NULL,
	"notice_url" text
);
--> statement-breakpoint
ALTER TABLE "punchout_orders" ADD CONSTRAINT "punchout_orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_orders" ADD CONSTRAINT "punchout_orders_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_orders" ADD CONSTRAINT "punchout_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_orders" ADD CONSTRAINT "punchout_orders_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_portal_user_id_portal_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_portal_session_id_portal_sessions_id_fk" FOREIGN KEY ("portal_session_id") REFERENCES "public"."portal_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_settings" ADD CONSTRAINT "punchout_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_settings" ADD CONSTRAINT "punchout_settings_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_settings" ADD CONSTRAINT "punchout_settings_cost_centre_id_cost_centres_id_fk" FOREIGN KEY ("cost_centre_id") REFERENCES "public"."cost_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "punchout_orders_payload_key" ON "punchout_orders" USING btree ("portal_id","payload_id");--> statement-breakpoint
CREATE UNIQUE INDEX "punchout_orders_order_key" ON "punchout_orders" USING btree ("portal_id","buyer_order_id");--> statement-breakpoint
CREATE INDEX "punchout_orders_job_idx" ON "punchout_orders" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "punchout_sessions_token_key" ON "punchout_sessions" USING btree ("start_token_hash");--> statement-breakpoint
CREATE INDEX "punchout_sessions_portal_session_idx" ON "punchout_sessions" USING btree ("portal_session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "punchout_settings_portal_key" ON "punchout_settings" USING btree ("portal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "punchout_settings_identity_key" ON "punchout_settings" USING btree (lower("from_identity"),lower("to_identity"));