import { describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('health, docs and error shape', () => {
  it('answers liveness and readiness without a login', async () => {
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = (await server.app.inject({ url: '/readyz' })).json();
    expect(ready.status).toBe('ready');
    expect(ready.database).toBe(process.env.PACESETTER_TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('serves the OpenAPI 3.1 document and the interactive docs', async () => {
    const doc = (await server.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/users', '/api/teams', '/api/audit', '/api/auth/login']),
    );
    expect(doc.components.schemas.Error).toBeTruthy();
    const docs = await server.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it('sends security headers and a request id', async () => {
    const res = await server.app.inject({ url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes and malformed JSON in the common error shape', async () => {
    const org = await createOrg(server);
    const missing = await org.admin.get('/api/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const malformed = await org.admin.request({
      method: 'POST',
      url: '/api/teams',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'INVALID', requestId: expect.any(String) });
    const badId = await org.admin.get('/api/users/not-a-uuid');
    expect(badId.json().error.fields).toEqual([{ path: 'params.id', message: 'must be a UUID' }]);
  });
});
