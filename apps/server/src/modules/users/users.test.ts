import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, createTeamFor } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';
import { systemActor } from '../../platform/actor.ts';
import { setActive, updatePerson } from './users.service.ts';

const server = useTestServer();

describe('creating people', () => {
  it('an admin creates a person in a team; they appear in the directory with that team', async () => {
    const org = await createOrg(server);
    const team = await createTeamFor(org, { name: 'Enterprise' });
    const res = await org.admin.post('/api/users', {
      name: '  Grace Hopper ',
      email: 'Grace@Navy.test',
      role: 'member',
      title: 'Account executive',
      teamId: team.id,
      fte: 0.8,
      startDate: '2026-09-01',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@navy.test',
      fte: 0.8,
      startDate: '2026-09-01',
      teamName: 'Enterprise',
      mustChangePassword: true,
    });
    expect(created.temporaryPassword).toBeTruthy();
    const list = (await org.admin.get(`/api/users?teamId=${team.id}`)).json();
    expect(list.items.map((p: { name: string }) => p.name)).toEqual(['Grace Hopper']);
    const history = (await org.admin.get(`/api/users/${created.id}/memberships`)).json();
    expect(history).toEqual([
      expect.objectContaining({ teamName: 'Enterprise', validFrom: '2026-09-01', validTo: null }),
    ]);
  });

  it('names every bad field, and writes nothing', async () => {
    const org = await createOrg(server);
    const res = await org.admin.post('/api/users', {
      name: '',
      email: 'nope',
      role: 'emperor',
      fte: 1.5,
      startDate: '2026-02-30',
    });
    expect(res.statusCode).toBe(400);
    const fields = Object.fromEntries(
      res.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
    );
    expect(Object.keys(fields).sort()).toEqual([
      'body.email',
      'body.fte',
      'body.name',
      'body.role',
      'body.startDate',
    ]);
    expect(fields['body.startDate']).toBe('must be a calendar date written YYYY-MM-DD');
    expect((await org.admin.get('/api/users')).json().items).toHaveLength(1);
  });

  it('rejects an email that another account (in any organisation) uses, and an unknown team, atomically', async () => {
    const org = await createOrg(server);
    const other = await createOrg(server);
    const dup = await org.admin.post('/api/users', { name: 'Dup', email: other.adminEmail, role: 'member' });
    expect(dup.json().error.fields).toEqual([
      { path: 'body.email', message: 'is already used by another account' },
    ]);
    const badTeam = await org.admin.post('/api/users', {
      name: 'Nobody',
      email: 'nobody@test.example',
      role: 'member',
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(badTeam.statusCode).toBe(400);
    expect(badTeam.json().error.fields[0].path).toBe('body.teamId');
    // The user insert was rolled back with the failed membership.
    const search = (await org.admin.get('/api/users?search=nobody')).json();
    expect(search.items).toHaveLength(0);
  });

  it('only admins create people', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'director' });
    const res = await (await leader.login()).post('/api/users', {
      name: 'X',
      email: 'x@test.example',
      role: 'member',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('editing people', () => {
  it('a stale version gets 409 and the first write survives', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org, { name: 'Original' });
    const { version } = (await org.admin.get(`/api/users/${person.id}`)).json();
    const first = await org.admin.patch(`/api/users/${person.id}`, { version, name: 'First edit' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(version + 1);
    const second = await org.admin.patch(`/api/users/${person.id}`, { version, name: 'Second edit' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('VERSION_CONFLICT');
    expect((await org.admin.get(`/api/users/${person.id}`)).json().name).toBe('First edit');
  });

  it('an admin cannot demote, deactivate or reset themselves', async () => {
    const org = await createOrg(server);
    const me = (await org.admin.get(`/api/users/${org.adminId}`)).json();
    expect(me.can).toMatchObject({
      change_role: false,
      deactivate: false,
      reset_password: false,
      update_profile: true,
    });
    expect(
      (await org.admin.patch(`/api/users/${org.adminId}`, { version: me.version, role: 'member' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await org.admin.post(`/api/users/${org.adminId}/deactivate`, { version: me.version })).statusCode,
    ).toBe(403);
    // Renaming oneself is fine, and keeps the role.
    const renamed = await org.admin.patch(`/api/users/${org.adminId}`, {
      version: me.version,
      name: 'Ada Lovelace',
    });
    expect(renamed.json()).toMatchObject({ name: 'Ada Lovelace', role: 'admin' });
  });

  it('never leaves an organisation without an active admin, even from the command line', async () => {
    const org = await createOrg(server);
    const me = (await org.admin.get(`/api/users/${org.adminId}`)).json();
    const system = systemActor(org.orgId);
    const db = server.database.db;
    await expect(
      updatePerson({ db, actor: system, id: org.adminId, input: { version: me.version, role: 'member' } }),
    ).rejects.toThrow(/last active administrator/);
    await expect(
      setActive({ db, actor: system, id: org.adminId, version: me.version, active: false }),
    ).rejects.toThrow(/last active administrator/);
    // With a second admin, one of them may step down.
    const second = await createPerson(org, { role: 'admin' });
    const res = await (await second.login()).patch(`/api/users/${org.adminId}`, {
      version: me.version,
      role: 'director',
    });
    expect(res.json().role).toBe('director');
  });
});

describe('capacity and leave', () => {
  it('computes a quarter’s capacity from FTE, start date and planned leave (hand-checked)', async () => {
    const org = await createOrg(server);
    const person = await createPerson(org, { fte: 0.5, startDate: '2025-01-01' });
    const add = await org.admin.post(`/api/users/${person.id}/leave`, {
      startDate: '2026-03-09',
      endDate: '2026-03-13',
      note: 'Ski trip',
    });
    expect(add.statusCode).toBe(201);
    const cap = (
      await org.admin.get(`/api/users/${person.id}/capacity?start=2026-03-01&end=2026-03-31`)
    ).json();
    // March 2026: 22 working days, 5 on leave → 17 available × 0.5 FTE = 8.5 effective days.
    expect(cap).toMatchObject({
      periodWorkingDays: 22,
      leaveWorkingDays: 5,
      availableDays: 17,
      effectiveDays: 8.5,
      rampFactor: 1,
    });

    const bad = await org.admin.post(`/api/users/${person.id}/leave`, {
      startDate: '2026-03-13',
      endDate: '2026-03-09',
    });
    expect(bad.json().error.fields).toEqual([
      { path: 'body.endDate', message: 'must be on or after startDate' },
    ]);

    const leave = (await org.admin.get(`/api/users/${person.id}/leave`)).json();
    expect(leave).toEqual([
      expect.objectContaining({ startDate: '2026-03-09', endDate: '2026-03-13', note: 'Ski trip' }),
    ]);
    expect((await org.admin.delete(`/api/users/${person.id}/leave/${leave[0].id}`)).statusCode).toBe(200);
    const after = (
      await org.admin.get(`/api/users/${person.id}/capacity?start=2026-03-01&end=2026-03-31`)
    ).json();
    expect(after.effectiveDays).toBe(11);
  });
});

describe('the directory', () => {
  it('pages by name with a cursor, without repeats or gaps', async () => {
    const org = await createOrg(server);
    const names = ['Zoe', 'Adam', 'Mia', 'Bea', 'Kai', 'Eve', 'Ola'];
    for (const name of names) await createPerson(org, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await org.admin.get(url)).json();
      seen.push(...page.items.map((p: { name: string }) => p.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names, 'Ada Admin'].sort());
  });

  it('searches name, email and title, and rejects a forged cursor', async () => {
    const org = await createOrg(server);
    await createPerson(org, { name: 'Searchable Sam' });
    const found = (await org.admin.get('/api/users?search=searchable')).json();
    expect(found.items.map((p: { name: string }) => p.name)).toEqual(['Searchable Sam']);
    const percent = (await org.admin.get('/api/users?search=%25')).json();
    expect(percent.items).toHaveLength(0); // a literal %, not a wildcard
    const forged = await org.admin.get('/api/users?cursor=garbage');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.fields[0].path).toBe('query.cursor');
  });
});
