CREATE TABLE "mail_drops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"list_id" uuid NOT NULL,
	"drop_date" date NOT NULL,
	"post_office" text NOT NULL,
	"pieces" integer NOT NULL,
	"postage_cents" bigint NOT NULL,
	"notes" text,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mailing_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"account_id" uuid NOT NULL,
	"job_id" uuid,
	"job_item_id" uuid,
	"mail_class" text NOT NULL,
	"shape" text NOT NULL,
	"piece_weight_oz" real DEFAULT 1 NOT NULL,
	"drop_date" date,
	"current_import_id" uuid,
	"source_filename" text,
	"custom_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"record_count" integer DEFAULT 0 NOT NULL,
	"standardized_at" timestamp (3) with time zone,
	"flagged_count" integer,
	"mailable_count" integer,
	"dedupe" jsonb,
	"imb_assigned_at" timestamp (3) with time zone,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mailing_records" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"full_name" text DEFAULT '' NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"company" text DEFAULT '' NOT NULL,
	"address1" text DEFAULT '' NOT NULL,
	"address2" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"state" text DEFAULT '' NOT NULL,
	"zip" text DEFAULT '' NOT NULL,
	"zip4" text DEFAULT '' NOT NULL,
	"custom" jsonb,
	"std_address1" text,
	"std_address2" text,
	"std_city" text,
	"std_state" text,
	"std_zip5" text,
	"std_zip4" text,
	"flags" text[],
	"mailable" integer,
	"exact_key" text,
	"individual_key" text,
	"household_key" text,
	"dup_kind" text,
	"dup_of" integer,
	"serial" bigint,
	CONSTRAINT "mailing_records_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "mailing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"list_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"filename" text,
	"upload_path" text,
	"bytes" bigint,
	"encoding" text,
	"mapping" jsonb,
	"options" jsonb,
	"percent" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_by" uuid,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "mailing_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"singleton" integer DEFAULT 1 NOT NULL,
	"mailer_id" text,
	"barcode_id" text DEFAULT '00' NOT NULL,
	"service_type_first_class" text DEFAULT '300' NOT NULL,
	"service_type_marketing" text DEFAULT '301' NOT NULL,
	"next_serial" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "mailing_settings_singleton_unique" UNIQUE("singleton")
);
--> statement-breakpoint
CREATE TABLE "postage_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"mail_class" text NOT NULL,
	"shape" text NOT NULL,
	"sort_level" text NOT NULL,
	"price_mills" integer NOT NULL,
	"effective_from" date NOT NULL,
	"label" text
);
--> statement-breakpoint
ALTER TABLE "mail_drops" ADD CONSTRAINT "mail_drops_list_id_mailing_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."mailing_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_drops" ADD CONSTRAINT "mail_drops_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_lists" ADD CONSTRAINT "mailing_lists_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_lists" ADD CONSTRAINT "mailing_lists_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_lists" ADD CONSTRAINT "mailing_lists_job_item_id_job_items_id_fk" FOREIGN KEY ("job_item_id") REFERENCES "public"."job_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_lists" ADD CONSTRAINT "mailing_lists_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_runs" ADD CONSTRAINT "mailing_runs_list_id_mailing_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."mailing_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_runs" ADD CONSTRAINT "mailing_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_drops_list_idx" ON "mail_drops" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "mailing_lists_account_idx" ON "mailing_lists" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "mailing_lists_job_idx" ON "mailing_lists" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "mailing_runs_list_idx" ON "mailing_runs" USING btree ("list_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mailing_runs_one_active_key" ON "mailing_runs" USING btree ("list_id") WHERE "mailing_runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "postage_rates_key" ON "postage_rates" USING btree ("mail_class","shape","sort_level","effective_from");