import { sql } from 'drizzle-orm';
import {
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';

export const roleEnum = pgEnum('role', ['admin', 'director', 'leader', 'member', 'viewer']);
export const userStatusEnum = pgEnum('user_status', ['active', 'deactivated']);

export const users = pgTable(
  'users',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    /** Stored lower-cased; unique across organisations because it is the login name. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /**
     * The person's id in the system they were imported from (a Salesforce User Id, say), so that
     * other files' owner and manager columns holding ids find them. Unique per organisation.
     */
    externalId: text('external_id'),
    title: text('title'),
    role: roleEnum('role').notNull(),
    status: userStatusEnum('status').notNull().default('active'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** Full-time equivalent, 0–1. */
    fte: numeric('fte', { precision: 3, scale: 2, mode: 'number' }).notNull().default(1),
    startDate: date('start_date', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('users_email_key').on(t.email),
    index('users_org_name_idx').on(t.orgId, t.name, t.id),
    uniqueIndex('users_org_external_key').on(t.orgId, t.externalId).where(sql`${t.externalId} is not null`),
  ],
);

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
    index('sessions_org_user_idx').on(t.orgId, t.userId),
  ],
);

/** Tokens for integrations, sent as `Authorization: Bearer ps_…`; only the hash is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** First characters of the token, shown so people can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }).onDelete('cascade'),
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    index('api_tokens_org_user_idx').on(t.orgId, t.userId),
  ],
);
