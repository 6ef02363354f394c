CREATE TABLE "portal_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"account_id" uuid NOT NULL,
	"portal_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"product_id" uuid,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"width" integer,
	"height" integer,
	"preflight" jsonb,
	"uploaded_by_portal_user_id" uuid,
	"uploaded_by_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "artwork_file_id" uuid;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "artwork_file_id" uuid;--> statement-breakpoint
ALTER TABLE "portals" ADD COLUMN "logo_file_id" uuid;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "image_file_id" uuid;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "artwork" jsonb;--> statement-breakpoint
ALTER TABLE "portal_files" ADD CONSTRAINT "portal_files_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_files" ADD CONSTRAINT "portal_files_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_files" ADD CONSTRAINT "portal_files_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_files" ADD CONSTRAINT "portal_files_uploaded_by_portal_user_id_portal_users_id_fk" FOREIGN KEY ("uploaded_by_portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_files" ADD CONSTRAINT "portal_files_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_files_portal_idx" ON "portal_files" USING btree ("portal_id","purpose","created_at");--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_artwork_file_id_portal_files_id_fk" FOREIGN KEY ("artwork_file_id") REFERENCES "public"."portal_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_artwork_file_id_portal_files_id_fk" FOREIGN KEY ("artwork_file_id") REFERENCES "public"."portal_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portals" ADD CONSTRAINT "portals_logo_file_id_portal_files_id_fk" FOREIGN KEY ("logo_file_id") REFERENCES "public"."portal_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_image_file_id_portal_files_id_fk" FOREIGN KEY ("image_file_id") REFERENCES "public"."portal_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Client-owned like every portal table: the portal role sees only its account's rows (migration 0010's rule).
ALTER TABLE portal_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON portal_files TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
-- Buyers upload artwork and read their portal's images; logos and product images are written by staff.
GRANT SELECT, INSERT ON portal_files TO jobjacket_portal;
