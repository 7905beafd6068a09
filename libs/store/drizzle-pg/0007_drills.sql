CREATE TABLE "drills" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"drill_id" text NOT NULL,
	"run_id" text NOT NULL,
	"job_id" text NOT NULL,
	"verified_job_id" text NOT NULL,
	"client_id" text,
	"time_started" bigint NOT NULL,
	"result" text NOT NULL,
	"restore_seconds" double precision,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "drills_scope_drill_id" ON "drills" USING btree ("project_id","user_id","drill_id");--> statement-breakpoint
CREATE INDEX "drills_scope_verified" ON "drills" USING btree ("project_id","user_id","verified_job_id","time_started");--> statement-breakpoint
CREATE INDEX "drills_scope_job" ON "drills" USING btree ("project_id","user_id","job_id","time_started");