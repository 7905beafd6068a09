CREATE TABLE `catalog_chunks` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`hash` text NOT NULL,
	`body` blob NOT NULL,
	`names` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalog_chunks_project_hash` ON `catalog_chunks` (`project_id`,`hash`);--> statement-breakpoint
CREATE INDEX `catalog_chunks_project_seq` ON `catalog_chunks` (`project_id`,`seq`);--> statement-breakpoint
CREATE TABLE `catalog_dirs` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`point_seq` integer NOT NULL,
	`path` text NOT NULL,
	`chunk_seq` integer,
	`deleted` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_dirs_point_path` ON `catalog_dirs` (`point_seq`,`path`);--> statement-breakpoint
CREATE INDEX `catalog_dirs_chunk` ON `catalog_dirs` (`chunk_seq`);--> statement-breakpoint
CREATE TABLE `catalog_points` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`user_id` text NOT NULL,
	`backup_id` text NOT NULL,
	`hostname` text NOT NULL,
	`backup_name` text NOT NULL,
	`level0_time_stamp` integer NOT NULL,
	`level` integer NOT NULL,
	`time_stamp` integer NOT NULL,
	`parents` text NOT NULL,
	`entries` integer NOT NULL,
	`status` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_points_backup` ON `catalog_points` (`project_id`,`backup_id`);--> statement-breakpoint
CREATE INDEX `catalog_points_chain` ON `catalog_points` (`project_id`,`hostname`,`backup_name`,`level0_time_stamp`);