CREATE TABLE "api_tokens" (
	"seq" serial PRIMARY KEY NOT NULL,
	"token_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"kind" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"project_id" text NOT NULL,
	"role" text NOT NULL,
	"client_id" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint,
	"last_used_at" bigint,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "project_members" (
	"seq" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"project_id" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"seq" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_admin" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"disabled_at" bigint
);
--> statement-breakpoint
CREATE TABLE "web_sessions" (
	"seq" serial PRIMARY KEY NOT NULL,
	"session_hash" text NOT NULL,
	"csrf_token" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_id" ON "api_tokens" USING btree ("token_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "project_members_user_project" ON "project_members" USING btree ("user_id","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_user_id" ON "users" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_name" ON "users" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "web_sessions_hash" ON "web_sessions" USING btree ("session_hash");--> statement-breakpoint
CREATE INDEX "web_sessions_user" ON "web_sessions" USING btree ("user_id");