CREATE TYPE "public"."corrective_action_kind" AS ENUM('training', 'coaching', 'revised_script', 'process_change', 'other');--> statement-breakpoint
CREATE TYPE "public"."corrective_action_status" AS ENUM('open', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TABLE "corrective_actions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"kind" "corrective_action_kind" NOT NULL,
	"title" text NOT NULL,
	"flag" text,
	"metric_id" text NOT NULL,
	"stage_name" text,
	"baseline_value" numeric,
	"baseline_start" date,
	"baseline_end" date,
	"due_date" date NOT NULL,
	"status" "corrective_action_status" DEFAULT 'open' NOT NULL,
	"review_value" numeric,
	"review_start" date,
	"review_end" date,
	"review_note" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "corrective_actions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "forecast_adjustments" (
	"org_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "forecast_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"period_label" text NOT NULL,
	"person_id" uuid,
	"team_id" uuid,
	"amount" numeric(16, 2) NOT NULL,
	"note" text NOT NULL,
	"adjusted_by" uuid NOT NULL,
	"adjusted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_adjustments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "forecast_submissions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"submitter_id" uuid NOT NULL,
	"period_label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"best_case" numeric(16, 2),
	"note" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_submissions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "kpi_activity_days" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"type" "activity_type" NOT NULL,
	"activities" integer NOT NULL,
	"settled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_cycle_days" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"cycle_days" integer NOT NULL,
	"deals" integer NOT NULL,
	"settled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_deal_days" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"deals_created" integer NOT NULL,
	"deals_won" integer NOT NULL,
	"deals_lost" integer NOT NULL,
	"revenue_won" numeric NOT NULL,
	"settled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_open_deals" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"expected_close" date,
	"deals" integer NOT NULL,
	"amount" numeric NOT NULL,
	"settled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"observed_on" date NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "corrective_actions" ADD CONSTRAINT "corrective_actions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corrective_actions" ADD CONSTRAINT "corrective_actions_org_id_person_id_users_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corrective_actions" ADD CONSTRAINT "corrective_actions_org_id_owner_id_users_org_id_id_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_adjustments" ADD CONSTRAINT "forecast_adjustments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_org_id_submitter_id_users_org_id_id_fk" FOREIGN KEY ("org_id","submitter_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_org_id_person_id_users_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_org_id_author_id_users_org_id_id_fk" FOREIGN KEY ("org_id","author_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "corrective_actions_org_person_idx" ON "corrective_actions" USING btree ("org_id","person_id","due_date");--> statement-breakpoint
CREATE INDEX "corrective_actions_org_owner_idx" ON "corrective_actions" USING btree ("org_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "forecast_adjustments_org_period_idx" ON "forecast_adjustments" USING btree ("org_id","period_label","adjusted_at");--> statement-breakpoint
CREATE INDEX "forecast_submissions_org_period_idx" ON "forecast_submissions" USING btree ("org_id","period_label","submitter_id","submitted_at");--> statement-breakpoint
CREATE INDEX "kpi_activity_days_org_owner_day_idx" ON "kpi_activity_days" USING btree ("org_id","owner_id","grain","day");--> statement-breakpoint
CREATE INDEX "kpi_activity_days_unsettled_idx" ON "kpi_activity_days" USING btree ("org_id") WHERE not "kpi_activity_days"."settled";--> statement-breakpoint
CREATE INDEX "kpi_cycle_days_org_owner_day_idx" ON "kpi_cycle_days" USING btree ("org_id","owner_id","grain","day");--> statement-breakpoint
CREATE INDEX "kpi_cycle_days_unsettled_idx" ON "kpi_cycle_days" USING btree ("org_id") WHERE not "kpi_cycle_days"."settled";--> statement-breakpoint
CREATE INDEX "kpi_deal_days_org_owner_day_idx" ON "kpi_deal_days" USING btree ("org_id","owner_id","grain","day");--> statement-breakpoint
CREATE INDEX "kpi_deal_days_unsettled_idx" ON "kpi_deal_days" USING btree ("org_id") WHERE not "kpi_deal_days"."settled";--> statement-breakpoint
CREATE INDEX "kpi_open_deals_org_owner_close_idx" ON "kpi_open_deals" USING btree ("org_id","owner_id","expected_close");--> statement-breakpoint
CREATE INDEX "kpi_open_deals_unsettled_idx" ON "kpi_open_deals" USING btree ("org_id") WHERE not "kpi_open_deals"."settled";--> statement-breakpoint
CREATE INDEX "observations_org_person_idx" ON "observations" USING btree ("org_id","person_id","observed_on");--> statement-breakpoint
-- KPI roll-ups kept by statement triggers with transition tables (as deal_stage_totals in 0007):
-- each statement appends one grouped row of differences per group it changed, at the day grain and
-- at the month grain; an update counts only the rows whose KPI-relevant columns changed (minus where
-- they were, plus where they are).
--> statement-breakpoint
CREATE FUNCTION kpi_deals_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM new_rows)
  INSERT INTO kpi_deal_days (org_id, owner_id, grain, day, currency, deals_created, deals_won, deals_lost, revenue_won)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', day)::date ELSE day END, currency,
    sum(c), sum(w), sum(l), sum(r) FROM (
    SELECT org_id, owner_id, created_on AS day, currency, s AS c, 0 AS w, 0 AS l, 0::numeric AS r FROM changed
    UNION ALL
    SELECT org_id, owner_id, closed_on, currency, 0,
      CASE WHEN status = 'won' THEN s ELSE 0 END, CASE WHEN status = 'lost' THEN s ELSE 0 END,
      CASE WHEN status = 'won' THEN s * coalesce(amount, 0) ELSE 0 END
    FROM changed WHERE status <> 'open' AND closed_on IS NOT NULL
  ) x CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(c) <> 0 OR sum(w) <> 0 OR sum(l) <> 0 OR sum(r) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM new_rows)
  INSERT INTO kpi_cycle_days (org_id, owner_id, grain, day, cycle_days, deals)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', closed_on)::date ELSE closed_on END,
    closed_on - coalesce(engaged_on, created_on), sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  WHERE status = 'won' AND closed_on IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM new_rows)
  INSERT INTO kpi_open_deals (org_id, owner_id, pipeline_id, stage_id, currency, expected_close, deals, amount)
  SELECT org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date, sum(s), sum(s * coalesce(amount, 0))
  FROM changed WHERE status = 'open'
  GROUP BY org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date
  HAVING sum(s) <> 0 OR sum(s * coalesce(amount, 0)) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_deals_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT o.org_id, o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date, -1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date)
    UNION ALL
    SELECT n.org_id, n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date, 1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date))
  INSERT INTO kpi_deal_days (org_id, owner_id, grain, day, currency, deals_created, deals_won, deals_lost, revenue_won)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', day)::date ELSE day END, currency,
    sum(c), sum(w), sum(l), sum(r) FROM (
    SELECT org_id, owner_id, created_on AS day, currency, s AS c, 0 AS w, 0 AS l, 0::numeric AS r FROM changed
    UNION ALL
    SELECT org_id, owner_id, closed_on, currency, 0,
      CASE WHEN status = 'won' THEN s ELSE 0 END, CASE WHEN status = 'lost' THEN s ELSE 0 END,
      CASE WHEN status = 'won' THEN s * coalesce(amount, 0) ELSE 0 END
    FROM changed WHERE status <> 'open' AND closed_on IS NOT NULL
  ) x CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(c) <> 0 OR sum(w) <> 0 OR sum(l) <> 0 OR sum(r) <> 0;
  WITH changed AS (SELECT o.org_id, o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date, -1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date)
    UNION ALL
    SELECT n.org_id, n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date, 1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date))
  INSERT INTO kpi_cycle_days (org_id, owner_id, grain, day, cycle_days, deals)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', closed_on)::date ELSE closed_on END,
    closed_on - coalesce(engaged_on, created_on), sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  WHERE status = 'won' AND closed_on IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  WITH changed AS (SELECT o.org_id, o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date, -1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date)
    UNION ALL
    SELECT n.org_id, n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date, 1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.currency, o.created_on, o.engaged_on, o.closed_on, o.status, o.amount, o.pipeline_id, o.stage_id, o.expected_close_date)
          IS DISTINCT FROM (n.owner_id, n.currency, n.created_on, n.engaged_on, n.closed_on, n.status, n.amount, n.pipeline_id, n.stage_id, n.expected_close_date))
  INSERT INTO kpi_open_deals (org_id, owner_id, pipeline_id, stage_id, currency, expected_close, deals, amount)
  SELECT org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date, sum(s), sum(s * coalesce(amount, 0))
  FROM changed WHERE status = 'open'
  GROUP BY org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date
  HAVING sum(s) <> 0 OR sum(s * coalesce(amount, 0)) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_deals_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, -1 AS s FROM old_rows)
  INSERT INTO kpi_deal_days (org_id, owner_id, grain, day, currency, deals_created, deals_won, deals_lost, revenue_won)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', day)::date ELSE day END, currency,
    sum(c), sum(w), sum(l), sum(r) FROM (
    SELECT org_id, owner_id, created_on AS day, currency, s AS c, 0 AS w, 0 AS l, 0::numeric AS r FROM changed
    UNION ALL
    SELECT org_id, owner_id, closed_on, currency, 0,
      CASE WHEN status = 'won' THEN s ELSE 0 END, CASE WHEN status = 'lost' THEN s ELSE 0 END,
      CASE WHEN status = 'won' THEN s * coalesce(amount, 0) ELSE 0 END
    FROM changed WHERE status <> 'open' AND closed_on IS NOT NULL
  ) x CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(c) <> 0 OR sum(w) <> 0 OR sum(l) <> 0 OR sum(r) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, -1 AS s FROM old_rows)
  INSERT INTO kpi_cycle_days (org_id, owner_id, grain, day, cycle_days, deals)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', closed_on)::date ELSE closed_on END,
    closed_on - coalesce(engaged_on, created_on), sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  WHERE status = 'won' AND closed_on IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, -1 AS s FROM old_rows)
  INSERT INTO kpi_open_deals (org_id, owner_id, pipeline_id, stage_id, currency, expected_close, deals, amount)
  SELECT org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date, sum(s), sum(s * coalesce(amount, 0))
  FROM changed WHERE status = 'open'
  GROUP BY org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date
  HAVING sum(s) <> 0 OR sum(s * coalesce(amount, 0)) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_activities_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT org_id, owner_id, occurred_at, type, 1 AS s FROM new_rows)
  INSERT INTO kpi_activity_days (org_id, owner_id, grain, day, type, activities)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date
    ELSE (occurred_at AT TIME ZONE 'UTC')::date END, type, sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_activities_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT o.org_id, o.owner_id, o.occurred_at, o.type, -1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.occurred_at, o.type) IS DISTINCT FROM (n.owner_id, n.occurred_at, n.type)
    UNION ALL
    SELECT n.org_id, n.owner_id, n.occurred_at, n.type, 1 AS s FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
      WHERE (o.owner_id, o.occurred_at, o.type) IS DISTINCT FROM (n.owner_id, n.occurred_at, n.type))
  INSERT INTO kpi_activity_days (org_id, owner_id, grain, day, type, activities)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date
    ELSE (occurred_at AT TIME ZONE 'UTC')::date END, type, sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_activities_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (SELECT org_id, owner_id, occurred_at, type, -1 AS s FROM old_rows)
  INSERT INTO kpi_activity_days (org_id, owner_id, grain, day, type, activities)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date
    ELSE (occurred_at AT TIME ZONE 'UTC')::date END, type, sum(s)
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_kpi_insert AFTER INSERT ON deals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deals_on_insert();
--> statement-breakpoint
CREATE TRIGGER deals_kpi_update AFTER UPDATE ON deals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deals_on_update();
--> statement-breakpoint
CREATE TRIGGER deals_kpi_delete AFTER DELETE ON deals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deals_on_delete();
--> statement-breakpoint
CREATE TRIGGER activities_kpi_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_activities_on_insert();
--> statement-breakpoint
CREATE TRIGGER activities_kpi_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_activities_on_update();
--> statement-breakpoint
CREATE TRIGGER activities_kpi_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_activities_on_delete();
--> statement-breakpoint
ALTER TABLE "forecast_adjustments" ADD CONSTRAINT "forecast_adjustments_one_subject" CHECK ((person_id IS NULL) <> (team_id IS NULL));
--> statement-breakpoint
-- Recomputes every roll-up from the CRM (`pacesetter rebuild-kpis`); the caller locks deals and activities.
CREATE FUNCTION kpi_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_deal_days;
  DELETE FROM kpi_cycle_days;
  DELETE FROM kpi_open_deals;
  DELETE FROM kpi_activity_days;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM deals)
  INSERT INTO kpi_deal_days (org_id, owner_id, grain, day, currency, deals_created, deals_won, deals_lost, revenue_won, settled)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', day)::date ELSE day END, currency,
    sum(c), sum(w), sum(l), sum(r), true FROM (
    SELECT org_id, owner_id, created_on AS day, currency, s AS c, 0 AS w, 0 AS l, 0::numeric AS r FROM changed
    UNION ALL
    SELECT org_id, owner_id, closed_on, currency, 0,
      CASE WHEN status = 'won' THEN s ELSE 0 END, CASE WHEN status = 'lost' THEN s ELSE 0 END,
      CASE WHEN status = 'won' THEN s * coalesce(amount, 0) ELSE 0 END
    FROM changed WHERE status <> 'open' AND closed_on IS NOT NULL
  ) x CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(c) <> 0 OR sum(w) <> 0 OR sum(l) <> 0 OR sum(r) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM deals)
  INSERT INTO kpi_cycle_days (org_id, owner_id, grain, day, cycle_days, deals, settled)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', closed_on)::date ELSE closed_on END,
    closed_on - coalesce(engaged_on, created_on), sum(s), true
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  WHERE status = 'won' AND closed_on IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
  WITH changed AS (SELECT org_id, owner_id, currency, created_on, engaged_on, closed_on, status, amount, pipeline_id, stage_id, expected_close_date, 1 AS s FROM deals)
  INSERT INTO kpi_open_deals (org_id, owner_id, pipeline_id, stage_id, currency, expected_close, deals, amount, settled)
  SELECT org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date, sum(s), sum(s * coalesce(amount, 0)), true
  FROM changed WHERE status = 'open'
  GROUP BY org_id, owner_id, pipeline_id, stage_id, currency, expected_close_date
  HAVING sum(s) <> 0 OR sum(s * coalesce(amount, 0)) <> 0;
  WITH changed AS (SELECT org_id, owner_id, occurred_at, type, 1 AS s FROM activities)
  INSERT INTO kpi_activity_days (org_id, owner_id, grain, day, type, activities, settled)
  SELECT org_id, owner_id, g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date
    ELSE (occurred_at AT TIME ZONE 'UTC')::date END, type, sum(s), true
  FROM changed CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0;
END $$;
--> statement-breakpoint
-- The roll-ups of the CRM data already there.
SELECT kpi_rebuild();
