import { periodContaining, previousPeriods } from '@pacesetter/core';
import { describe, expect, it } from 'vitest';
import {
  createOrg,
  createOrgWithTree,
  createPerson,
  createTeamFor,
  type TestOrg,
} from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';
import { todayIso } from '../users/users.service.ts';
import * as repo from './forecasts.repository.ts';

const server = useTestServer();

const quarter = periodContaining(todayIso(), 'quarter');
const nextQuarter = periodContaining(
  new Date(Date.parse(`${quarter.end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
  'quarter',
);

interface Stage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
}

async function stagesOf(agent: Agent): Promise<Record<string, string>> {
  const [pipeline] = (await agent.get('/api/pipelines')).json();
  return Object.fromEntries(pipeline.stages.map((s: Stage) => [s.name, s.id]));
}

async function deal(
  org: TestOrg,
  input: {
    ownerId: string;
    amount: number;
    stageId: string;
    expectedCloseDate?: string;
    closedOn?: string;
    forecastCategory?: string;
    currency?: string;
    lostReason?: string;
  },
) {
  const res = await org.admin.post('/api/deals', {
    name: `Deal ${input.amount}`,
    createdOn: input.closedOn ?? undefined,
    ...input,
  });
  expect(res.statusCode, res.body).toBe(201);
  const created = res.json() as { id: string; version: number; forecastCategory: string };
  if (input.forecastCategory && created.forecastCategory !== input.forecastCategory) {
    // A new deal cannot start omitted (the CRM makes it pipeline); its owner's call changes it after.
    const changed = await org.admin.patch(`/api/deals/${created.id}`, {
      version: created.version,
      forecastCategory: input.forecastCategory,
    });
    expect(changed.json().forecastCategory, changed.body).toBe(input.forecastCategory);
  }
  return created;
}

const empty = { deals: 0, amount: 0 };

/** The tenant-scope test's rule, applied to what this module runs (its tables are not in that list). */
function unscoped(query: string): boolean {
  const q = query.toLowerCase();
  const tables = [
    'forecast_submissions',
    'forecast_adjustments',
    'deals',
    'team_memberships',
    'teams',
    'users',
  ];
  if (!tables.some((t) => q.includes(`"${t}"`) || new RegExp(`\\b(from|join|into|update) ${t}\\b`).test(q)))
    return false;
  if (q.startsWith('insert')) return !q.includes('"org_id"');
  const whereParts = q.split(/\bwhere\b/).slice(1);
  if (whereParts.length === 0) return true;
  return whereParts.some(
    (part) => !part.split(/\b(order by|limit|union|returning)\b/)[0]!.includes('org_id'),
  );
}

describe('forecasts', () => {
  it('rolls two reps’ calls and a leader’s adjustment up the tree, down to the deals', async () => {
    const t = await createOrgWithTree(server);
    const { org } = t;
    const [ma, ma2, mb, la, lb, director, viewer] = await Promise.all([
      t.ma.login(),
      t.ma2.login(),
      t.mb.login(),
      t.la.login(),
      t.lb.login(),
      t.director.login(),
      t.viewer.login(),
    ]);
    const from = server.queries.length;
    const q = quarter.label;

    // Ma calls 50,000, then thinks again: 55,000 counts, the first stays as history.
    const first = await ma.post('/api/forecasts', { period: q, amount: 50_000, note: 'two big ones' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      personId: t.ma.id,
      period: { label: q, kind: 'quarter', start: quarter.start, end: quarter.end },
      currency: 'EUR',
      amount: 50_000,
      bestCase: null,
      note: 'two big ones',
    });
    const second = (await ma.post('/api/forecasts', { period: q, amount: 55_000, bestCase: 70_000 })).json();
    expect((await ma2.post('/api/forecasts', { period: q, amount: 30_000 })).statusCode).toBe(201);
    expect((await mb.post('/api/forecasts', { period: q, amount: 40_000 })).statusCode).toBe(201);

    // Lea (Team A) thinks Mila's call is high and says why.
    const adj = await la.post('/api/forecasts/adjustments', {
      period: q,
      personId: t.ma2.id,
      amount: 25_000,
      note: 'Northwind slips to next quarter',
    });
    expect(adj.statusCode, adj.body).toBe(201);
    expect(adj.json()).toMatchObject({
      period: q,
      personId: t.ma2.id,
      teamId: null,
      amount: 25_000,
      note: 'Northwind slips to next quarter',
      adjustedBy: { id: t.la.id, name: 'Lea Leader' },
    });

    // The deals behind Mia's figure, one per category, and some that are not behind it.
    const s = await stagesOf(org.admin);
    const inQ = quarter.start;
    await deal(org, { ownerId: t.ma.id, amount: 20_000, stageId: s.Won!, closedOn: inQ });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 30_000,
      stageId: s.Negotiation!,
      expectedCloseDate: inQ,
      forecastCategory: 'commit',
    });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 10_000,
      stageId: s.Proposal!,
      expectedCloseDate: quarter.end,
      forecastCategory: 'best_case',
    });
    await deal(org, { ownerId: t.ma.id, amount: 5_000, stageId: s.Prospecting!, expectedCloseDate: inQ });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 7_000,
      stageId: s.Qualification!,
      expectedCloseDate: inQ,
      forecastCategory: 'omitted',
    });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 1_000,
      stageId: s.Negotiation!,
      expectedCloseDate: inQ,
      forecastCategory: 'commit',
      currency: 'USD',
    });
    // Not behind this quarter: due next quarter, lost, and open without a close date.
    await deal(org, {
      ownerId: t.ma.id,
      amount: 99_999,
      stageId: s.Negotiation!,
      expectedCloseDate: nextQuarter.start,
      forecastCategory: 'commit',
    });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 88_888,
      stageId: s.Lost!,
      closedOn: inQ,
      lostReason: 'price',
    });
    await deal(org, {
      ownerId: t.ma.id,
      amount: 77_777,
      stageId: s.Negotiation!,
      forecastCategory: 'commit',
    });
    await deal(org, {
      ownerId: t.ma2.id,
      amount: 8_000,
      stageId: s.Prospecting!,
      expectedCloseDate: quarter.end,
    });

    // The director adjusts the office's total: it counts, with the difference shown.
    const officeAdj = await director.post('/api/forecasts/adjustments', {
      period: q,
      teamId: t.office.id,
      amount: 110_000,
      note: 'Holding back for the December freeze',
    });
    expect(officeAdj.statusCode, officeAdj.body).toBe(201);

    const res = await la.get(`/api/forecasts/teams/${t.office.id}?period=${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const rollUp = res.json();
    expect(rollUp.period).toEqual({ label: q, kind: 'quarter', start: quarter.start, end: quarter.end });
    expect(rollUp.teams.map((n: { name: string; depth: number }) => [n.name, n.depth])).toEqual([
      ['Office', 0],
      ['Team A', 1],
      ['Team B', 1],
    ]);
    const [office, teamA, teamB] = rollUp.teams;

    // Team A: Mia 55,000 (her latest) + Mila 25,000 (adjusted from 30,000) = 80,000.
    expect(teamA).toMatchObject({
      parentId: t.office.id,
      people: 2,
      withoutForecast: 0,
      submitted: 85_000,
      rolledUp: 80_000,
      effective: 80_000,
      adjusted: false,
      difference: null,
      canSeePeople: true,
      can: { adjust: true },
    });
    const [mia, mila] = teamA.members;
    expect(mia).toMatchObject({
      personId: t.ma.id,
      name: 'Mia Member',
      teamId: t.teamA.id,
      submitted: { id: second.id, amount: 55_000, bestCase: 70_000, note: null },
      adjusted: null,
      effective: 55_000,
      can: { adjust: true },
    });
    // 20,000 won; commit 30,000 at Negotiation (75 %), best case 10,000 at Proposal (50 %),
    // pipeline 5,000 at Prospecting (10 %), omitted 7,000 at Qualification (20 %); the USD deal aside.
    expect(mia.deals).toEqual({
      categories: {
        closed: { deals: 1, amount: 20_000 },
        commit: { deals: 1, amount: 30_000 },
        best_case: { deals: 1, amount: 10_000 },
        pipeline: { deals: 1, amount: 5_000 },
        omitted: { deals: 1, amount: 7_000 },
      },
      commit: 50_000,
      bestCase: 60_000,
      weightedOpen: 22_500 + 5_000 + 500 + 1_400,
      otherCurrencyDeals: 1,
    });
    expect(mila).toMatchObject({
      personId: t.ma2.id,
      submitted: { amount: 30_000 },
      adjusted: {
        amount: 25_000,
        note: 'Northwind slips to next quarter',
        adjustedBy: { name: 'Lea Leader' },
      },
      effective: 25_000,
      adjustedBeforeLatestSubmission: false,
    });
    expect(mila.deals.categories).toEqual({
      ...Object.fromEntries(['closed', 'commit', 'best_case', 'omitted'].map((c) => [c, empty])),
      pipeline: { deals: 1, amount: 8_000 },
    });
    expect(teamA.deals).toMatchObject({
      categories: { closed: { deals: 1, amount: 20_000 }, pipeline: { deals: 2, amount: 13_000 } },
      commit: 50_000,
      bestCase: 60_000,
      weightedOpen: 29_400 + 800,
    });

    // Lea leads Team A only: Team B's and the office's people are not hers to see or adjust.
    expect(teamB).toMatchObject({
      effective: 40_000,
      submitted: 40_000,
      canSeePeople: false,
      members: null,
      can: { adjust: false },
    });
    // Office: 80,000 + 40,000 = 120,000 rolled up; the director's 110,000 counts.
    expect(office).toMatchObject({
      parentId: null,
      subTeamIds: [t.teamA.id, t.teamB.id],
      people: 3,
      submitted: 125_000,
      rolledUp: 120_000,
      adjusted: true,
      adjustment: null,
      difference: -10_000,
      effective: 110_000,
      canSeePeople: false,
      members: null,
    });

    // The director sees every line and the office adjustment with its note.
    const byDirector = (await director.get(`/api/forecasts/teams/${t.office.id}?period=${q}`)).json();
    expect(byDirector.teams[0]).toMatchObject({
      canSeePeople: true,
      members: [],
      adjustment: {
        amount: 110_000,
        note: 'Holding back for the December freeze',
        adjustedBy: { name: 'Dora Director' },
      },
    });
    expect(
      byDirector.teams[2].members.map((m: { name: string; effective: number }) => [m.name, m.effective]),
    ).toEqual([['Max Member', 40_000]]);

    // A member and a viewer see the same totals, without per-person lines or the adjustment's note.
    for (const agent of [ma, viewer, lb]) {
      const seen = (await agent.get(`/api/forecasts/teams/${t.office.id}?period=${q}`)).json();
      expect(seen.teams.map((n: { effective: number }) => n.effective)).toEqual([110_000, 80_000, 40_000]);
      expect(seen.teams[0].adjustment).toBeNull();
      if (agent !== lb) expect(seen.teams.every((n: { members: unknown }) => n.members === null)).toBe(true);
    }

    // Every figure breaks down to its deals: Mia's commit, then all of hers page by page.
    const commit = (
      await la.get(`/api/forecasts/deals?period=${q}&personId=${t.ma.id}&category=commit`)
    ).json();
    expect(
      commit.items
        .map((d: { amount: number; currency: string; stageName: string }) => [
          d.amount,
          d.currency,
          d.stageName,
        ])
        .sort(),
    ).toEqual([
      [1_000, 'USD', 'Negotiation'],
      [30_000, 'EUR', 'Negotiation'],
    ]);
    const all: { amount: number; currency: string; category: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof all; nextCursor: string | null } = (
        await la.get(
          `/api/forecasts/deals?period=${q}&personId=${t.ma.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(6);
    for (const c of ['closed', 'commit', 'best_case', 'pipeline', 'omitted']) {
      const eur = all.filter((d) => d.category === c && d.currency === 'EUR');
      expect([c, eur.reduce((n, d) => n + d.amount, 0)]).toEqual([c, mia.deals.categories[c].amount]);
    }
    const team = (
      await la.get(`/api/forecasts/deals?period=${q}&teamId=${t.teamA.id}&category=pipeline`)
    ).json();
    expect(
      team.items.map((d: { ownerName: string; amount: number }) => [d.ownerName, d.amount]).sort(),
    ).toEqual([
      ['Mia Member', 5_000],
      ['Mila Member', 8_000],
    ]);

    // A person's own line; history of submissions, newest first.
    const mine = (await ma.get(`/api/forecasts/people/${t.ma.id}?period=${q}`)).json();
    expect(mine.forecast).toMatchObject({ effective: 55_000, can: { adjust: false } });
    const history = (await ma.get(`/api/forecasts/submissions?period=${q}`)).json();
    expect(history.items.map((h: { amount: number }) => h.amount)).toEqual([55_000, 50_000]);
    const milaAdjustments = (
      await la.get(`/api/forecasts/adjustments?personId=${t.ma2.id}&period=${q}`)
    ).json();
    expect(milaAdjustments.items.map((a: { amount: number }) => a.amount)).toEqual([25_000]);

    // A member may neither adjust nor see someone else's forecast; a leader not outside their tree.
    expect(
      (await ma.post('/api/forecasts/adjustments', { period: q, personId: t.ma2.id, amount: 1, note: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await ma.post('/api/forecasts/adjustments', { period: q, teamId: t.teamA.id, amount: 1, note: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await la.post('/api/forecasts/adjustments', { period: q, personId: t.mb.id, amount: 1, note: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await la.post('/api/forecasts/adjustments', { period: q, teamId: t.office.id, amount: 1, note: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await ma.get(`/api/forecasts/submissions?personId=${t.ma2.id}`)).statusCode).toBe(404);
    expect((await ma.get(`/api/forecasts/people/${t.ma2.id}?period=${q}`)).statusCode).toBe(404);
    expect((await ma.get(`/api/forecasts/deals?period=${q}&personId=${t.ma2.id}`)).statusCode).toBe(404);
    expect((await ma.get(`/api/forecasts/deals?period=${q}&teamId=${t.teamA.id}`)).statusCode).toBe(403);
    expect((await lb.get(`/api/forecasts/submissions?personId=${t.ma.id}`)).statusCode).toBe(404);
    expect((await la.get(`/api/forecasts/submissions?personId=${t.ma.id}`)).statusCode).toBe(200);
    expect((await viewer.post('/api/forecasts', { period: q, amount: 1 })).statusCode).toBe(403);

    // Another organisation's team and people are not found.
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/forecasts/teams/${t.teamA.id}?period=${q}`)).statusCode).toBe(404);
    expect(
      (
        await other.admin.post('/api/forecasts/adjustments', {
          period: q,
          teamId: t.teamA.id,
          amount: 1,
          note: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await other.admin.post('/api/forecasts/adjustments', {
          period: q,
          personId: t.ma.id,
          amount: 1,
          note: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await other.admin.get(`/api/forecasts/submissions?personId=${t.ma.id}`)).statusCode).toBe(404);

    // The audit log has both kinds of entry.
    const audit = (await org.admin.get('/api/audit?entityType=forecast_adjustment')).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'forecast.adjust',
      'forecast.adjust',
    ]);

    // Every statement this module ran on tenant data was scoped to the organisation.
    // (Sessions are found by the hash of their secret and logins by email, as tenant-scope.test.ts allows.)
    const global = [/where "users"\."email" = \$1/, /"sessions"\."token_hash" = \$1/];
    const ran = server.queries.slice(from);
    for (const table of ['forecast_submissions', 'forecast_adjustments', 'deals', 'team_memberships'])
      expect(ran.some((x) => x.includes(`"${table}"`))).toBe(true);
    const offenders = ran.filter((x) => unscoped(x) && !global.some((g) => g.test(x.toLowerCase())));
    expect([...new Set(offenders)]).toEqual([]);
  });

  it('refuses bad input, naming the field', async () => {
    const org = await createOrg(server);
    const team = await createTeamFor(org, { name: 'Sales' });
    const q = quarter.label;
    const fieldsOf = async (
      res: Promise<{ statusCode: number; json(): { error: { fields: { path: string }[] } } }>,
    ) => {
      const r = await res;
      expect(r.statusCode).toBe(400);
      return r.json().error.fields.map((f) => f.path);
    };
    expect(await fieldsOf(org.admin.post('/api/forecasts', { period: '2026-Q5', amount: 1 }))).toEqual([
      'body.period',
    ]);
    expect(await fieldsOf(org.admin.post('/api/forecasts', { period: q, amount: -1 }))).toEqual([
      'body.amount',
    ]);
    expect(await fieldsOf(org.admin.post('/api/forecasts', { period: q, amount: 10, bestCase: 5 }))).toEqual([
      'body.bestCase',
    ]);
    // A period that has ended is no longer forecast.
    expect(
      await fieldsOf(
        org.admin.post('/api/forecasts', { period: previousPeriods(quarter, 1)[0]!.label, amount: 1 }),
      ),
    ).toEqual(['body.period']);
    expect(await fieldsOf(org.admin.get(`/api/forecasts/teams/${team.id}?period=soon`))).toEqual([
      'query.period',
    ]);
    expect(
      await fieldsOf(org.admin.get(`/api/forecasts/deals?period=2026-13&personId=${org.adminId}`)),
    ).toEqual(['query.period']);
    expect(
      await fieldsOf(
        org.admin.post('/api/forecasts/adjustments', {
          period: q,
          personId: org.adminId,
          teamId: team.id,
          amount: 1,
          note: 'x',
        }),
      ),
    ).toEqual(['body.teamId']);
    expect(
      await fieldsOf(org.admin.post('/api/forecasts/adjustments', { period: q, amount: 1, note: 'x' })),
    ).toEqual(['body.personId']);
    expect(
      await fieldsOf(org.admin.post('/api/forecasts/adjustments', { period: q, teamId: team.id, amount: 1 })),
    ).toEqual(['body.note']);
    expect(
      await fieldsOf(
        org.admin.post('/api/forecasts/adjustments', {
          period: q,
          teamId: team.id,
          amount: 1,
          note: 'x'.repeat(2001),
        }),
      ),
    ).toEqual(['body.note']);
    expect(
      (
        await org.admin.post('/api/forecasts/adjustments', {
          period: q,
          teamId: team.id,
          amount: 1,
          note: 'ok',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('judges past calls against revenue won: accuracy, bias and tendency', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'leader', name: 'Lena Leader' });
    const team = await createTeamFor(org, { name: 'Sales', leaderId: leader.id });
    const rep = await createPerson(org, { name: 'Rita Rep', teamId: team.id });
    const peer = await createPerson(org, { name: 'Pete Peer', teamId: team.id });
    const s = await stagesOf(org.admin);
    const [q4, q1, q2, q3] = previousPeriods(quarter, 4) as [
      typeof quarter,
      typeof quarter,
      typeof quarter,
      typeof quarter,
    ];

    // Deals won through the API: their close dates put revenue in the quarters.
    await deal(org, { ownerId: rep.id, amount: 60_000, stageId: s.Won!, closedOn: q3.start });
    await deal(org, { ownerId: rep.id, amount: 40_000, stageId: s.Won!, closedOn: q3.end });
    await deal(org, { ownerId: rep.id, amount: 50_000, stageId: s.Won!, closedOn: q2.start });
    await deal(org, { ownerId: rep.id, amount: 30_000, stageId: s.Won!, closedOn: q4.end });
    await deal(org, { ownerId: rep.id, amount: 1_000, stageId: s.Won!, closedOn: quarter.start }); // this quarter: not judged yet

    // Past submissions cannot be made through the API (the period has ended), so they are written
    // as they would have been at the time.
    const submit = (period: typeof quarter, amount: number, at: string) =>
      repo.insertSubmission(server.database.db, {
        orgId: org.orgId,
        submitterId: rep.id,
        periodLabel: period.label,
        periodStart: period.start,
        periodEnd: period.end,
        currency: 'EUR',
        amount,
        submittedAt: new Date(at),
      });
    await submit(q3, 80_000, `${q3.start}T09:00:00Z`);
    await submit(q3, 90_000, `${q3.end}T23:59:00Z`); // the last call before the end counts
    await submit(q3, 100_000, `${quarter.start}T08:00:00Z`); // after the end: not a forecast
    await submit(q2, 40_000, `${q2.start}T09:00:00Z`);
    await submit(q1, 10_000, `${q1.start}T09:00:00Z`); // nothing won: no accuracy, no bias

    const res = await (await rep.login()).get('/api/forecasts/track-record?kind=quarter&periods=4');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'quarter', currency: 'EUR', team: null });
    const [record] = body.people;
    expect(record.personId).toBe(rep.id);
    expect(
      record.periods.map(
        (p: {
          period: { label: string };
          forecast: number | null;
          actual: number;
          accuracy: number | null;
          bias: number | null;
        }) => [p.period.label, p.forecast, p.actual, p.accuracy, p.bias],
      ),
    ).toEqual([
      [q4.label, null, 30_000, null, null],
      [q1.label, 10_000, 0, null, null],
      // 40,000 called, 50,000 won: 1 − 10,000 ÷ 50,000 = 0.8; (40,000 − 50,000) ÷ 50,000 = −0.2
      [q2.label, 40_000, 50_000, 0.8, -0.2],
      // 90,000 called, 100,000 won: accuracy 0.9, bias −0.1
      [q3.label, 90_000, 100_000, 0.9, -0.1],
    ]);
    expect(record.periods[3].submission.submittedAt).toBe(`${q3.end}T23:59:00.000Z`);
    expect(record.meanAccuracy).toBeCloseTo(0.85, 10);
    expect(record.meanBias).toBeCloseTo(-0.15, 10);
    expect(record.tendency).toBe('under');

    // The leader sees every member's record; a member sees neither the team's nor a peer's.
    const byLeader = (
      await (await leader.login()).get(`/api/forecasts/track-record?teamId=${team.id}&periods=2`)
    ).json();
    expect(byLeader.team).toEqual({ id: team.id, name: 'Sales' });
    expect(
      byLeader.people.map((p: { name: string; meanAccuracy: number | null }) => [p.name, p.meanAccuracy]),
    ).toEqual([
      ['Pete Peer', null],
      ['Rita Rep', expect.closeTo(0.85, 10)],
    ]);
    const peerAgent = await peer.login();
    expect((await peerAgent.get(`/api/forecasts/track-record?teamId=${team.id}`)).statusCode).toBe(403);
    expect((await peerAgent.get(`/api/forecasts/track-record?personId=${rep.id}`)).statusCode).toBe(404);
  });
});
