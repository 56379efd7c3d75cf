import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/harness.ts';

// This file's database starts empty (its own copy of the template), as on a first visit.
const server = useTestServer();

describe('first-time set-up', () => {
  it('creates the organisation and its first admin, logs them in, then refuses a second set-up', async () => {
    const { app } = server;
    expect((await app.inject({ url: '/api/setup' })).json()).toEqual({
      setupRequired: true,
      signupOpen: false,
    });

    const bad = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organisationName: '', name: 'Ada', email: 'not-an-email', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.organisationName', 'body.email']));
    expect((await app.inject({ url: '/api/setup' })).json().setupRequired).toBe(true); // nothing half-written

    const weak = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organisationName: 'Acme', name: 'Ada', email: 'ada@acme.test', password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields).toEqual([
      { path: 'body.password', message: 'must be at least 10 characters' },
    ]);

    const res = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        organisationName: 'Acme Ltd',
        name: 'Ada Admin',
        email: 'Ada@Acme.test',
        password: 'a long passphrase',
      },
    });
    expect(res.statusCode).toBe(201);
    const me = res.json();
    expect(me.user).toMatchObject({ name: 'Ada Admin', email: 'ada@acme.test', role: 'admin' });
    expect(me.organisation.name).toBe('Acme Ltd');
    expect(me.abilities).toEqual({
      manageUsers: true,
      manageTeams: true,
      readAudit: true,
      manageOrganisation: true,
    });
    const cookie = res.cookies.find((c) => c.name === 'ps_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const whoami = await app.inject({
      url: '/api/auth/me',
      headers: { cookie: `ps_session=${cookie?.value}` },
    });
    expect(whoami.json().user.email).toBe('ada@acme.test');

    expect((await app.inject({ url: '/api/setup' })).json().setupRequired).toBe(false);
    const again = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        organisationName: 'Evil',
        name: 'Eve',
        email: 'eve@evil.test',
        password: 'a long passphrase',
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SETUP_DONE');
  });
});
