ALTER TABLE `documents` ADD `title_segmented` text;--> statement-breakpoint
ALTER TABLE `passages` ADD `text_segmented` text;