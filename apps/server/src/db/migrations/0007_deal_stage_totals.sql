CREATE TABLE "deal_stage_totals" (
	"org_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"deals" integer NOT NULL,
	"amount" numeric NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deal_stage_totals_org_pipeline_idx" ON "deal_stage_totals" USING btree ("org_id","pipeline_id","stage_id","owner_id");--> statement-breakpoint
-- Statement triggers with transition tables: one INSERT of grouped differences per statement, so a
-- 2,000-row import batch adds a handful of rows, and a single move adds two.
CREATE FUNCTION deal_stage_totals_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
  SELECT org_id, pipeline_id, stage_id, owner_id, currency, count(*), coalesce(sum(amount), 0)
  FROM new_rows GROUP BY org_id, pipeline_id, stage_id, owner_id, currency;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION deal_stage_totals_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
  SELECT org_id, pipeline_id, stage_id, owner_id, currency, -count(*), -coalesce(sum(amount), 0)
  FROM old_rows GROUP BY org_id, pipeline_id, stage_id, owner_id, currency;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION deal_stage_totals_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only deals whose stage, owner, currency or amount changed: minus where they were, plus where they are.
  INSERT INTO deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
  SELECT org_id, pipeline_id, stage_id, owner_id, currency, sum(d), sum(a)
  FROM (
    SELECT o.org_id, o.pipeline_id, o.stage_id, o.owner_id, o.currency, -1 AS d, -coalesce(o.amount, 0) AS a
    FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
    WHERE (o.pipeline_id, o.stage_id, o.owner_id, o.currency, o.amount)
          IS DISTINCT FROM (n.pipeline_id, n.stage_id, n.owner_id, n.currency, n.amount)
    UNION ALL
    SELECT n.org_id, n.pipeline_id, n.stage_id, n.owner_id, n.currency, 1, coalesce(n.amount, 0)
    FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.id = o.id
    WHERE (o.pipeline_id, o.stage_id, o.owner_id, o.currency, o.amount)
          IS DISTINCT FROM (n.pipeline_id, n.stage_id, n.owner_id, n.currency, n.amount)
  ) changed
  GROUP BY org_id, pipeline_id, stage_id, owner_id, currency
  HAVING sum(d) <> 0 OR sum(a) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_insert AFTER INSERT ON deals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_totals_on_insert();
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_update AFTER UPDATE ON deals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_totals_on_update();
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_delete AFTER DELETE ON deals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_totals_on_delete();
--> statement-breakpoint
INSERT INTO deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
SELECT org_id, pipeline_id, stage_id, owner_id, currency, count(*), coalesce(sum(amount), 0)
FROM deals GROUP BY org_id, pipeline_id, stage_id, owner_id, currency;
