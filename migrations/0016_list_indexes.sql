CREATE INDEX "job_stages_open_department_idx" ON "job_stages" USING btree ("department_id","job_id") WHERE "job_stages"."status" <> 'done';--> statement-breakpoint
CREATE INDEX "jobs_risk_due_idx" ON "jobs" USING btree ("risk","due_date","number");--> statement-breakpoint
CREATE INDEX "jobs_open_account_idx" ON "jobs" USING btree ("account_id","risk") WHERE "jobs"."status" in ('draft', 'in_production', 'on_hold');--> statement-breakpoint
CREATE INDEX "conversations_open_account_idx" ON "conversations" USING btree ("account_id") WHERE "conversations"."status" <> 'resolved';