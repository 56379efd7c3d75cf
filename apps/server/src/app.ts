/**
 * Assembles the HTTP application: security, auth, every module's routes under /api, the OpenAPI
 * document and its interactive docs, and the built web app. Stateless: all state is in the database,
 * so any number of instances can run behind a load balancer.
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { actionRoutes } from './modules/actions/actions.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { accountRoutes } from './modules/crm/accounts.routes.ts';
import { activityRoutes } from './modules/crm/activities.routes.ts';
import { contactRoutes } from './modules/crm/contacts.routes.ts';
import { dealRoutes } from './modules/crm/deals.routes.ts';
import { pipelineRoutes } from './modules/crm/pipelines.routes.ts';
import { productRoutes } from './modules/crm/products.routes.ts';
import { forecastRoutes } from './modules/forecasts/forecasts.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { kpiRoutes } from './modules/kpi/kpi.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { targetRoutes } from './modules/targets/targets.routes.ts';
import { teamRoutes } from './modules/teams/teams.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import type { Config } from './platform/config.ts';
import type { Database, Db } from './platform/db.ts';
import { registerAuth } from './platform/http/auth.ts';
import { errorBody, registerErrorHandler } from './platform/http/error-handler.ts';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export const API_VERSION = '0.1.0';

export async function buildApp({
  config,
  database,
  logger = true,
}: {
  config: Config;
  database: Database;
  logger?: boolean;
}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
        }
      : false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  });
  app.decorate('ctx', { config, database, db: database.db });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine and the API docs set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  registerErrorHandler(app);
  registerAuth(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pacesetter API',
        version: API_VERSION,
        description:
          'Lead sales and marketing teams. Authenticate with the session cookie (browser; writes need the `x-csrf-token` header from /api/auth/me) or `Authorization: Bearer <API token>`. Errors share one shape: `{ error: { code, message, fields?, requestId } }`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ps_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from /api/tokens' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (input) => {
      // Every operation can fail the same way; say so once, here, with the shared Error schema.
      const schema = input.schema as { response?: Record<string, unknown> } | undefined;
      if (schema && !['/healthz', '/readyz'].includes(input.url)) {
        return jsonSchemaTransform({
          ...input,
          schema: { ...schema, response: { ...schema.response, '4XX': errorBody } },
        });
      }
      return jsonSchemaTransform(input);
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(organisationRoutes);
      await api.register(authRoutes);
      await api.register(userRoutes);
      await api.register(teamRoutes);
      await api.register(kpiRoutes);
      await api.register(actionRoutes);
      await api.register(auditRoutes);
      await api.register(pipelineRoutes);
      await api.register(accountRoutes);
      await api.register(productRoutes);
      await api.register(dealRoutes);
      await api.register(contactRoutes);
      await api.register(activityRoutes);
      await api.register(importRoutes);
      await api.register(forecastRoutes);
      await api.register(targetRoutes);
    },
    { prefix: '/api' },
  );

  registerWebApp(app, config.webDist);
  return app;
}

/** Serves the built single-page app; unknown non-API paths get index.html so client routes work on reload. */
function registerWebApp(app: FastifyInstance, webDist: string) {
  const index = path.join(webDist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (req.method !== 'GET' || url.startsWith('/api/') || url === '/api') {
      return reply.status(404).send({
        error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url}`, requestId: req.id },
      });
    }
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm start does it for you), then reload.');
    }
    const asset = path.join(webDist, url);
    if (url !== '/' && asset.startsWith(webDist) && fs.existsSync(asset) && fs.statSync(asset).isFile()) {
      return reply.sendFile(url.slice(1));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
