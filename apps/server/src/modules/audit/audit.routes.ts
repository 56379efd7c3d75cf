import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { auditPage, auditQuery } from './audit.schemas.ts';
import { listAuditEntries } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['Audit'],
        summary: 'Browse the audit log',
        description:
          'Every change (who, what, before and after, when), newest first. Administrators only. The log is append-only.',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (req) => listAuditEntries({ db: app.ctx.db, actor: actorOf(req), input: req.query }),
  );
};
