DROP INDEX `backups_scope_uuid`;--> statement-breakpoint
CREATE UNIQUE INDEX `backups_scope_uuid` ON `backups` (`project_id`,`user_id`,`backup_uuid`);