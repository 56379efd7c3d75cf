import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** A column mapping someone saved for files that come back every month in the same layout. */
export const importMappings = pgTable(
  'import_mappings',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** { columns: field key → header, dateFormat, decimal } */
    mapping: jsonb('mapping').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
    uniqueIndex('import_mappings_org_kind_name_key').on(t.orgId, t.kind, sql`lower(${t.name})`),
    index('import_mappings_org_kind_idx').on(t.orgId, t.kind),
  ],
);
