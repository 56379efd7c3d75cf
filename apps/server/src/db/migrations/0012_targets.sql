CREATE TYPE "public"."objective_status" AS ENUM('active', 'achieved', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."target_change" AS ENUM('created', 'edited', 'published', 'acknowledged', 'cascaded', 'redistributed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."target_status" AS ENUM('draft', 'published', 'acknowledged', 'closed');--> statement-breakpoint
CREATE TABLE "objectives" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"owner_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" "objective_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objectives_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "objectives_dates" CHECK ("objectives"."end_date" >= "objectives"."start_date")
);
--> statement-breakpoint
CREATE TABLE "redistributions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"share" numeric(6, 4) NOT NULL,
	"projection_method" text NOT NULL,
	"moved" numeric(18, 4) NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb NOT NULL,
	"applied_by" uuid,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redistributions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "target_versions" (
	"org_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"change" "target_change" NOT NULL,
	"reason" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL,
	"redistribution_id" uuid,
	CONSTRAINT "target_versions_org_id_target_id_version_pk" PRIMARY KEY("org_id","target_id","version")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"team_id" uuid,
	"metric_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"period_label" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"checkpoints" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"value" numeric(18, 4) NOT NULL,
	"objective_id" uuid,
	"status" "target_status" DEFAULT 'draft' NOT NULL,
	"parent_id" uuid,
	"allocation" jsonb,
	"cascade" jsonb,
	"smart" jsonb,
	"smart_override" text,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "targets_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "targets_one_owner" CHECK (("targets"."person_id" is null) <> ("targets"."team_id" is null)),
	CONSTRAINT "targets_dates" CHECK ("targets"."end_date" >= "targets"."start_date")
);
--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_org_id_owner_id_users_org_id_id_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redistributions" ADD CONSTRAINT "redistributions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redistributions" ADD CONSTRAINT "redistributions_org_id_target_id_targets_org_id_id_fk" FOREIGN KEY ("org_id","target_id") REFERENCES "public"."targets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_org_id_target_id_targets_org_id_id_fk" FOREIGN KEY ("org_id","target_id") REFERENCES "public"."targets"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_org_id_person_id_users_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_org_id_team_id_teams_org_id_id_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_org_id_objective_id_objectives_org_id_id_fk" FOREIGN KEY ("org_id","objective_id") REFERENCES "public"."objectives"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_org_id_parent_id_targets_org_id_id_fk" FOREIGN KEY ("org_id","parent_id") REFERENCES "public"."targets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "objectives_org_end_idx" ON "objectives" USING btree ("org_id","end_date");--> statement-breakpoint
CREATE INDEX "redistributions_org_target_idx" ON "redistributions" USING btree ("org_id","target_id","applied_at");--> statement-breakpoint
CREATE INDEX "targets_org_period_idx" ON "targets" USING btree ("org_id","end_date","start_date");--> statement-breakpoint
CREATE INDEX "targets_org_person_idx" ON "targets" USING btree ("org_id","person_id","end_date");--> statement-breakpoint
CREATE INDEX "targets_org_team_idx" ON "targets" USING btree ("org_id","team_id","end_date");--> statement-breakpoint
CREATE INDEX "targets_org_parent_idx" ON "targets" USING btree ("org_id","parent_id");--> statement-breakpoint
CREATE INDEX "targets_org_objective_idx" ON "targets" USING btree ("org_id","objective_id");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_person_metric_period_key" ON "targets" USING btree ("org_id","person_id","metric_id","start_date","end_date") WHERE "targets"."person_id" is not null and "targets"."status" <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "targets_team_metric_period_key" ON "targets" USING btree ("org_id","team_id","metric_id","start_date","end_date") WHERE "targets"."team_id" is not null and "targets"."status" <> 'closed';