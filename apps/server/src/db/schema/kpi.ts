import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { activityTypeEnum } from './crm.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/*
 * The KPI roll-ups: per person × day, and again per person × month, what the KPI engine adds up for
 * any period, so a dashboard never rescans deals or activities. A period reads its whole months from
 * the month rows and only its ragged edges from the day rows (`grain` 'm' or 'd'; a month row's `day`
 * is the month's first day), so a year costs twelve rows per person and type, not 365. Kept by statement triggers on deals and activities (migration
 * 0011), which append rows of differences — like deal_stage_totals, no row is updated in place, so
 * concurrent writers never wait for each other; rows of the same group are summed when read and
 * merged by housekeeping. A trigger's row is unsettled (`settled` false) until merged: housekeeping
 * merges only the groups that have one (found by a partial index), so its cost follows the writes
 * since the last merge, not the size of the table. `pacesetter rebuild-kpis` recomputes them from the CRM. No primary keys:
 * rows are deltas. Days are UTC calendar days.
 */

/** Deals created, won and lost, and revenue won, per owner × day × currency. */
export const kpiDealDays = pgTable(
  'kpi_deal_days',
  {
    orgId: uuid('org_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    grain: text('grain', { enum: ['d', 'm'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    dealsCreated: integer('deals_created').notNull(),
    dealsWon: integer('deals_won').notNull(),
    dealsLost: integer('deals_lost').notNull(),
    revenueWon: numeric('revenue_won', { mode: 'number' }).notNull(),
    settled: boolean('settled').notNull().default(false),
  },
  (t) => [
    index('kpi_deal_days_org_owner_day_idx').on(t.orgId, t.ownerId, t.grain, t.day),
    index('kpi_deal_days_unsettled_idx').on(t.orgId).where(sql`not ${t.settled}`),
  ],
);

/** Won deals' cycle lengths (days from engagement, or creation, to close), per owner × close day. */
export const kpiCycleDays = pgTable(
  'kpi_cycle_days',
  {
    orgId: uuid('org_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    grain: text('grain', { enum: ['d', 'm'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    cycleDays: integer('cycle_days').notNull(),
    deals: integer('deals').notNull(),
    settled: boolean('settled').notNull().default(false),
  },
  (t) => [
    index('kpi_cycle_days_org_owner_day_idx').on(t.orgId, t.ownerId, t.grain, t.day),
    index('kpi_cycle_days_unsettled_idx').on(t.orgId).where(sql`not ${t.settled}`),
  ],
);

/** Activities logged, per owner × day × type. */
export const kpiActivityDays = pgTable(
  'kpi_activity_days',
  {
    orgId: uuid('org_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    grain: text('grain', { enum: ['d', 'm'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    type: activityTypeEnum('type').notNull(),
    activities: integer('activities').notNull(),
    settled: boolean('settled').notNull().default(false),
  },
  (t) => [
    index('kpi_activity_days_org_owner_day_idx').on(t.orgId, t.ownerId, t.grain, t.day),
    index('kpi_activity_days_unsettled_idx').on(t.orgId).where(sql`not ${t.settled}`),
  ],
);

/** Open deals now, per owner × stage × currency × expected close date (null when none is set). */
export const kpiOpenDeals = pgTable(
  'kpi_open_deals',
  {
    orgId: uuid('org_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    currency: text('currency').notNull(),
    expectedClose: date('expected_close', { mode: 'string' }),
    deals: integer('deals').notNull(),
    amount: numeric('amount', { mode: 'number' }).notNull(),
    settled: boolean('settled').notNull().default(false),
  },
  (t) => [
    index('kpi_open_deals_org_owner_close_idx').on(t.orgId, t.ownerId, t.expectedClose),
    index('kpi_open_deals_unsettled_idx').on(t.orgId).where(sql`not ${t.settled}`),
  ],
);

export const correctiveActionKindEnum = pgEnum('corrective_action_kind', [
  'training',
  'coaching',
  'revised_script',
  'process_change',
  'other',
]);
export const correctiveActionStatusEnum = pgEnum('corrective_action_status', [
  'open',
  'in_progress',
  'done',
  'cancelled',
]);

/**
 * A flagged gap turned into an action: what will be done, by whom, by when, and — once reviewed —
 * whether the metric moved (the same metric over a period after the action, beside its baseline).
 */
export const correctiveActions = pgTable(
  'corrective_actions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    /** Whose performance the action is about. */
    personId: uuid('person_id').notNull(),
    /** Who carries it out (the leader, a trainer, or the person). */
    ownerId: uuid('owner_id').notNull(),
    kind: correctiveActionKindEnum('kind').notNull(),
    title: text('title').notNull(),
    /** The flag it came from, as the dashboard worded it. */
    flag: text('flag'),
    metricId: text('metric_id').notNull(),
    /** For a funnel flag: the stage the conversion starts from. */
    stageName: text('stage_name'),
    baselineValue: numeric('baseline_value', { mode: 'number' }),
    baselineStart: date('baseline_start', { mode: 'string' }),
    baselineEnd: date('baseline_end', { mode: 'string' }),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: correctiveActionStatusEnum('status').notNull().default('open'),
    reviewValue: numeric('review_value', { mode: 'number' }),
    reviewStart: date('review_start', { mode: 'string' }),
    reviewEnd: date('review_end', { mode: 'string' }),
    reviewNote: text('review_note'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    createdBy: uuid('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    index('corrective_actions_org_person_idx').on(t.orgId, t.personId, t.dueDate),
    index('corrective_actions_org_owner_idx').on(t.orgId, t.ownerId, t.status),
  ],
);

/** A leader's qualitative observation on a person, shown beside the numbers on their dashboard. */
export const observations = pgTable(
  'observations',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    personId: uuid('person_id').notNull(),
    authorId: uuid('author_id').notNull(),
    observedOn: date('observed_on', { mode: 'string' }).notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.authorId], foreignColumns: [users.orgId, users.id] }),
    index('observations_org_person_idx').on(t.orgId, t.personId, t.observedOn),
  ],
);

/**
 * A person's forecast for a period: what they expect to win (commit) and could win (best case).
 * Submitting again adds a row; the latest counts and the earlier ones stay as history.
 */
export const forecastSubmissions = pgTable(
  'forecast_submissions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    submitterId: uuid('submitter_id').notNull(),
    periodLabel: text('period_label').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    bestCase: numeric('best_case', { precision: 16, scale: 2, mode: 'number' }),
    note: text('note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.submitterId], foreignColumns: [users.orgId, users.id] }),
    index('forecast_submissions_org_period_idx').on(t.orgId, t.periodLabel, t.submitterId, t.submittedAt),
  ],
);

/**
 * A leader's adjustment of a forecast for a period, with the note that explains it: of one person's
 * (`personId`) or of a whole team's (`teamId`). The latest adjustment of a subject counts.
 */
export const forecastAdjustments = pgTable(
  'forecast_adjustments',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    periodLabel: text('period_label').notNull(),
    personId: uuid('person_id'),
    teamId: uuid('team_id'),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    note: text('note').notNull(),
    adjustedBy: uuid('adjusted_by').notNull(),
    adjustedAt: timestamp('adjusted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('forecast_adjustments_org_period_idx').on(t.orgId, t.periodLabel, t.adjustedAt),
  ],
);
