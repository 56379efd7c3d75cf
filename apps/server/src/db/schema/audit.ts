import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every change and of access to personal data. A trigger (see the
 * `audit_log_append_only` migration) rejects UPDATE and DELETE, so not even the application can
 * rewrite it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    orgId: uuid('org_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** The actor's name when the entry was written, so the log reads well after renames. */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_log_org_entity_idx').on(t.orgId, t.entityType, t.entityId, t.id),
    index('audit_log_org_actor_idx').on(t.orgId, t.actorId, t.id),
  ],
);
