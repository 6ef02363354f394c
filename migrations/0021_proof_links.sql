CREATE TABLE "proof_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"job_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"sent_to" text NOT NULL,
	"sent_by" uuid,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"decision" text,
	"decided_by" text,
	"decided_via" text,
	"comment" text,
	"decided_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "proof_links" ADD CONSTRAINT "proof_links_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proof_links" ADD CONSTRAINT "proof_links_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proof_links" ADD CONSTRAINT "proof_links_item_id_job_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."job_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proof_links" ADD CONSTRAINT "proof_links_file_id_job_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."job_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proof_links" ADD CONSTRAINT "proof_links_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "proof_links_token_key" ON "proof_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "proof_links_item_idx" ON "proof_links" USING btree ("item_id","created_at");--> statement-breakpoint
CREATE INDEX "proof_links_waiting_idx" ON "proof_links" USING btree ("account_id","created_at") WHERE "proof_links"."decided_at" is null;--> statement-breakpoint
-- Proof links hold a client's proofs: portal users see and decide only their own account's (row-level
-- security), reading the waiting proofs and writing the decision; they never create or delete links.
ALTER TABLE proof_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY portal_scope ON proof_links TO jobjacket_portal USING (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid) WITH CHECK (account_id = nullif(current_setting('jobjacket.account_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, UPDATE ON proof_links TO jobjacket_portal;
