import { sql } from 'drizzle-orm';
import {
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** An office groups teams; sales and marketing teams hold people. */
export const teamTypeEnum = pgEnum('team_type', ['office', 'sales', 'marketing']);

export const teams = pgTable(
  'teams',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    type: teamTypeEnum('type').notNull(),
    parentId: uuid('parent_id'),
    leaderId: uuid('leader_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.leaderId], foreignColumns: [users.orgId, users.id] }),
    index('teams_org_parent_idx').on(t.orgId, t.parentId),
    index('teams_org_leader_idx').on(t.orgId, t.leaderId),
    uniqueIndex('teams_org_name_key').on(t.orgId, sql`lower(${t.name})`).where(sql`${t.archivedAt} is null`),
  ],
);

/**
 * Who was in which team when. A move closes one row and opens another, so a person's history
 * (and every figure computed from it) follows them. At most one open row per person.
 */
export const teamMemberships = pgTable(
  'team_memberships',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Last day in the team; null while current. */
    validTo: date('valid_to', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
    index('team_memberships_org_team_idx').on(t.orgId, t.teamId, t.validFrom),
    index('team_memberships_org_user_idx').on(t.orgId, t.userId, t.validFrom),
    uniqueIndex('team_memberships_one_current_key').on(t.orgId, t.userId).where(sql`${t.validTo} is null`),
  ],
);

/** Planned leave, which reduces a person's capacity for targets in the period it falls in. */
export const plannedLeave = pgTable(
  'planned_leave',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
    index('planned_leave_org_user_idx').on(t.orgId, t.userId, t.startDate),
  ],
);
