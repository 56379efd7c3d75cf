DROP INDEX "contacts_org_name_idx";--> statement-breakpoint
CREATE INDEX "contacts_org_name_idx" ON "contacts" USING btree ("org_id",lower("last_name" || ' ' || coalesce("first_name", '')),"id");