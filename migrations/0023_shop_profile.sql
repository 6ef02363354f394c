CREATE TABLE "shop_profile" (
	"key" text PRIMARY KEY DEFAULT 'shop' NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"logo_key" text,
	"logo_type" text,
	"paper_size" text DEFAULT 'letter' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "shop_profile_single_row" CHECK ("shop_profile"."key" = 'shop'),
	CONSTRAINT "shop_profile_paper_size" CHECK ("shop_profile"."paper_size" in ('letter', 'a4'))
);
