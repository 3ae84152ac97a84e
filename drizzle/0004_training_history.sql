CREATE TABLE `training_points` (
	`model_version_id` integer NOT NULL,
	`step` integer NOT NULL,
	`loss` real,
	`lr` real,
	`grad_norm` real,
	`seq_per_sec` real,
	`seconds` real,
	`eval_value` real,
	`eval_metric` text,
	`eval_metrics` text,
	PRIMARY KEY(`model_version_id`, `step`),
	FOREIGN KEY (`model_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
