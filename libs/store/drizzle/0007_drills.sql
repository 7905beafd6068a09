CREATE TABLE `drills` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`user_id` text NOT NULL,
	`drill_id` text NOT NULL,
	`run_id` text NOT NULL,
	`job_id` text NOT NULL,
	`verified_job_id` text NOT NULL,
	`client_id` text,
	`time_started` integer NOT NULL,
	`result` text NOT NULL,
	`restore_seconds` real,
	`doc` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drills_scope_drill_id` ON `drills` (`project_id`,`user_id`,`drill_id`);--> statement-breakpoint
CREATE INDEX `drills_scope_verified` ON `drills` (`project_id`,`user_id`,`verified_job_id`,`time_started`);--> statement-breakpoint
CREATE INDEX `drills_scope_job` ON `drills` (`project_id`,`user_id`,`job_id`,`time_started`);