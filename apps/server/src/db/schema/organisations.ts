import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The tenant. Every other table carries its id as the leading column of its keys. */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  /** Working calendar and other organisation-wide preferences. */
  settings: jsonb('settings').$type<OrganisationSettings>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface OrganisationSettings {
  /** ISO 4217 currency used when a record does not name one. */
  currency?: string;
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStartMonth?: number;
  /** IANA time zone for "today" in pace calculations. */
  timeZone?: string;
  /** Coaching focus suggested for a weak stage, by stage name (case-insensitive): stage → skill. */
  coachingFocus?: Record<string, string>;
}
