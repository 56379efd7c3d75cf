import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { teams } from './teams.ts';
import { users } from './users.ts';

export const objectiveStatusEnum = pgEnum('objective_status', ['active', 'achieved', 'dropped']);

/** An organisational objective: the strategy statement targets serve (the R of SMART). */
export const objectives = pgTable(
  'objectives',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    title: text('title').notNull(),
    description: text('description'),
    ownerId: uuid('owner_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: objectiveStatusEnum('status').notNull().default('active'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    index('objectives_org_end_idx').on(t.orgId, t.endDate),
    check('objectives_dates', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/** A team target's last cascade: the settings it was made with. */
export interface StoredCascade {
  method: 'equal' | 'history' | 'capacity' | 'blend';
  weights: { equal: number; history: number; capacity: number };
  lookback: number;
  uplift: number;
  bounds: { recipientId: string; min?: number | null; max?: number | null }[];
  exclude: string[];
  allocated: number;
  /** When it was applied (ISO timestamp). */
  at: string;
}

export const targetStatusEnum = pgEnum('target_status', ['draft', 'published', 'acknowledged', 'closed']);

/**
 * A target: an owner (a person or a team) × a catalogue metric × a period × a value, linked to an
 * objective. A team target's cascade creates its people's (and sub-teams') targets with `parentId`
 * pointing back and `allocation` holding the line that explains each number. Every change bumps
 * `version` and writes a `target_versions` row, so nothing is overwritten without a trace.
 */
export const targets = pgTable(
  'targets',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    personId: uuid('person_id'),
    teamId: uuid('team_id'),
    metricId: text('metric_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** The period as the leader chose it (2026-Q1), or null for custom dates. */
    periodLabel: text('period_label'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** `[{ date, value }]`: where the figure should stand along the way. */
    checkpoints: jsonb('checkpoints').$type<{ date: string; value: number }[]>().notNull().default([]),
    value: numeric('value', { precision: 18, scale: 4, mode: 'number' }).notNull(),
    objectiveId: uuid('objective_id'),
    status: targetStatusEnum('status').notNull().default('draft'),
    /** The team target this one was cascaded from. */
    parentId: uuid('parent_id'),
    /** On a cascaded target: this recipient's line of the split (shares, figures, rationale). */
    allocation: jsonb('allocation').$type<Record<string, unknown>>(),
    /** On a team target: the settings of its last cascade. */
    cascade: jsonb('cascade').$type<StoredCascade>(),
    /** The SMART check as of the last save. */
    smart: jsonb('smart').$type<Record<string, unknown>>(),
    /** Why it was published although a SMART letter failed. */
    smartOverride: text('smart_override'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }),
    foreignKey({ columns: [t.orgId, t.objectiveId], foreignColumns: [objectives.orgId, objectives.id] }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
    index('targets_org_period_idx').on(t.orgId, t.endDate, t.startDate),
    index('targets_org_person_idx').on(t.orgId, t.personId, t.endDate),
    index('targets_org_team_idx').on(t.orgId, t.teamId, t.endDate),
    index('targets_org_parent_idx').on(t.orgId, t.parentId),
    index('targets_org_objective_idx').on(t.orgId, t.objectiveId),
    // One live target per owner, metric and period: a second would make "the" target ambiguous.
    uniqueIndex('targets_person_metric_period_key')
      .on(t.orgId, t.personId, t.metricId, t.startDate, t.endDate)
      .where(sql`${t.personId} is not null and ${t.status} <> 'closed'`),
    uniqueIndex('targets_team_metric_period_key')
      .on(t.orgId, t.teamId, t.metricId, t.startDate, t.endDate)
      .where(sql`${t.teamId} is not null and ${t.status} <> 'closed'`),
    check('targets_one_owner', sql`(${t.personId} is null) <> (${t.teamId} is null)`),
    check('targets_dates', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

export const targetChangeEnum = pgEnum('target_change', [
  'created',
  'edited',
  'published',
  'acknowledged',
  'cascaded',
  'redistributed',
  'closed',
]);

/** Every version of every target: what it was after each change, who made it, when and why. */
export const targetVersions = pgTable(
  'target_versions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id').notNull(),
    version: integer('version').notNull(),
    change: targetChangeEnum('change').notNull(),
    reason: text('reason'),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The target's fields after the change. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    redistributionId: uuid('redistribution_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.targetId, t.version] }),
    foreignKey({ columns: [t.orgId, t.targetId], foreignColumns: [targets.orgId, targets.id] }).onDelete(
      'cascade',
    ),
  ],
);

/**
 * A mid-period redistribution of a team target's shortfall, as applied: the figures each person's
 * change was computed from, the leader's edits and the reason. The targets it changed point back
 * through their `target_versions.redistribution_id`.
 */
export const redistributions = pgTable(
  'redistributions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    targetId: uuid('target_id').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    share: numeric('share', { precision: 6, scale: 4, mode: 'number' }).notNull(),
    projectionMethod: text('projection_method').notNull(),
    moved: numeric('moved', { precision: 18, scale: 4, mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    /** Per person: status, target before and after, actual, projection, shortfall or headroom. */
    lines: jsonb('lines').$type<Record<string, unknown>[]>().notNull(),
    appliedBy: uuid('applied_by'),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.targetId], foreignColumns: [targets.orgId, targets.id] }),
    index('redistributions_org_target_idx').on(t.orgId, t.targetId, t.appliedAt),
  ],
);
