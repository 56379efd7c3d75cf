import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';

export const auditQuery = z.object({
  entityType: z.string().max(60).optional().describe('e.g. `user`, `team`, `organisation`'),
  entityId: z.string().max(100).optional(),
  actorId: z.uuid().optional().describe('Only changes made by this user'),
  action: z.string().max(60).optional().describe('e.g. `user.create`, `team.member_add`'),
  from: z.coerce.date().optional().describe('Entries at or after this time (ISO 8601)'),
  to: z.coerce.date().optional().describe('Entries at or before this time (ISO 8601)'),
  ...pageQuery,
});

export const auditEntry = z
  .object({
    id: z.number(),
    at: z.date(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().describe('The record before the change (null for a creation)'),
    after: z.unknown().describe('The record after the change (null for a deletion)'),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = pageSchema(auditEntry).meta({ id: 'AuditPage' });
