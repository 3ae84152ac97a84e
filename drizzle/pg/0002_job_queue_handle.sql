ALTER TABLE "jobs" ADD COLUMN "queue_name" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "queue_job_id" text;