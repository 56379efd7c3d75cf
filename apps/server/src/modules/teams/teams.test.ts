import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, createTeamFor } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('the team tree', () => {
  it('builds offices and teams with leaders, and lists them with member counts', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'leader', name: 'Lena Leader' });
    const office = (await org.admin.post('/api/teams', { name: 'London office', type: 'office' })).json();
    const res = await org.admin.post('/api/teams', {
      name: 'Enterprise Sales',
      type: 'sales',
      parentId: office.id,
      leaderId: leader.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Enterprise Sales',
      parentId: office.id,
      leaderName: 'Lena Leader',
      memberCount: 0,
    });
    await createPerson(org, { teamId: res.json().id });
    const list = (await org.admin.get('/api/teams')).json();
    expect(list.items.map((t: { name: string; memberCount: number }) => [t.name, t.memberCount])).toEqual([
      ['Enterprise Sales', 1],
      ['London office', 0],
    ]);
  });

  it('explains what is wrong with a team', async () => {
    const org = await createOrg(server);
    const member = await createPerson(org, { role: 'member', name: 'Mo Member' });
    await createTeamFor(org, { name: 'Taken' });
    const cases: [object, string, string][] = [
      [{ name: 'taken', type: 'sales' }, 'body.name', 'another team has this name'],
      [
        { name: 'X', type: 'sales', leaderId: member.id },
        'body.leaderId',
        'Mo Member has the role member; give them the leader role first',
      ],
      [
        { name: 'X', type: 'sales', parentId: '00000000-0000-4000-8000-000000000000' },
        'body.parentId',
        'no such team in this organisation',
      ],
      [{ name: 'X', type: 'squad' }, 'body.type', ''],
    ];
    for (const [payload, path, message] of cases) {
      const res = await org.admin.post('/api/teams', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const field = res.json().error.fields.find((f: { path: string }) => f.path === path);
      expect(field, JSON.stringify(res.json())).toBeTruthy();
      if (message) expect(field.message).toBe(message);
    }
  });

  it('refuses to put a team under itself or its own sub-team', async () => {
    const org = await createOrg(server);
    const top = await createTeamFor(org, { name: 'Top', type: 'office' });
    const mid = await createTeamFor(org, { name: 'Mid', type: 'office', parentId: top.id });
    const leaf = await createTeamFor(org, { name: 'Leaf', parentId: mid.id });
    for (const parentId of [top.id, leaf.id]) {
      const res = await org.admin.patch(`/api/teams/${top.id}`, { version: top.version, parentId });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].message).toBe(
        'a team cannot sit under itself or one of its own sub-teams',
      );
    }
  });

  it('a stale version gets 409', async () => {
    const org = await createOrg(server);
    const team = await createTeamFor(org, { name: 'Old name' });
    expect(
      (await org.admin.patch(`/api/teams/${team.id}`, { version: team.version, name: 'New' })).statusCode,
    ).toBe(200);
    const stale = await org.admin.patch(`/api/teams/${team.id}`, { version: team.version, name: 'Newer' });
    expect(stale.statusCode).toBe(409);
    expect((await org.admin.get(`/api/teams/${team.id}`)).json().name).toBe('New');
  });

  it('archives only an empty team with no teams under it', async () => {
    const org = await createOrg(server);
    const office = await createTeamFor(org, { name: 'Office', type: 'office' });
    const team = await createTeamFor(org, { name: 'Team', parentId: office.id });
    const person = await createPerson(org, { teamId: team.id });
    expect(
      (await org.admin.post(`/api/teams/${office.id}/archive`, { version: office.version })).json().error
        .message,
    ).toMatch(/teams under it/);
    const busy = await org.admin.post(`/api/teams/${team.id}/archive`, { version: team.version });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toMatch(/still has 1 member/);
    await org.admin.delete(`/api/teams/${team.id}/members/${person.id}?to=2026-01-31`);
    const done = await org.admin.post(`/api/teams/${team.id}/archive`, { version: team.version });
    expect(done.statusCode).toBe(200);
    expect(done.json().archivedAt).not.toBeNull();
    expect((await org.admin.get('/api/teams')).json().items.map((t: { name: string }) => t.name)).toEqual([
      'Office',
    ]);
    // The history survives archiving.
    const past = (await org.admin.get(`/api/teams/${team.id}/members?includePast=true`)).json();
    expect(past).toEqual([
      expect.objectContaining({ userId: person.id, validFrom: '2024-01-01', validTo: '2026-01-31' }),
    ]);
  });
});

describe('membership history', () => {
  it('moving a person ends the old membership the day before and keeps it', async () => {
    const org = await createOrg(server);
    const a = await createTeamFor(org, { name: 'Team A' });
    const b = await createTeamFor(org, { name: 'Team B' });
    const person = await createPerson(org, { name: 'Rita Rep', teamId: a.id, startDate: '2025-02-01' });

    const early = await org.admin.post(`/api/teams/${b.id}/members`, {
      userId: person.id,
      from: '2025-01-15',
    });
    expect(early.json().error.fields[0]).toEqual({
      path: 'body.from',
      message: 'must be on or after 2025-02-01, when Rita Rep joined their current team',
    });

    const moved = await org.admin.post(`/api/teams/${b.id}/members`, {
      userId: person.id,
      from: '2026-04-01',
    });
    expect(moved.statusCode).toBe(201);
    expect(moved.json().map((m: { name: string }) => m.name)).toEqual(['Rita Rep']);
    const history = (await org.admin.get(`/api/users/${person.id}/memberships`)).json();
    expect(
      history.map((m: { teamName: string; validFrom: string; validTo: string | null }) => [
        m.teamName,
        m.validFrom,
        m.validTo,
      ]),
    ).toEqual([
      ['Team A', '2025-02-01', '2026-03-31'],
      ['Team B', '2026-04-01', null],
    ]);
    expect((await org.admin.get(`/api/teams/${a.id}/members`)).json()).toEqual([]);
    const pastOfA = (await org.admin.get(`/api/teams/${a.id}/members?includePast=true`)).json();
    expect(pastOfA).toHaveLength(1);

    const again = await org.admin.post(`/api/teams/${b.id}/members`, { userId: person.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Rita Rep is already in Team B');
  });

  it('memberships never overlap: someone who left can rejoin only after their last day', async () => {
    const org = await createOrg(server);
    const a = await createTeamFor(org, { name: 'Team A' });
    const person = await createPerson(org, { name: 'Rita Rep', teamId: a.id, startDate: '2025-02-01' });
    const left = await org.admin.delete(`/api/teams/${a.id}/members/${person.id}?to=2025-06-30`);
    expect(left.statusCode).toBe(200);
    const overlapping = await org.admin.post(`/api/teams/${a.id}/members`, {
      userId: person.id,
      from: '2025-06-30',
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().error.fields[0]).toEqual({
      path: 'body.from',
      message: 'must be after 2025-06-30, the last day of Rita Rep’s previous team membership',
    });
    const back = await org.admin.post(`/api/teams/${a.id}/members`, {
      userId: person.id,
      from: '2025-09-01',
    });
    expect(back.statusCode).toBe(201);
    const history = (await org.admin.get(`/api/users/${person.id}/memberships`)).json();
    expect(
      history.map((m: { validFrom: string; validTo: string | null }) => [m.validFrom, m.validTo]),
    ).toEqual([
      ['2025-02-01', '2025-06-30'],
      ['2025-09-01', null],
    ]);
  });

  it('a person who leaves (is deactivated) leaves their team and stops leading, history kept', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'leader', name: 'Lena Leader' });
    const led = await createTeamFor(org, { name: 'Led Team', leaderId: leader.id });
    const home = await createTeamFor(org, { name: 'Home Team' });
    await org.admin.post(`/api/teams/${home.id}/members`, { userId: leader.id, from: '2025-01-01' });
    const person = (await org.admin.get(`/api/users/${leader.id}`)).json();
    const res = await org.admin.post(`/api/users/${leader.id}/deactivate`, { version: person.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'deactivated', teamId: null });
    expect((await org.admin.get(`/api/teams/${led.id}`)).json()).toMatchObject({ leaderId: null });
    const home2 = (await org.admin.get(`/api/teams/${home.id}`)).json();
    expect(home2.memberCount).toBe(0);
    const history = (await org.admin.get(`/api/users/${leader.id}/memberships`)).json();
    expect(history).toHaveLength(1);
    expect(history[0].validTo).not.toBeNull();
    // An empty team can now be archived.
    expect(
      (await org.admin.post(`/api/teams/${home.id}/archive`, { version: home2.version })).statusCode,
    ).toBe(200);
  });

  it('leaving before a scheduled move: the move never happens and the old team ends today', async () => {
    const org = await createOrg(server);
    const a = await createTeamFor(org, { name: 'Team A' });
    const b = await createTeamFor(org, { name: 'Team B' });
    const person = await createPerson(org, { name: 'Rita Rep', teamId: a.id, startDate: '2025-02-01' });
    await org.admin.post(`/api/teams/${b.id}/members`, { userId: person.id, from: '2099-01-01' });
    const v = (await org.admin.get(`/api/users/${person.id}`)).json().version;
    expect((await org.admin.post(`/api/users/${person.id}/deactivate`, { version: v })).statusCode).toBe(200);
    const history = (await org.admin.get(`/api/users/${person.id}/memberships`)).json();
    expect(history).toHaveLength(1);
    expect(history[0].teamName).toBe('Team A');
    expect(history[0].validTo < '2099-01-01').toBe(true);
  });

  it('offices hold teams, not people', async () => {
    const org = await createOrg(server);
    const office = await createTeamFor(org, { name: 'HQ', type: 'office' });
    const person = await createPerson(org);
    const res = await org.admin.post(`/api/teams/${office.id}/members`, { userId: person.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/HQ is an office/);
  });

  it('shows FTE and start date to the team’s leader but not to its other members', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'leader' });
    const team = await createTeamFor(org, { name: 'Squad', leaderId: leader.id });
    const me = await createPerson(org, { teamId: team.id, fte: 0.6 });
    const peer = await createPerson(org, { teamId: team.id, fte: 0.8 });
    const asLeader = (await (await leader.login()).get(`/api/teams/${team.id}/members`)).json();
    expect(asLeader.map((m: { fte: number | null }) => m.fte).sort()).toEqual([0.6, 0.8]);
    const asMember = (await (await me.login()).get(`/api/teams/${team.id}/members`)).json();
    const byId = Object.fromEntries(
      asMember.map((m: { userId: string; fte: number | null }) => [m.userId, m.fte]),
    );
    expect(byId[me.id]).toBe(0.6);
    expect(byId[peer.id]).toBeNull();
  });
});
