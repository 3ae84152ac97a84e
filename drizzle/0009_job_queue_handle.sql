ALTER TABLE `jobs` ADD `queue_name` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `queue_job_id` text;