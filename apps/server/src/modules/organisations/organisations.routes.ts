import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, setSessionCookie } from '../../platform/http/auth.ts';
import { me } from '../auth/auth.schemas.ts';
import { getMe, login } from '../auth/auth.service.ts';
import { organisation, setupBody, setupStatus, updateOrganisationBody } from './organisations.schemas.ts';
import * as service from './organisations.service.ts';

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.ctx;

  app.get(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['Setup'],
        summary: 'Whether first-time set-up is needed',
        response: { 200: setupStatus },
      },
    },
    async () => service.setupStatus({ db, config }),
  );

  app.post(
    '/setup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['Setup'],
        summary: 'Create the organisation and its first administrator',
        description:
          'Only while no organisation exists (or when PACESETTER_SIGNUP=open). Logs the new admin in.',
        body: setupBody,
        response: { 201: me },
      },
    },
    async (req, reply) => {
      await service.setupOrganisation({ db, config, input: req.body });
      const session = await login({
        db,
        config,
        input: {
          email: req.body.email,
          password: req.body.password,
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        },
      });
      setSessionCookie(reply, session.token, req.protocol === 'https', config.sessionTtlHours);
      return reply
        .status(201)
        .send(
          await getMe({ db, orgId: session.orgId, userId: session.userId, csrfToken: session.csrfToken }),
        );
    },
  );

  app.get(
    '/organisation',
    { schema: { tags: ['Organisation'], summary: 'Your organisation', response: { 200: organisation } } },
    async (req) => service.getOrganisation({ db, actor: actorOf(req) }),
  );

  app.patch(
    '/organisation',
    {
      schema: {
        tags: ['Organisation'],
        summary: 'Rename the organisation or change its settings',
        description: 'Administrators only.',
        body: updateOrganisationBody,
        response: { 200: organisation },
      },
    },
    async (req) => service.updateOrganisation({ db, actor: actorOf(req), input: req.body }),
  );
};
