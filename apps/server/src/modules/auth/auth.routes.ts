import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE, setSessionCookie } from '../../platform/http/auth.ts';
import { idParams, okBody } from '../../platform/schemas.ts';
import {
  apiToken,
  changePasswordBody,
  createdToken,
  createTokenBody,
  loginBody,
  me,
} from './auth.schemas.ts';
import * as service from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.ctx;
  const tags = ['Authentication'];

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        summary: 'Log in',
        description: `Sets an HttpOnly session cookie. After ${config.loginMaxAttempts} wrong passwords the account is locked for ${config.lockoutMinutes} minutes (423); each address is also limited to ${config.loginRateLimitPerMinute} attempts a minute (429).`,
        body: loginBody,
        response: { 200: me },
      },
    },
    async (req, reply) => {
      const session = await service.login({
        db,
        config,
        input: { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] },
      });
      setSessionCookie(reply, session.token, req.protocol === 'https', config.sessionTtlHours);
      return service.getMe({
        db,
        orgId: session.orgId,
        userId: session.userId,
        csrfToken: session.csrfToken,
      });
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { allowDuringPasswordChange: true },
      schema: { tags, summary: 'Log out', description: 'Ends this session.', response: { 200: okBody } },
    },
    async (req, reply) => {
      if (req.auth) await service.logout({ db, auth: req.auth });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { allowDuringPasswordChange: true },
      schema: { tags, summary: 'Who am I', response: { 200: me } },
    },
    async (req) => {
      const actor = actorOf(req);
      return service.getMe({
        db,
        orgId: actor.orgId,
        userId: actor.userId,
        csrfToken: req.auth?.csrfToken ?? null,
        mustChangePassword: req.auth?.mustChangePassword,
      });
    },
  );

  app.post(
    '/auth/password',
    {
      config: { allowDuringPasswordChange: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Change your password',
        description: 'Ends your other sessions; this one stays logged in.',
        body: changePasswordBody,
        response: { 200: okBody },
      },
    },
    async (req) => {
      if (!req.auth) throw new Error('unreachable: preHandler requires auth');
      await service.changePassword({ db, auth: req.auth, input: req.body });
      return { ok: true as const };
    },
  );

  app.get(
    '/tokens',
    { schema: { tags: ['API tokens'], summary: 'Your API tokens', response: { 200: z.array(apiToken) } } },
    async (req) => service.listTokens({ db, actor: actorOf(req) }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['API tokens'],
        summary: 'Create an API token',
        description: 'The token acts as you, with your role. It is shown once; only its hash is stored.',
        body: createTokenBody,
        response: { 201: createdToken },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createToken({ db, actor: actorOf(req), input: req.body })),
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['API tokens'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 200: apiToken },
      },
    },
    async (req) => service.revokeToken({ db, actor: actorOf(req), id: req.params.id }),
  );
};
