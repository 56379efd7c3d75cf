import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { auditPolicy } from './audit.policy.ts';
import { listAudit } from './audit.repository.ts';

export interface ListAuditInput {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export async function listAuditEntries({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: ListAuditInput;
}) {
  auditPolicy.authorize(actor, 'read', { orgId: actor.orgId });
  const [beforeId] = decodeCursor(input.cursor, 1) ?? [];
  const rows = await listAudit(db, actor.orgId, {
    ...input,
    beforeId: typeof beforeId === 'number' ? beforeId : undefined,
  });
  return toPage(rows, input.limit, (r) => [r.id]);
}
