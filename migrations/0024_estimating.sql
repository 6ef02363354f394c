CREATE TABLE "account_markups" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"markup_percent" real NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "estimating_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"department_id" uuid,
	"setup_cents" real NOT NULL,
	"rate_cents" real NOT NULL,
	"per" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "estimating_rules" (
	"id" integer PRIMARY KEY NOT NULL,
	"bleed_in" real NOT NULL,
	"gutter_in" real NOT NULL,
	"spoilage" jsonb NOT NULL,
	"markup_percent" real NOT NULL,
	"segment_markups" jsonb NOT NULL,
	"minimum_charge_cents" real NOT NULL,
	"tax_rate_percent" real NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "estimating_rules_one_row" CHECK ("estimating_rules"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "presses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"department_id" uuid,
	"max_sheet_width" real NOT NULL,
	"max_sheet_height" real NOT NULL,
	"min_sheet_width" real NOT NULL,
	"min_sheet_height" real NOT NULL,
	"margin_in" real NOT NULL,
	"colours" integer NOT NULL,
	"perfecting" boolean DEFAULT false NOT NULL,
	"make_ready_minutes" real NOT NULL,
	"make_ready_sheets" integer NOT NULL,
	"sheets_per_hour" real NOT NULL,
	"hourly_rate_cents" real NOT NULL,
	"plate_cents" real DEFAULT 0 NOT NULL,
	"click_colour_cents" real DEFAULT 0 NOT NULL,
	"click_mono_cents" real DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_markups" ADD CONSTRAINT "account_markups_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estimating_operations" ADD CONSTRAINT "estimating_operations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presses" ADD CONSTRAINT "presses_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE account_markups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON account_markups TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
INSERT INTO estimating_rules (id, bleed_in, gutter_in, spoilage, markup_percent, segment_markups, minimum_charge_cents, tax_rate_percent)
VALUES (1, 0.125, 0.25, '[{"fromQuantity":0,"percent":5},{"fromQuantity":1000,"percent":3},{"fromQuantity":10000,"percent":2}]', 40, '{}', 7500, 0);
