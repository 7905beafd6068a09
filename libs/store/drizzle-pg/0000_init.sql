CREATE TABLE "actions" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"action_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backups" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"backup_id" text NOT NULL,
	"user_name" text,
	"job_id" text,
	"backup_uuid" text,
	"hostname" text,
	"time_stamp" bigint,
	"bytes_stored" bigint,
	"result" text,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"client_id" text NOT NULL,
	"uuid" text NOT NULL,
	"hostname" text,
	"last_seen" bigint,
	"registered_at" bigint NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"run_id" text NOT NULL,
	"job_id" text NOT NULL,
	"time_started" bigint NOT NULL,
	"result" text NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"job_id" text NOT NULL,
	"client_id" text NOT NULL,
	"session_id" text DEFAULT '' NOT NULL,
	"status" text,
	"event" text,
	"result" text,
	"version" integer DEFAULT 1 NOT NULL,
	"doc" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "actions_scope_action_id" ON "actions" USING btree ("project_id","user_id","action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "backups_scope_backup_id" ON "backups" USING btree ("project_id","user_id","backup_id");--> statement-breakpoint
CREATE INDEX "backups_scope_uuid" ON "backups" USING btree ("project_id","user_id","backup_uuid");--> statement-breakpoint
CREATE INDEX "backups_scope_time" ON "backups" USING btree ("project_id","time_stamp");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_scope_client_id" ON "clients" USING btree ("project_id","user_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_scope_run_id" ON "job_runs" USING btree ("project_id","user_id","run_id");--> statement-breakpoint
CREATE INDEX "job_runs_scope_job" ON "job_runs" USING btree ("project_id","user_id","job_id","time_started");--> statement-breakpoint
CREATE INDEX "job_runs_scope_time" ON "job_runs" USING btree ("project_id","time_started");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_scope_job_id" ON "jobs" USING btree ("project_id","user_id","job_id");--> statement-breakpoint
CREATE INDEX "jobs_scope_client" ON "jobs" USING btree ("project_id","user_id","client_id","seq");--> statement-breakpoint
CREATE INDEX "jobs_scope_session" ON "jobs" USING btree ("project_id","user_id","session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_scope_session_id" ON "sessions" USING btree ("project_id","user_id","session_id");