import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createOrgWithTree } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';
import { importMaven, mavenAvailable, readMaven } from '../../../test/maven.ts';
import { queryRows } from '../../platform/db.ts';
import { compactKpiRollups } from './kpi.service.ts';

const server = useTestServer();

interface Stage {
  id: string;
  name: string;
  kind: string;
}

async function stagesOf(agent: Agent) {
  const pipelines = (await agent.get('/api/pipelines')).json();
  const p = (pipelines.items ?? pipelines).find((x: { isDefault: boolean }) => x.isDefault);
  const byName = Object.fromEntries(p.stages.map((s: Stage) => [s.name, s.id])) as Record<string, string>;
  return { pipelineId: p.id as string, stages: p.stages as Stage[], byName };
}

async function dealFor(
  agent: Agent,
  ownerId: string,
  stageId: string,
  d: {
    amount: number;
    createdOn: string;
    closedOn?: string;
    expectedCloseDate?: string;
    lostReason?: string;
  },
) {
  const res = await agent.post('/api/deals', { name: `Deal ${d.amount}`, ownerId, stageId, ...d });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function activity(agent: Agent, ownerId: string, type: string, occurredAt: string) {
  const res = await agent.post('/api/activities', {
    type,
    subject: `${type} at ${occurredAt}`,
    occurredAt,
    ownerId,
  });
  expect(res.statusCode, res.body).toBe(201);
}

/**
 * Team A: Mia (3 won 1,000 / 2,000 / 3,000, 1 lost, in 2026-Q3) and Mila (1 won 5,000); Max moves
 * from Team B to Team A on 15 August after winning 700, then wins 300.
 */
async function scenario() {
  const tree = await createOrgWithTree(server);
  const { org, ma, ma2, mb, teamA } = tree;
  const { byName } = await stagesOf(org.admin);
  const won = byName.Won as string;
  const lost = byName.Lost as string;
  // Cycle lengths from creation: 39, 70 and 101 days for Mia, 29 for Mila.
  await dealFor(org.admin, ma.id, won, { amount: 1000, createdOn: '2026-06-01', closedOn: '2026-07-10' });
  await dealFor(org.admin, ma.id, won, { amount: 2000, createdOn: '2026-06-01', closedOn: '2026-08-10' });
  await dealFor(org.admin, ma.id, won, { amount: 3000, createdOn: '2026-06-01', closedOn: '2026-09-10' });
  await dealFor(org.admin, ma.id, lost, {
    amount: 9000,
    createdOn: '2026-06-01',
    closedOn: '2026-08-01',
    lostReason: 'Price',
  });
  await dealFor(org.admin, ma2.id, won, { amount: 5000, createdOn: '2026-09-01', closedOn: '2026-09-30' });
  await dealFor(org.admin, mb.id, won, { amount: 700, createdOn: '2026-06-15', closedOn: '2026-07-05' });
  const move = await org.admin.post(`/api/teams/${teamA.id}/members`, { userId: mb.id, from: '2026-08-15' });
  expect(move.statusCode, move.body).toBeLessThan(300);
  await dealFor(org.admin, mb.id, won, { amount: 300, createdOn: '2026-08-20', closedOn: '2026-09-01' });
  // Open pipeline due in Q4: Mia 10,000 in Proposal.
  await dealFor(org.admin, ma.id, byName.Proposal as string, {
    amount: 10_000,
    createdOn: '2026-09-15',
    expectedCloseDate: '2026-11-30',
  });
  await activity(org.admin, ma.id, 'call', '2026-07-01T09:00:00Z');
  await activity(org.admin, ma.id, 'call', '2026-07-02T09:00:00Z');
  await activity(org.admin, ma.id, 'meeting', '2026-09-30T23:30:00Z');
  await activity(org.admin, ma.id, 'note', '2026-07-03T09:00:00Z');
  await activity(org.admin, ma2.id, 'email', '2026-10-01T00:10:00Z'); // Q4, not Q3
  return tree;
}

function byKey(rows: { subjectId: string; period: string; metric: string; value: number | null }[]) {
  return (id: string, period: string, metric: string) =>
    rows.find((r) => r.subjectId === id && r.period === period && r.metric === metric)?.value;
}

describe('KPIs for people and teams', () => {
  it('computes the DESIGN.md definitions on hand-checked numbers, teams over their members’ dated spans', async () => {
    const { org, ma, ma2, mb, teamA, teamB, office } = await scenario();
    const metrics =
      'revenue_won,deals_won,deals_lost,win_rate,avg_deal_size,sales_cycle_days,activities,calls,meetings';
    const people = await org.admin.get(
      `/api/kpis?by=person&ids=${ma.id},${ma2.id},${mb.id}&metrics=${metrics}&periods=2026-Q3,2026-07`,
    );
    expect(people.statusCode, people.body).toBe(200);
    const p = byKey(people.json().rows);
    // Mia, Q3: 3 won of 4 closed = 75%; 6,000 won; 2,000 average; cycles 39, 70, 101 → 70.
    expect(p(ma.id, '2026-Q3', 'revenue_won')).toBe(6000);
    expect(p(ma.id, '2026-Q3', 'win_rate')).toBe(0.75);
    expect(p(ma.id, '2026-Q3', 'avg_deal_size')).toBe(2000);
    expect(p(ma.id, '2026-Q3', 'sales_cycle_days')).toBe(70);
    expect(p(ma.id, '2026-Q3', 'deals_lost')).toBe(1);
    // Two calls and a meeting (at 23:30 UTC on 30 September, still Q3); notes are not activities.
    expect(p(ma.id, '2026-Q3', 'activities')).toBe(3);
    expect(p(ma.id, '2026-Q3', 'calls')).toBe(2);
    expect(p(ma.id, '2026-Q3', 'meetings')).toBe(1);
    // July alone: one deal won (1,000), nothing lost.
    expect(p(ma.id, '2026-07', 'revenue_won')).toBe(1000);
    expect(p(ma.id, '2026-07', 'win_rate')).toBe(1);
    // Mila closed nothing in July: no win rate (not 0%).
    expect(p(ma2.id, '2026-07', 'win_rate')).toBeNull();
    expect(p(ma2.id, '2026-Q3', 'activities')).toBe(0);

    const teams = await org.admin.get(
      `/api/kpis?by=team&ids=${teamA.id},${teamB.id},${office.id}&metrics=${metrics}&periods=2026-Q3`,
    );
    const t = byKey(teams.json().rows);
    // Team A: Mia 6,000 + Mila 5,000 + Max's 300 after he joined (not his 700 from Team B).
    expect(t(teamA.id, '2026-Q3', 'revenue_won')).toBe(11_300);
    expect(t(teamA.id, '2026-Q3', 'deals_won')).toBe(5);
    // 5 won of 6 closed.
    expect(t(teamA.id, '2026-Q3', 'win_rate')).toBeCloseTo(5 / 6, 12);
    // Cycles 39, 70, 101 (Mia), 29 (Mila), 12 (Max) → 12, 29, 39, 70, 101 → 39.
    expect(t(teamA.id, '2026-Q3', 'sales_cycle_days')).toBe(39);
    expect(t(teamB.id, '2026-Q3', 'revenue_won')).toBe(700);
    // The office holds both teams: everything once.
    expect(t(office.id, '2026-Q3', 'revenue_won')).toBe(12_000);
    expect(t(office.id, '2026-Q3', 'avg_deal_size')).toBe(2000);
  });

  it('keeps the roll-ups current on moves, edits and deletes, and equal to a rebuild from scratch', async () => {
    const { org, ma } = await scenario();
    const { byName } = await stagesOf(org.admin);
    const deal = await dealFor(org.admin, ma.id, byName.Proposal as string, {
      amount: 4000,
      createdOn: '2026-07-01',
      expectedCloseDate: '2026-08-31',
    });
    const revenue = async () =>
      (await org.admin.get(`/api/kpis?ids=${ma.id}&metrics=revenue_won,deals_won&periods=2026-Q3`)).json()
        .rows[0].value as number;
    expect(await revenue()).toBe(6000);
    const moved = await org.admin.post(`/api/deals/${deal.id}/move`, {
      version: deal.version,
      stageId: byName.Won,
      closedOn: '2026-09-15',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await revenue()).toBe(10_000);
    const edited = await org.admin.patch(`/api/deals/${deal.id}`, {
      version: moved.json().version,
      amount: 4500,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await revenue()).toBe(10_500);
    // There is no API to delete a deal (GDPR erasure anonymises); the database still may.
    const db = server.database.db;
    await db.execute(sql`delete from deals where org_id = ${org.orgId} and id = ${deal.id}`);
    expect(await revenue()).toBe(6000);

    // The kept roll-ups sum to exactly what rebuilding them from the CRM gives.
    const snapshot = async () =>
      queryRows<{ t: string; k: string; v: string }>(
        db,
        sql`select 'deal' as t, concat_ws('|', owner_id, grain, day, currency) as k,
              (sum(deals_created), sum(deals_won), sum(deals_lost), sum(revenue_won)::float8)::text as v
            from kpi_deal_days where org_id = ${org.orgId} group by 1, 2
              having (sum(deals_created), sum(deals_won), sum(deals_lost), sum(revenue_won)) <> (0, 0, 0, 0)
            union all
            select 'cycle', concat_ws('|', owner_id, grain, day, cycle_days), sum(deals)::text from kpi_cycle_days
            where org_id = ${org.orgId} group by 1, 2 having sum(deals) <> 0
            union all
            select 'activity', concat_ws('|', owner_id, grain, day, type), sum(activities)::text from kpi_activity_days
            where org_id = ${org.orgId} group by 1, 2 having sum(activities) <> 0
            union all
            select 'open', concat_ws('|', owner_id, stage_id, expected_close), (sum(deals), sum(amount)::float8)::text
            from kpi_open_deals where org_id = ${org.orgId} group by 1, 2 having sum(deals) <> 0
            order by 1, 2`,
      );
    const kept = await snapshot();
    const unsettled = async () =>
      (
        await queryRows<{ n: number }>(
          db,
          sql`select (select count(*) from kpi_deal_days where org_id = ${org.orgId} and not settled)
            + (select count(*) from kpi_activity_days where org_id = ${org.orgId} and not settled)
            + (select count(*) from kpi_cycle_days where org_id = ${org.orgId} and not settled)
            + (select count(*) from kpi_open_deals where org_id = ${org.orgId} and not settled) as n`,
        )
      )[0]!.n;
    expect(Number(await unsettled())).toBeGreaterThan(0);
    // Housekeeping merges the groups written to (one settled row each), leaving the sums as they were.
    await compactKpiRollups({ db, orgId: org.orgId });
    expect(Number(await unsettled())).toBe(0);
    expect(await snapshot()).toEqual(kept);
    const groups = await queryRows<{ n: number; rows: number }>(
      db,
      sql`select count(distinct (owner_id, grain, day, type))::int as n, count(*)::int as rows
          from kpi_activity_days where org_id = ${org.orgId}`,
    );
    expect(groups[0]!.rows).toBe(groups[0]!.n);
    await db.execute(sql`select kpi_rebuild()`);
    expect(await snapshot()).toEqual(kept);
    expect(Number(await unsettled())).toBe(0);
    expect(kept.length).toBeGreaterThan(5);
  });

  it('names the field of a bad period or metric', async () => {
    const { org, ma } = await createOrgWithTree(server);
    const bad = await org.admin.get(`/api/kpis?ids=${ma.id}&metrics=win_rate&periods=2026-Q5`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'periods.0' });
    expect(bad.json().error.message).toContain('Not a period: "2026-Q5"');
    // A date that is not on the calendar is refused by name, not turned into a server error.
    const asOf = await org.admin.get(`/api/people/${ma.id}/dashboard?period=2026-Q1&asOf=2026-02-30`);
    expect(asOf.statusCode).toBe(400);
    expect(asOf.json().error.fields[0]).toMatchObject({ path: 'querystring.asOf' });
    const metric = await org.admin.get(`/api/kpis?ids=${ma.id}&metrics=happiness&periods=2026-Q3`);
    expect(metric.statusCode).toBe(400);
    expect(JSON.stringify(metric.json().error.fields)).toContain('metrics');
  });
});

describe('dashboards', () => {
  it('shows a person their pace, projection and trend against their own baseline', async () => {
    const { ma } = await scenario();
    const mia = await ma.login();
    const res = await mia.get(`/api/people/${ma.id}/dashboard?period=2026-Q4&asOf=2026-11-13&trendPeriods=2`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.trend.map((x: { period: { label: string } }) => x.period.label)).toEqual([
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    // Baseline: median of Q2 (0) and Q3 (6,000) = 3,000. Q4 has 66 working days (1 Oct–31 Dec);
    // to 13 November 32 have passed: pace = 3,000 × 32 / 66.
    expect(d.calendar).toMatchObject({ workingDaysTotal: 66, workingDaysElapsed: 32 });
    expect(d.pace.goal).toBe(3000);
    expect(d.pace.goalSource).toBe('baseline');
    expect(d.pace.expectedByToday).toBeCloseTo((3000 * 32) / 66, 9);
    // Nothing won yet in Q4; 10,000 in Proposal (the default pipeline's probability) is due in it.
    expect(d.pace.actual).toBe(0);
    expect(d.values.pipeline_due).toBe(10_000);
    expect(d.pace.projection).toBe(d.values.weighted_pipeline_due);
    expect(d.metrics.find((m: { id: string }) => m.id === 'calls')).toMatchObject({
      timing: 'leading',
      nature: 'activity',
    });
    expect(d.metrics.find((m: { id: string }) => m.id === 'revenue_won')).toMatchObject({
      timing: 'lagging',
      nature: 'outcome',
    });
  });

  it('lets members see their own dashboard and team totals, and leaders their team tree', async () => {
    const { org, ma, ma2, mb, teamA, teamB, la, office } = await scenario();
    const mia = await ma.login();
    const lea = await la.login();
    const q = 'period=2026-Q3&asOf=2026-09-30';
    expect((await mia.get(`/api/people/${ma.id}/dashboard?${q}`)).statusCode).toBe(200);
    expect((await mia.get(`/api/people/${ma2.id}/dashboard?${q}`)).statusCode).toBe(403);
    const teamForMia = (await mia.get(`/api/teams/${teamA.id}/dashboard?${q}`)).json();
    expect(teamForMia.canSeePeople).toBe(false);
    expect(teamForMia.people).toEqual([]);
    expect(teamForMia.values.revenue_won).toBe(11_300);
    // Lea leads Team A: she sees its people, not Team B's.
    const teamForLea = (await lea.get(`/api/teams/${teamA.id}/dashboard?${q}`)).json();
    expect(teamForLea.canSeePeople).toBe(true);
    expect(teamForLea.people.map((p: { name: string }) => p.name).sort()).toEqual([
      'Max Member',
      'Mia Member',
      'Mila Member',
    ]);
    expect((await lea.get(`/api/teams/${teamB.id}/dashboard?${q}`)).json().canSeePeople).toBe(false);
    expect((await lea.get(`/api/people/${ma2.id}/dashboard?${q}`)).statusCode).toBe(200);
    // Max is in Team A now, so Lea leads him; Team B's leader no longer does.
    expect((await lea.get(`/api/people/${mb.id}/dashboard?${q}`)).statusCode).toBe(200);
    const office_ = (await org.admin.get(`/api/teams/${office.id}/dashboard?${q}`)).json();
    expect(office_.canSeePeople).toBe(true);
    // Another organisation's team is not found.
    const other = await createOrgWithTree(server);
    expect((await other.org.admin.get(`/api/teams/${teamA.id}/dashboard?${q}`)).statusCode).toBe(404);
    expect((await other.org.admin.get(`/api/people/${ma.id}/dashboard?${q}`)).statusCode).toBe(404);
  });
});

describe('funnel diagnostics', () => {
  it('compares each step with the team and names the weakest with its coaching focus', async () => {
    const { org, ma, ma2, la, teamA } = await createOrgWithTree(server);
    const { byName } = await stagesOf(org.admin);
    const today = new Date().toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    // Five deals each enter Prospecting today; two of Mia's and all five of Mila's move on to
    // Qualification, and one of Mila's is won from there.
    const open = async (ownerId: string) =>
      dealFor(org.admin, ownerId, byName.Prospecting as string, { amount: 1000, createdOn: today });
    const move = async (deal: { id: string; version: number }, stage: string) => {
      const res = await org.admin.post(`/api/deals/${deal.id}/move`, {
        version: deal.version,
        stageId: byName[stage],
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    for (let i = 0; i < 5; i++) {
      const d = await open(ma.id);
      if (i < 2) await move(d, 'Qualification');
    }
    for (let i = 0; i < 5; i++) {
      const d = await open(ma2.id);
      const q = await move(d, 'Qualification');
      if (i === 0) await move(q, 'Won');
    }
    const lea = await la.login();
    const res = await lea.get(`/api/people/${ma.id}/funnel?period=${month}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    const step = f.people[0].steps[0];
    // Mia: 2 of 5 = 40%; the team (Mia and Mila): 7 of 10 = 70%; a gap of −30 points.
    expect(step).toMatchObject({ fromName: 'Prospecting', toName: 'Qualification', entered: 5, advanced: 2 });
    expect(step.conversion).toBe(0.4);
    expect(step.benchmarkConversion).toBe(0.7);
    expect(step.gap).toBeCloseTo(-0.3, 12);
    expect(f.people[0].weakest).toMatchObject({ fromName: 'Prospecting', toName: 'Qualification' });
    expect(f.people[0].weakest.focus).toBe(f.coachingFocus.Prospecting);
    // Mila's won deal reached Qualification → Proposal "or beyond": the team's Qualification step is 1 of 7.
    const team = (await lea.get(`/api/teams/${teamA.id}/funnel?period=${month}`)).json();
    const qualification = team.benchmark.find((s: { fromName: string }) => s.fromName === 'Qualification');
    expect(qualification).toMatchObject({ entered: 7, advanced: 1 });

    // An administrator sets the coaching focus for a stage; the diagnosis suggests it.
    const orgNow = (await org.admin.get('/api/organisation')).json();
    const set = await org.admin.patch('/api/organisation', {
      version: orgNow.version,
      settings: { coachingFocus: { prospecting: 'Discovery questions (role-play)' } },
    });
    expect(set.statusCode, set.body).toBe(200);
    const again = (await lea.get(`/api/people/${ma.id}/funnel?period=${month}`)).json();
    expect(again.people[0].weakest.focus).toBe('Discovery questions (role-play)');
  });
});

describe.skipIf(!mavenAvailable)('the Maven CRM dataset through the importer', () => {
  it('gives exactly the figures computed from the CSV per agent, manager, office and quarter', async () => {
    const { createOrg } = await import('../../../test/factories.ts');
    const org = await createOrg(server, 'Maven KPIs');
    await importMaven(org);

    // By hand from the CSV: won/lost by close date, close − engage days, close_value.
    const csv = (name: string) => {
      const [head, ...lines] = readMaven(name).toString('utf8').trim().split(/\r?\n/);
      const cols = (head as string).split(',');
      return lines.map(
        (l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>,
      );
    };
    const deals = csv('sales_pipeline.csv').filter((d) => d.close_date);
    const teamOf = Object.fromEntries(csv('sales_teams.csv').map((t) => [t.sales_agent, t]));
    const quarter = (date: string) =>
      `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const expected = (keep: (d: Record<string, string>) => boolean) => {
      const sel = deals.filter(keep);
      const won = sel.filter((d) => d.deal_stage === 'Won');
      const lost = sel.filter((d) => d.deal_stage === 'Lost').length;
      const revenue = won.reduce((s, d) => s + Number(d.close_value), 0);
      const cycles = won
        .map((d) => days(d.engage_date as string, d.close_date as string))
        .sort((a, b) => a - b);
      const mid = cycles.length / 2;
      return {
        deals_won: won.length,
        win_rate: won.length + lost ? won.length / (won.length + lost) : null,
        revenue_won: revenue,
        avg_deal_size: won.length ? revenue / won.length : null,
        sales_cycle_days: cycles.length
          ? cycles.length % 2
            ? (cycles[Math.floor(mid)] as number)
            : ((cycles[mid - 1] as number) + (cycles[mid] as number)) / 2
          : null,
      };
    };
    const quarters = ['2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'];
    const metrics = 'deals_won,win_rate,revenue_won,avg_deal_size,sales_cycle_days';
    const check = (
      rows: { subjectName: string; period: string; metric: string; value: number | null }[],
      keepFor: (name: string, q: string) => (d: Record<string, string>) => boolean,
    ) => {
      let compared = 0;
      for (const r of rows) {
        const want = expected(keepFor(r.subjectName, r.period))[r.metric as 'win_rate'];
        if (want === null) expect(r.value, `${r.subjectName} ${r.period} ${r.metric}`).toBeNull();
        else expect(r.value, `${r.subjectName} ${r.period} ${r.metric}`).toBeCloseTo(want, 9);
        compared++;
      }
      return compared;
    };

    const users = (await org.admin.get('/api/users?limit=200')).json().items as {
      id: string;
      name: string;
    }[];
    const agents = users.filter((u) => teamOf[u.name]);
    const byAgent = await org.admin.get(
      `/api/kpis?by=person&ids=${agents.map((a) => a.id).join(',')}&metrics=${metrics}&periods=${quarters.join(',')}`,
    );
    expect(byAgent.statusCode, byAgent.body).toBe(200);
    const n1 = check(
      byAgent.json().rows,
      (name, q) => (d) => d.sales_agent === name && quarter(d.close_date as string) === q,
    );
    expect(n1).toBe(agents.length * 4 * 5);

    const teams = (await org.admin.get('/api/teams?limit=100')).json().items as {
      id: string;
      name: string;
      type: string;
      leaderName: string | null;
    }[];
    const byTeam = await org.admin.get(
      `/api/kpis?by=team&ids=${teams.map((t) => t.id).join(',')}&metrics=${metrics}&periods=${quarters.join(',')}`,
    );
    const leaderOf = Object.fromEntries(teams.map((t) => [t.name, t]));
    const n2 = check(byTeam.json().rows, (name, q) => {
      const team = leaderOf[name]!;
      return team.type === 'office'
        ? (d) =>
            teamOf[d.sales_agent as string]?.regional_office === name && quarter(d.close_date as string) === q
        : (d) =>
            teamOf[d.sales_agent as string]?.manager === team.leaderName &&
            quarter(d.close_date as string) === q;
    });
    expect(n2).toBe(9 * 4 * 5);

    // A few figures worked out separately (python over the CSV) as an anchor for the rest.
    const year = await org.admin.get(
      `/api/kpis?by=team&ids=${teams
        .filter((t) => t.type === 'office')
        .map((t) => t.id)
        .join(',')}&metrics=deals_won,revenue_won,win_rate,sales_cycle_days&periods=2017`,
    );
    const sum = (metric: string) =>
      year
        .json()
        .rows.filter((r: { metric: string }) => r.metric === metric)
        .reduce((s: number, r: { value: number }) => s + r.value, 0);
    expect(sum('deals_won')).toBe(4238);
    expect(sum('revenue_won')).toBe(10_005_534);
    const darcel = users.find((u) => u.name === 'Darcel Schlecht')!;
    const q3 = byKey(byAgent.json().rows);
    expect(q3(darcel.id, '2017-Q3', 'deals_won')).toBe(115);
    expect(q3(darcel.id, '2017-Q3', 'revenue_won')).toBe(373_218);
    expect(q3(darcel.id, '2017-Q3', 'win_rate')).toBeCloseTo(115 / 181, 12);
    expect(q3(darcel.id, '2017-Q3', 'sales_cycle_days')).toBe(41);
    const central = teams.find((t) => t.name === 'Central')!;
    const t = byKey(byTeam.json().rows);
    expect(t(central.id, '2017-Q2', 'revenue_won')).toBe(957_321);
    expect(t(central.id, '2017-Q2', 'sales_cycle_days')).toBe(56);
    const marxen = teams.find((x) => x.leaderName === 'Melvin Marxen')!;
    expect(t(marxen.id, '2017-Q4', 'deals_won')).toBe(243);
    expect(t(marxen.id, '2017-Q4', 'revenue_won')).toBe(670_788);
    expect(t(marxen.id, '2017-Q4', 'sales_cycle_days')).toBe(48);
  }, 240_000);
});
