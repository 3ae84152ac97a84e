CREATE TABLE `cluster_assignments` (
	`run_id` integer NOT NULL,
	`passage_id` integer NOT NULL,
	`cluster_id` integer NOT NULL,
	`x` real NOT NULL,
	`y` real NOT NULL,
	PRIMARY KEY(`run_id`, `passage_id`),
	FOREIGN KEY (`run_id`) REFERENCES `cluster_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`passage_id`) REFERENCES `passages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cluster_assignments_cluster_idx` ON `cluster_assignments` (`run_id`,`cluster_id`);--> statement-breakpoint
CREATE TABLE `cluster_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corpus_id` integer NOT NULL,
	`model_version_id` integer,
	`method` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`notes` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`cluster_count` integer DEFAULT 0 NOT NULL,
	`outlier_count` integer DEFAULT 0 NOT NULL,
	`passage_count` integer DEFAULT 0 NOT NULL,
	`silhouette` real,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`corpus_id`) REFERENCES `corpora`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cluster_runs_corpus_idx` ON `cluster_runs` (`corpus_id`,`status`);--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`cluster_id` integer NOT NULL,
	`name` text,
	`label` text NOT NULL,
	`keywords` text DEFAULT '[]' NOT NULL,
	`representative_ids` text DEFAULT '[]' NOT NULL,
	`size` integer NOT NULL,
	`x` real DEFAULT 0 NOT NULL,
	`y` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `cluster_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_run_cluster_idx` ON `clusters` (`run_id`,`cluster_id`);