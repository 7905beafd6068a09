CREATE TABLE "alert_deliveries" (
	"seq" serial PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"project_id" text NOT NULL,
	"alert_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"event" text NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"claimed_until" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"enabled" integer DEFAULT 1 NOT NULL,
	"doc" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"seq" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"alert_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"open_key" text,
	"state" text NOT NULL,
	"started_at" bigint NOT NULL,
	"resolved_at" bigint,
	"last_notified_at" bigint NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_delivery_id" ON "alert_deliveries" USING btree ("delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_dedupe" ON "alert_deliveries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert" ON "alert_deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_rule_id" ON "alert_rules" USING btree ("rule_id");--> statement-breakpoint
CREATE INDEX "alert_rules_project" ON "alert_rules" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_alert_id" ON "alerts" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_key" ON "alerts" USING btree ("project_id","open_key");--> statement-breakpoint
CREATE INDEX "alerts_project_state" ON "alerts" USING btree ("project_id","state","started_at");