import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Append one entry, in the caller's transaction so the change and its record commit together. */
export async function recordAudit(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    orgId: actor.orgId,
    actorId: actor.userId || null,
    actorName: actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

export async function listAudit(db: Executor, orgId: string, f: AuditFilter) {
  const where: SQL[] = [eq(auditLog.orgId, orgId)];
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  if (f.beforeId !== undefined) where.push(lt(auditLog.id, f.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
}
