/**
 * Who may do what, as a table: every role × action × relation (own record, a person in a team the
 * actor leads, a person in another team, another organisation), checked through the HTTP API.
 * Forbidden cells make the real request and expect 403 (or 404 across organisations) with nothing
 * changed; allowed cells make it where it is harmless, and otherwise check the abilities sent to the UI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree, createPerson } from './factories.ts';
import { type Agent, useTestServer } from './harness.ts';

const server = useTestServer();

type ActorName = 'admin' | 'director' | 'leaderA' | 'memberA' | 'viewer' | 'outsider';
type Relation = 'own' | 'team' | 'otherTeam' | 'otherOrg';
const RELATIONS: Relation[] = ['own', 'team', 'otherTeam', 'otherOrg'];

// Expected answers. "team" = a member of Team A (led by leaderA); "otherTeam" = a member of Team B.
// For the admin, director and viewer, who lead no team, "team" and "otherTeam" are just two people.
const Y = true;
const N = false;
const USER_MATRIX: Record<string, Record<ActorName, [boolean, boolean, boolean]>> = {
  //                         own team otherTeam
  read: {
    admin: [Y, Y, Y],
    director: [Y, Y, Y],
    leaderA: [Y, Y, Y],
    memberA: [Y, Y, Y],
    viewer: [Y, Y, Y],
    outsider: [Y, N, N],
  },
  read_capacity: {
    admin: [Y, Y, Y],
    director: [Y, Y, Y],
    leaderA: [Y, Y, N],
    memberA: [Y, N, N],
    viewer: [Y, N, N],
    outsider: [Y, N, N],
  },
  update_profile: {
    admin: [Y, Y, Y],
    director: [Y, N, N],
    leaderA: [Y, N, N],
    memberA: [Y, N, N],
    viewer: [Y, N, N],
    outsider: [Y, N, N],
  },
  update_capacity: {
    admin: [Y, Y, Y],
    director: [Y, Y, Y],
    leaderA: [N, Y, N],
    memberA: [N, N, N],
    viewer: [N, N, N],
    outsider: [Y, N, N],
  },
  change_role: {
    admin: [N, Y, Y],
    director: [N, N, N],
    leaderA: [N, N, N],
    memberA: [N, N, N],
    viewer: [N, N, N],
    outsider: [N, N, N],
  },
  deactivate: {
    admin: [N, Y, Y],
    director: [N, N, N],
    leaderA: [N, N, N],
    memberA: [N, N, N],
    viewer: [N, N, N],
    outsider: [N, N, N],
  },
  reset_password: {
    admin: [N, Y, Y],
    director: [N, N, N],
    leaderA: [N, N, N],
    memberA: [N, N, N],
    viewer: [N, N, N],
    outsider: [N, N, N],
  },
};

describe('policy matrix: people', () => {
  const agents = {} as Record<ActorName, Agent>;
  const ids = {} as Record<ActorName | 'team' | 'teammate' | 'otherTeam', string>;

  beforeAll(async () => {
    const t = await createOrgWithTree(server);
    const outsiderOrg = await createOrg(server, 'Other Org');
    agents.admin = t.org.admin;
    agents.director = await t.director.login();
    agents.leaderA = await t.la.login();
    agents.memberA = await t.ma.login();
    agents.viewer = await t.viewer.login();
    agents.outsider = outsiderOrg.admin;
    Object.assign(ids, {
      admin: t.org.adminId,
      director: t.director.id,
      leaderA: t.la.id,
      memberA: t.ma.id,
      viewer: t.viewer.id,
      outsider: outsiderOrg.adminId,
      team: t.ma.id,
      teammate: t.ma2.id,
      otherTeam: t.mb.id,
    });
  });

  // "team": someone in Team A (for the member, a teammate); "otherTeam": someone in Team B;
  // "otherOrg": someone in the other organisation (for the outsider, someone in ours).
  const subjectOf = (actor: ActorName, relation: Relation): string => {
    if (relation === 'own') return ids[actor];
    if (relation === 'otherOrg') return actor === 'outsider' ? ids.memberA : ids.outsider;
    if (relation === 'team') return actor === 'memberA' ? ids.teammate : ids.team;
    return ids.otherTeam;
  };

  for (const [action, row] of Object.entries(USER_MATRIX)) {
    for (const actor of Object.keys(row) as ActorName[]) {
      for (const relation of RELATIONS) {
        // The outsider's "team" and "otherTeam" would be the same as "otherOrg": skip the duplicates.
        if (actor === 'outsider' && (relation === 'team' || relation === 'otherTeam')) continue;
        const expected = relation === 'otherOrg' ? false : row[actor][RELATIONS.indexOf(relation)]!;
        it(`${actor} ${expected ? 'may' : 'may not'} ${action} (${relation})`, async () => {
          const agent = agents[actor];
          const id = subjectOf(actor, relation);
          const res = await agent.get(`/api/users/${id}`);
          if (relation === 'otherOrg') {
            // Another organisation's people do not exist, whatever the action.
            expect(res.statusCode).toBe(404);
            expect((await agent.patch(`/api/users/${id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
            expect((await agent.post(`/api/users/${id}/deactivate`, { version: 1 })).statusCode).toBe(404);
            return;
          }
          expect(res.statusCode).toBe(200);
          const person = res.json();
          expect(person.can[action]).toBe(expected);
          if (action === 'read_capacity') expect(person.fte === null).toBe(!expected);
          // Make the real request where it cannot harm the fixture.
          if (action === 'update_profile') {
            const w = await agent.patch(`/api/users/${id}`, { version: person.version, name: person.name });
            expect(w.statusCode).toBe(expected ? 200 : 403);
          } else if (action === 'update_capacity') {
            const w = await agent.patch(`/api/users/${id}`, { version: person.version, fte: 1 });
            expect(w.statusCode).toBe(expected ? 200 : 403);
          } else if (action === 'change_role' && !expected) {
            const w = await agent.patch(`/api/users/${id}`, {
              version: person.version,
              role: person.role === 'viewer' ? 'member' : 'viewer',
            });
            expect(w.statusCode).toBe(403);
          } else if (action === 'deactivate' && !expected) {
            expect(
              (await agent.post(`/api/users/${id}/deactivate`, { version: person.version })).statusCode,
            ).toBe(403);
          } else if (action === 'reset_password' && !expected) {
            expect((await agent.post(`/api/users/${id}/reset-password`)).statusCode).toBe(403);
          } else if (action === 'read_capacity') {
            expect((await agent.get(`/api/users/${id}/leave`)).statusCode).toBe(expected ? 200 : 403);
          }
        });
      }
    }
  }

  it('outsiders get 404 for every people and team route of another organisation', async () => {
    const other = agents.outsider;
    const id = ids.memberA;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/users/${id}`],
      ['GET', `/api/users/${id}/leave`],
      ['GET', `/api/users/${id}/memberships`],
      ['GET', `/api/users/${id}/capacity?start=2026-01-01&end=2026-03-31`],
      ['PATCH', `/api/users/${id}`, { version: 1, name: 'x' }],
      ['POST', `/api/users/${id}/deactivate`, { version: 1 }],
      ['POST', `/api/users/${id}/reset-password`],
      ['POST', `/api/users/${id}/leave`, { startDate: '2026-01-01', endDate: '2026-01-02' }],
    ];
    for (const [method, url, payload] of routes) {
      const res = await other.request({ method: method as 'GET', url, payload: payload as object });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const theirList = (await other.get('/api/users')).json();
    expect(theirList.items.map((p: { id: string }) => p.id)).not.toContain(id);
  });
});

describe('policy matrix: teams and administration', () => {
  it.each([
    ['admin', 201, 201, 201, 200],
    ['director', 201, 201, 201, 403],
    ['leaderA', 403, 201, 403, 403],
    ['memberA', 403, 403, 403, 403],
    ['viewer', 403, 403, 403, 403],
    ['outsider', 201, 404, 404, 200],
  ] as const)(
    '%s: create team %i, staff own team %i, staff other team %i, read audit %i',
    async (who, create, own, other, audit) => {
      const t = await createOrgWithTree(server);
      const outsider = await createOrg(server, 'Elsewhere');
      const agent = {
        admin: t.org.admin,
        director: await t.director.login(),
        leaderA: await t.la.login(),
        memberA: await t.ma.login(),
        viewer: await t.viewer.login(),
        outsider: outsider.admin,
      }[who];
      expect((await agent.post('/api/teams', { name: `New ${who}`, type: 'sales' })).statusCode).toBe(create);
      const newcomer = await createPerson(t.org);
      expect((await agent.post(`/api/teams/${t.teamA.id}/members`, { userId: newcomer.id })).statusCode).toBe(
        own,
      );
      const another = await createPerson(t.org);
      expect((await agent.post(`/api/teams/${t.teamB.id}/members`, { userId: another.id })).statusCode).toBe(
        other,
      );
      expect((await agent.get('/api/audit')).statusCode).toBe(audit);
    },
  );

  it('a leader cannot pull someone out of another leader’s team', async () => {
    const t = await createOrgWithTree(server);
    const leaderA = await t.la.login();
    const res = await leaderA.post(`/api/teams/${t.teamA.id}/members`, { userId: t.mb.id });
    expect(res.statusCode).toBe(403);
    const history = (await t.org.admin.get(`/api/users/${t.mb.id}/memberships`)).json();
    expect(history).toHaveLength(1); // nothing half-written
  });

  it('a director who leads the office sees and staffs every team under it', async () => {
    const t = await createOrgWithTree(server);
    const me = (await (await t.director.login()).get('/api/auth/me')).json();
    expect(new Set(me.ledTeamIds)).toEqual(new Set([t.office.id, t.teamA.id, t.teamB.id]));
  });
});

/**
 * Corrective actions and observations (modules/actions): personal records about one person, here
 * Ma. The action is about Ma and owned by Ma2 (her teammate, who runs it). Readers:
 * the person's leaders up the tree, directors, admins, the person and the owner; to anyone else
 * the action does not exist (404, and not listed). The person and the owner may only move its
 * status. Observations on Ma: her leaders, directors and admins write; they and Ma read; anyone else
 * in the organisation gets 403 (the person is in the directory), another organisation 404.
 */
describe('policy matrix: corrective actions and observations', () => {
  type Who = 'admin' | 'director' | 'La' | 'Lb' | 'Ma' | 'Ma2' | 'Mb' | 'viewer' | 'outsider';
  //   read: GET /api/corrective-actions/:id     list: in GET /api/corrective-actions
  //   update: PATCH title    status: PATCH status    review: POST …/review
  //   obsRead: GET /api/people/:ma/observations      obsWrite: POST the same
  // biome-ignore format: a table reads best aligned
  const MATRIX: [Who, number, boolean, number, number, number, number, number][] = [
    //  actor      read  list   update status review obsRead obsWrite
    ['admin',      200,  true,  200,   200,   200,   200,    201],
    ['director',   200,  true,  200,   200,   200,   200,    201],
    ['La',         200,  true,  200,   200,   200,   200,    201],
    ['Lb',         404,  false, 404,   404,   404,   403,    403],
    ['Ma',         200,  true,  403,   200,   403,   200,    403],
    ['Ma2',        200,  true,  403,   200,   403,   403,    403],
    ['Mb',         404,  false, 404,   404,   404,   403,    403],
    ['viewer',     404,  false, 404,   404,   404,   403,    403],
    ['outsider',   404,  false, 404,   404,   404,   404,    404],
  ];
  const agents = {} as Record<Who, Agent>;
  const ids = {} as Record<'Ma' | 'Ma2', string>;
  let admin: Agent;
  let shared: { id: string };

  /** A fresh action about Ma owned by Ma2, as the admin sees it. */
  const actionOfMa = async () => {
    const res = await admin.post('/api/corrective-actions', {
      personId: ids.Ma,
      ownerId: ids.Ma2,
      kind: 'coaching',
      title: 'Matrix',
      metricId: 'calls',
      dueDate: '2026-03-01',
      baselinePeriod: '2025-10',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    const t = await createOrgWithTree(server);
    const elsewhere = await createOrg(server, 'Other Org');
    admin = t.org.admin;
    agents.admin = admin;
    agents.outsider = elsewhere.admin;
    const people = {
      director: t.director,
      La: t.la,
      Lb: t.lb,
      Ma: t.ma,
      Ma2: t.ma2,
      Mb: t.mb,
      viewer: t.viewer,
    };
    for (const [who, person] of Object.entries(people)) agents[who as Who] = await person.login();
    Object.assign(ids, { Ma: t.ma.id, Ma2: t.ma2.id });
    shared = await actionOfMa();
  });

  for (const [who, read, list, update, status, review, obsRead, obsWrite] of MATRIX) {
    it(`${who}: read ${read}, listed ${list}, update ${update}, status ${status}, review ${review}`, async () => {
      const agent = agents[who];
      const got = await agent.get(`/api/corrective-actions/${shared.id}`);
      expect(got.statusCode).toBe(read);
      if (read === 200) {
        // The abilities sent to the UI agree with what the API does.
        expect(got.json().can).toEqual({
          read: true,
          update: update === 200,
          set_status: status === 200,
          review: review === 200,
        });
      }
      const listed = (await agent.get(`/api/corrective-actions?personId=${ids.Ma}`)).json().items;
      expect(listed.some((a: { id: string }) => a.id === shared.id)).toBe(list);

      // Each write on its own action, then checked through the admin: changed exactly when allowed.
      const a = await actionOfMa();
      const url = `/api/corrective-actions/${a.id}`;
      expect((await agent.patch(url, { version: a.version, title: `By ${who}` })).statusCode).toBe(update);
      const afterUpdate = (await admin.get(url)).json();
      expect(afterUpdate.title).toBe(update === 200 ? `By ${who}` : 'Matrix');
      expect((await agent.patch(url, { version: afterUpdate.version, status: 'done' })).statusCode).toBe(
        status,
      );
      const afterStatus = (await admin.get(url)).json();
      expect(afterStatus.status).toBe(status === 200 ? 'done' : 'open');
      expect((await agent.post(`${url}/review`, { version: afterStatus.version })).statusCode).toBe(review);
      expect((await admin.get(url)).json().reviewedAt === null).toBe(review !== 200);
    });

    it(`${who}: observations on Ma read ${obsRead}, write ${obsWrite}`, async () => {
      const agent = agents[who];
      const url = `/api/people/${ids.Ma}/observations`;
      expect((await agent.get(url)).statusCode).toBe(obsRead);
      const body = `Observed by ${who}`;
      expect((await agent.post(url, { body })).statusCode).toBe(obsWrite);
      const all = (await admin.get(url)).json().items.map((o: { body: string }) => o.body);
      expect(all.includes(body)).toBe(obsWrite === 201);
    });
  }
});

/**
 * KPI dashboards (modules/kpi): a person's dashboard and funnel — the person, their leaders up the
 * tree, directors and admins (others in the organisation 403, another organisation 404); a team's
 * totals — everyone in the organisation; a team's per-person lines — its leaders up the tree,
 * directors and admins.
 */
describe('policy matrix: KPI dashboards', () => {
  type Who = 'admin' | 'director' | 'La' | 'Lb' | 'Ma' | 'Mb' | 'viewer' | 'outsider';
  // biome-ignore format: a table reads best aligned
  const MATRIX: [Who, number, number, number, boolean, boolean][] = [
    //  actor      Ma's dash  Ma's funnel  Team A dash  Team A people  Office people
    ['admin',      200,       200,         200,         true,          true],
    ['director',   200,       200,         200,         true,          true],
    ['La',         200,       200,         200,         true,          false],
    ['Lb',         403,       403,         200,         false,         false],
    ['Ma',         200,       200,         200,         false,         false],
    ['Mb',         403,       403,         200,         false,         false],
    ['viewer',     403,       403,         200,         false,         false],
    ['outsider',   404,       404,         404,         false,         false],
  ];
  let t: Awaited<ReturnType<typeof createOrgWithTree>>;
  const agents = {} as Record<Who, Agent>;

  beforeAll(async () => {
    t = await createOrgWithTree(server);
    agents.admin = t.org.admin;
    agents.outsider = (await createOrg(server, 'Outside KPIs')).admin;
    const people = { director: t.director, La: t.la, Lb: t.lb, Ma: t.ma, Mb: t.mb, viewer: t.viewer };
    for (const [who, person] of Object.entries(people)) agents[who as Who] = await person.login();
  });

  for (const [who, dash, funnel, team, teamPeople, officePeople] of MATRIX) {
    it(`${who}: Ma's dashboard ${dash}, funnel ${funnel}, Team A ${team} (people ${teamPeople}), office people ${officePeople}`, async () => {
      const agent = agents[who];
      const q = 'period=2026-Q3';
      expect((await agent.get(`/api/people/${t.ma.id}/dashboard?${q}`)).statusCode).toBe(dash);
      expect((await agent.get(`/api/people/${t.ma.id}/funnel?${q}`)).statusCode).toBe(funnel);
      const teamRes = await agent.get(`/api/teams/${t.teamA.id}/dashboard?${q}`);
      expect(teamRes.statusCode).toBe(team);
      if (team === 200) {
        expect(teamRes.json().canSeePeople).toBe(teamPeople);
        expect(teamRes.json().people.length > 0).toBe(teamPeople);
        const office = (await agent.get(`/api/teams/${t.office.id}/dashboard?${q}`)).json();
        expect(office.canSeePeople).toBe(officePeople);
        const teamFunnel = (await agent.get(`/api/teams/${t.teamA.id}/funnel?${q}`)).json();
        expect(teamFunnel.people.length > 0).toBe(teamPeople);
      }
      const kpis = await agent.get(`/api/kpis?by=person&ids=${t.ma.id}&metrics=deals_won&periods=2026-Q3`);
      expect(kpis.statusCode).toBe(dash);
    });
  }
});

/**
 * Targets and objectives (modules/targets): a person's target — the person, their leaders up the
 * tree, directors and admins read it (anyone else: not found); a team's target — everyone in the
 * organisation. Targets are set by the owner's leaders up the tree, directors and admins, never by
 * the person for themselves; the person acknowledges their own, the team's leader the team's.
 * Objectives: everyone reads, directors and admins write.
 */
describe('policy matrix: targets and objectives', () => {
  type Who = 'admin' | 'director' | 'La' | 'Lb' | 'Ma' | 'Ma2' | 'Mb' | 'viewer' | 'outsider';
  //   read: GET Ma's published target (and listed)   draft: GET Ma's draft
  //   team: GET Team A's published target            teamDraft: GET Team A's draft
  //   set: PATCH Ma's published target               setTeam: PATCH Team A's published target
  //   ack: acknowledge Ma's published                ackTeam: acknowledge Team A's published
  //   objective: PATCH the organisation's objective
  // biome-ignore format: a table reads best aligned
  const MATRIX: [Who, number, number, number, number, number, number, number, number, number][] = [
    //  actor      read  draft team  teamDraft set   setTeam ack   ackTeam objective
    ['admin',      200,  200,  200,  200,      200,  200,    403,  403,    200],
    ['director',   200,  200,  200,  200,      200,  200,    403,  403,    200],
    ['La',         200,  200,  200,  200,      200,  200,    403,  200,    403],
    ['Lb',         404,  404,  200,  404,      404,  403,    404,  403,    403],
    ['Ma',         200,  404,  200,  404,      403,  403,    200,  403,    403],
    ['Ma2',        404,  404,  200,  404,      404,  403,    404,  403,    403],
    ['Mb',         404,  404,  200,  404,      404,  403,    404,  403,    403],
    ['viewer',     404,  404,  200,  404,      404,  403,    404,  403,    403],
    ['outsider',   404,  404,  404,  404,      404,  404,    404,  404,    404],
  ];
  let t: Awaited<ReturnType<typeof createOrgWithTree>>;
  const agents = {} as Record<Who, Agent>;
  let objective: { id: string; version: number };
  let month = 0;

  /** A fresh target (Ma's or Team A's) for its own month, as the admin creates it. */
  const targetOf = async (owner: 'Ma' | 'TeamA', publish = false) => {
    month += 1;
    const period = `${2027 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}`;
    const res = await t.org.admin.post('/api/targets', {
      ...(owner === 'Ma' ? { personId: t.ma.id } : { teamId: t.teamA.id }),
      metricId: 'calls',
      title: `Make 100 calls in ${period}`,
      period,
      value: 100,
    });
    expect(res.statusCode, res.body).toBe(201);
    let target = res.json() as { id: string; version: number };
    if (publish) {
      const pub = await t.org.admin.post(`/api/targets/${target.id}/publish`, {
        version: target.version,
        overrideReason: 'Matrix',
      });
      expect(pub.statusCode, pub.body).toBe(200);
      target = pub.json();
    }
    return target;
  };

  beforeAll(async () => {
    t = await createOrgWithTree(server);
    agents.admin = t.org.admin;
    agents.outsider = (await createOrg(server, 'Outside targets')).admin;
    const people = {
      director: t.director,
      La: t.la,
      Lb: t.lb,
      Ma: t.ma,
      Ma2: t.ma2,
      Mb: t.mb,
      viewer: t.viewer,
    };
    for (const [who, person] of Object.entries(people)) agents[who as Who] = await person.login();
    const res = await t.org.admin.post('/api/objectives', {
      title: 'Grow in 2027',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    });
    objective = res.json();
  });

  for (const [who, read, draft, team, teamDraft, set, setTeam, ack, ackTeam, objectiveWrite] of MATRIX) {
    it(`${who}: read ${read} (draft ${draft}), team ${team} (draft ${teamDraft}), set ${set}/${setTeam}, acknowledge ${ack}/${ackTeam}, objective ${objectiveWrite}`, async () => {
      const agent = agents[who];
      const mine = await targetOf('Ma', true);
      const teams = await targetOf('TeamA', true);
      const got = await agent.get(`/api/targets/${mine.id}`);
      expect(got.statusCode).toBe(read);
      const listed = (await agent.get(`/api/targets?personId=${t.ma.id}`)).json().items ?? [];
      expect(listed.some((x: { id: string }) => x.id === mine.id)).toBe(read === 200);
      if (read === 200) {
        // The abilities sent to the UI agree with what the API does.
        expect(got.json().can).toMatchObject({ read: true, set: set === 200, acknowledge: ack === 200 });
      }
      expect((await agent.get(`/api/targets/${teams.id}`)).statusCode).toBe(team);
      // Drafts are the setter's work in progress: the owner does not see them yet.
      const myDraft = await targetOf('Ma');
      expect((await agent.get(`/api/targets/${myDraft.id}`)).statusCode).toBe(draft);
      const listedDrafts =
        (await agent.get(`/api/targets?personId=${t.ma.id}&status=draft`)).json().items ?? [];
      expect(listedDrafts.some((x: { id: string }) => x.id === myDraft.id)).toBe(draft === 200);
      const teamDraftTarget = await targetOf('TeamA');
      expect((await agent.get(`/api/targets/${teamDraftTarget.id}`)).statusCode).toBe(teamDraft);

      const url = `/api/targets/${mine.id}`;
      const change = { version: mine.version, value: 150, reason: `By ${who}` };
      expect((await agent.patch(url, change)).statusCode).toBe(set);
      expect((await t.org.admin.get(url)).json().value === 150).toBe(set === 200);
      const teamUrl = `/api/targets/${teams.id}`;
      expect((await agent.patch(teamUrl, { ...change, version: teams.version })).statusCode).toBe(setTeam);

      const published = await targetOf('Ma', true);
      const ackRes = await agent.post(`/api/targets/${published.id}/acknowledge`, {
        version: published.version,
      });
      expect(ackRes.statusCode).toBe(ack);
      expect((await t.org.admin.get(`/api/targets/${published.id}`)).json().status).toBe(
        ack === 200 ? 'acknowledged' : 'published',
      );
      const publishedTeam = await targetOf('TeamA', true);
      expect(
        (await agent.post(`/api/targets/${publishedTeam.id}/acknowledge`, { version: publishedTeam.version }))
          .statusCode,
      ).toBe(ackTeam);

      const current = (await t.org.admin.get(`/api/objectives/${objective.id}`)).json();
      const patched = await agent.patch(`/api/objectives/${objective.id}`, {
        version: current.version,
        title: `By ${who}`,
      });
      expect(patched.statusCode).toBe(objectiveWrite);
    });
  }
});
