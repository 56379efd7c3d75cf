import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { NotFound, VersionConflict } from '../errors.ts';
import { registerErrorHandler } from './error-handler.ts';

async function appThrowing(error: unknown) {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  app.get('/boom', async () => {
    throw error;
  });
  await app.ready();
  return app;
}

describe('the error handler', () => {
  it('answers an unexpected fault with 500, a request id, and nothing of the internals', async () => {
    const app = await appThrowing(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    const res = await app.inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error).toMatchObject({
      code: 'INTERNAL',
      message: 'Something went wrong on our side. It has been logged.',
    });
    expect(body.error.requestId).toBeTruthy();
    expect(res.body).not.toMatch(/ECONNREFUSED|hunter2|stack|at /);
  });

  it('maps domain errors to their status and stable code', async () => {
    const missing = await (await appThrowing(new NotFound('deal'))).inject({ url: '/boom' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'deal not found' });
    const stale = await (await appThrowing(new VersionConflict('deal', 3))).inject({ url: '/boom' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('turns a race on a unique index (SQLSTATE 23505), even wrapped, into a 409 to retry', async () => {
    const driverError = Object.assign(
      new Error('duplicate key value violates unique constraint "deals_org_external_key"'),
      {
        code: '23505',
      },
    );
    const wrapped = Object.assign(new Error('Failed query: insert into "deals" …'), { cause: driverError });
    const res = await (await appThrowing(wrapped)).inject({ url: '/boom' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT' });
    expect(res.body).not.toContain('deals_org_external_key');
  });
});
