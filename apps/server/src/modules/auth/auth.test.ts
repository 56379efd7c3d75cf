import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, PASSWORD } from '../../../test/factories.ts';
import { agentFor, login, useTestServer } from '../../../test/harness.ts';
import { queryRows } from '../../platform/db.ts';
import { purgeExpiredSessions } from './auth.service.ts';

const server = useTestServer({ PACESETTER_LOGIN_MAX_ATTEMPTS: '3', PACESETTER_LOCKOUT_MINUTES: '15' });

describe('login', () => {
  it('says plainly when the email or password is wrong, without telling which', async () => {
    const org = await createOrg(server);
    for (const payload of [
      { email: org.adminEmail, password: 'wrong password' },
      { email: 'nobody@nowhere.test', password: PASSWORD },
    ]) {
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'Email or password is incorrect',
      });
    }
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const org = await createOrg(server);
    await expect(login(server.app, `  ${org.adminEmail.toUpperCase()} `, PASSWORD)).resolves.toBeTruthy();
  });

  it('locks the account after the configured number of failures, even for the right password', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const attempt = (password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: person.email, password },
      });
    expect((await attempt('nope 1')).statusCode).toBe(401);
    expect((await attempt('nope 2')).statusCode).toBe(401);
    const third = await attempt('nope 3');
    expect(third.statusCode).toBe(423);
    expect(third.json().error.message).toMatch(/locked for 15 more minutes/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(800);
    expect((await attempt(PASSWORD)).statusCode).toBe(423);

    // An admin's password reset unlocks it, with a temporary password to replace.
    const reset = await org.admin.post(`/api/users/${person.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temp = reset.json().temporaryPassword;
    const agent = await login(server.app, person.email, temp);
    const blocked = await agent.get('/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('once a lock has run out, the count starts again: one more mistake does not lock at once', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const attempt = (password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: person.email, password },
      });
    for (const p of ['nope 1', 'nope 2', 'nope 3']) await attempt(p);
    expect((await attempt(PASSWORD)).statusCode).toBe(423);
    // Fifteen minutes pass.
    await server.database.db.execute(
      sql`update users set locked_until = now() - interval '1 second' where id = ${person.id}`,
    );
    expect((await attempt('nope 4')).statusCode).toBe(401);
    expect((await attempt('nope 5')).statusCode).toBe(401);
    expect((await attempt('nope 6')).statusCode).toBe(423);
  });

  it('a successful login resets the failure count', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const attempt = (password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: person.email, password },
      });
    await attempt('nope');
    await attempt('nope');
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    await attempt('nope');
    await attempt('nope');
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('refuses deactivated people', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const agent = await person.login();
    const version = (await org.admin.get(`/api/users/${person.id}`)).json().version;
    expect((await org.admin.post(`/api/users/${person.id}/deactivate`, { version })).statusCode).toBe(200);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(401); // their session ended
    await expect(person.login()).rejects.toThrow(/401/);
  });
});

describe('login rate limit', () => {
  const limited = useTestServer({ PACESETTER_LOGIN_RATE_LIMIT: '3' });
  it('answers 429 after the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'someone@test.example', password: 'whatever' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('sessions and CSRF', () => {
  it('requires the CSRF header on cookie-authenticated writes', async () => {
    const org = await createOrg(server);
    const noCsrf = agentFor(server.app, { cookie: org.admin.cookie, userId: org.adminId, orgId: org.orgId });
    const res = await noCsrf.post('/api/teams', { name: 'Sales', type: 'sales' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
    const wrong = agentFor(server.app, {
      cookie: org.admin.cookie,
      csrfToken: 'forged',
      userId: org.adminId,
      orgId: org.orgId,
    });
    expect((await wrong.post('/api/teams', { name: 'Sales', type: 'sales' })).statusCode).toBe(403);
    expect((await noCsrf.get('/api/teams')).statusCode).toBe(200); // reads need none
    expect((await org.admin.post('/api/teams', { name: 'Sales', type: 'sales' })).statusCode).toBe(201);
  });

  it('answers 401 without a session, and logout ends the session', async () => {
    const org = await createOrg(server);
    expect((await server.app.inject({ url: '/api/users' })).statusCode).toBe(401);
    // Anonymous callers are turned away before validation: they learn nothing about the body.
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/users', payload: { email: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await org.admin.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await org.admin.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a session in use slides forward, and its cookie with it; expired ones are purged', async () => {
    const org = await createOrg(server);
    const fresh = await org.admin.get('/api/auth/me');
    expect(fresh.cookies.find((c) => c.name === 'ps_session')).toBeUndefined();
    // The session was last seen ten minutes ago: this request renews it.
    await server.database.db.execute(
      sql`update sessions set last_seen_at = now() - interval '10 minutes' where user_id = ${org.adminId}`,
    );
    const renewed = await org.admin.get('/api/auth/me');
    const cookie = renewed.cookies.find((c) => c.name === 'ps_session');
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: server.config.sessionTtlHours * 3600,
    });

    await server.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${org.adminId}`,
    );
    expect((await org.admin.get('/api/auth/me')).statusCode).toBe(401);
    expect(await purgeExpiredSessions({ db: server.database.db })).toBeGreaterThanOrEqual(1);
    const [left] = await queryRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from sessions where user_id = ${org.adminId}`,
    );
    expect(left?.n).toBe(0);
  });

  it('changing the password keeps this session and ends the others', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const here = await person.login();
    const elsewhere = await person.login();
    const wrong = await here.post('/api/auth/password', {
      currentPassword: 'not it',
      newPassword: 'a brand new secret',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('body.currentPassword');
    const tooShort = await here.post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(tooShort.json().error.fields[0]).toEqual({
      path: 'body.newPassword',
      message: 'must be at least 10 characters',
    });
    const ok = await here.post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a brand new secret',
    });
    expect(ok.statusCode).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    await expect(login(server.app, person.email, 'a brand new secret')).resolves.toBeTruthy();
  });

  it('a temporary password must be replaced before anything else', async () => {
    const org = await createOrg(server);
    const created = await org.admin.post('/api/users', {
      name: 'New Hire',
      email: 'new.hire@test.example',
      role: 'member',
    });
    expect(created.statusCode).toBe(201);
    const temp = created.json().temporaryPassword;
    expect(temp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const agent = await login(server.app, 'new.hire@test.example', temp);
    expect((await agent.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    expect((await agent.get('/api/teams')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (await agent.post('/api/auth/password', { currentPassword: temp, newPassword: 'my own passphrase' }))
        .statusCode,
    ).toBe(200);
    expect((await agent.get('/api/teams')).statusCode).toBe(200);
    expect((await agent.get('/api/auth/me')).json().mustChangePassword).toBe(false);
  });
});

describe('API tokens', () => {
  it('act as their owner without CSRF, are shown once, and stop working when revoked', async () => {
    const org = await createOrg(server);
    const created = await org.admin.post('/api/tokens', { name: 'BI export', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token.startsWith(prefix)).toBe(true);
    const bearer = agentFor(server.app, { bearer: token, userId: org.adminId, orgId: org.orgId });
    expect((await bearer.get('/api/users')).statusCode).toBe(200);
    expect((await bearer.post('/api/teams', { name: 'Via token', type: 'sales' })).statusCode).toBe(201);
    const listed = (await org.admin.get('/api/tokens')).json();
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('token');
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect((await org.admin.delete(`/api/tokens/${id}`)).statusCode).toBe(200);
    const after = await bearer.get('/api/users');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/invalid, expired or revoked/);
  });

  it('one person cannot revoke another’s token', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org);
    const theirs = await (await person.login()).post('/api/tokens', { name: 'mine' });
    expect((await org.admin.delete(`/api/tokens/${theirs.json().id}`)).statusCode).toBe(404);
  });
});
