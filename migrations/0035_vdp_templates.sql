CREATE TABLE "vdp_fonts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"filename" text NOT NULL,
	"file_key" text NOT NULL,
	"glyph_count" integer NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "vdp_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"account_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"design_name" text NOT NULL,
	"design_file_key" text NOT NULL,
	"design_sha256" text NOT NULL,
	"pages" jsonb NOT NULL,
	"placements" jsonb NOT NULL,
	"imposition" jsonb NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "vdp_fonts" ADD CONSTRAINT "vdp_fonts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vdp_templates" ADD CONSTRAINT "vdp_templates_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vdp_templates" ADD CONSTRAINT "vdp_templates_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vdp_templates" ADD CONSTRAINT "vdp_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vdp_templates_version_key" ON "vdp_templates" USING btree ("product_id","version");--> statement-breakpoint
CREATE INDEX "vdp_templates_account_idx" ON "vdp_templates" USING btree ("account_id");--> statement-breakpoint
-- Portal requests render live proofs on the client's template: the portal role reads templates (its own
-- account's only, by row-level security) and the shop's uploaded fonts (shop-wide, no client data).
GRANT SELECT ON vdp_templates TO jobjacket_portal;--> statement-breakpoint
GRANT SELECT ON vdp_fonts TO jobjacket_portal;--> statement-breakpoint
ALTER TABLE vdp_templates ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY portal_scope ON vdp_templates TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
