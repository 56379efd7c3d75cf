/**
 * The one place errors become HTTP responses. Every error body has the same shape:
 * `{ error: { code, message, fields?, requestId } }`; a 500 says nothing about internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode, type FieldIssue } from '../errors.ts';

const STATUS: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  SETUP_DONE: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
};

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. INVALID, NOT_FOUND, VERSION_CONFLICT'),
      message: z.string(),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('For INVALID: each offending field and why'),
      requestId: z.string().describe('Quote this when reporting a problem; it is in the server log'),
    }),
  })
  .meta({ id: 'Error' });

/** The SQLSTATE of a database error, from the driver's error or one wrapping it. */
function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields: FieldIssue[] = err.validation.map((v) => {
        const rel = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { path: rel ? `${where}.${rel}` : where, message: v.message ?? 'is invalid' };
      });
      return reply.status(400).send({
        error: {
          code: 'INVALID',
          message: fields.map((f) => `${f.path}: ${f.message}`).join('; '),
          fields,
          requestId: req.id,
        },
      });
    }
    if (err instanceof AppError) {
      if (err.code === 'ACCOUNT_LOCKED' && typeof err.details?.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return reply.status(STATUS[err.code]).send({
        error: { code: err.code, message: err.message, fields: err.details?.fields, requestId: req.id },
      });
    }
    // Two requests racing to create the same thing (same external id, same name): the database's
    // unique index stops the second; the caller learns it is a conflict to retry, not a fault.
    if (sqlState(err) === '23505') {
      req.log.warn({ err }, 'unique violation');
      return reply.status(409).send({
        error: {
          code: 'CONFLICT',
          message: 'Someone saved the same record at the same moment. Reload and try again.',
          requestId: req.id,
        },
      });
    }
    // Errors raised by Fastify itself (bad JSON, body too large, rate limit) carry a 4xx status.
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'INVALID';
      return reply.status(status).send({ error: { code, message: err.message, requestId: req.id } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side. It has been logged.',
        requestId: req.id,
      },
    });
  });
}
