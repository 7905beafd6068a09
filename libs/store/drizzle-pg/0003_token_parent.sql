ALTER TABLE "api_tokens" ADD COLUMN "parent_token_id" text;--> statement-breakpoint
CREATE INDEX "api_tokens_parent" ON "api_tokens" USING btree ("parent_token_id");