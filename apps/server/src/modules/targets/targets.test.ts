import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, createTeamFor } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

async function stages(agent: Agent) {
  const pipelines = (await agent.get('/api/pipelines')).json();
  const p = pipelines.find((x: { isDefault: boolean }) => x.isDefault);
  const stage = (kind: string) => p.stages.find((s: { kind: string }) => s.kind === kind).id as string;
  return { won: stage('won'), lost: stage('lost') };
}

async function won(
  agent: Agent,
  stageId: string,
  ownerId: string,
  amount: number,
  createdOn: string,
  closedOn: string,
) {
  const res = await agent.post('/api/deals', {
    name: `Won ${amount} ${closedOn}`,
    ownerId,
    stageId,
    amount,
    createdOn,
    closedOn,
  });
  expect(res.statusCode, res.body).toBe(201);
}

/**
 * Team Sales (leader Lea), by hand:
 *   Ann: full time since 2024; won 60,000 in each quarter of 2026 → 240,000 over 2026-Q1..Q4.
 *   Ben: half time since 2024; won 20,000 in each quarter of 2026 → 80,000.
 *   Cara: full time, starts 2026-12-01: no history; in 2027-Q1 she is in months 2–3 (ramp 0.5).
 * The team won 80,000 a quarter; a 2027-Q1 target of 96,000 is 1.2 × its best (Achievable ≤ 1.25).
 * Capacity shares in 2027-Q1 (64 working days, no leave): Ann 1, Ben 0.5, Cara 0.5 (ramp) → 2.
 *   history:  Ann 240/320 = 0.75 → 72,000; Ben 0.25 → 24,000; Cara 0 → 0
 *   capacity: Ann 1/2 = 0.5 → 48,000; Ben 0.25 → 24,000; Cara 0.25 → 24,000
 *   blend ½–½: Ann 0.625 → 60,000; Ben 0.25 → 24,000; Cara 0.125 → 12,000 (sum 96,000)
 */
async function scenario() {
  const org = await createOrg(server);
  const admin = org.admin;
  const lea = await createPerson(org, { role: 'leader', name: 'Lea Leader' });
  const team = await createTeamFor(org, { name: 'Sales', leaderId: lea.id });
  const other = await createTeamFor(org, { name: 'Elsewhere' });
  const ann = await createPerson(org, { name: 'Ann Able', teamId: team.id });
  const ben = await createPerson(org, { name: 'Ben Busy', teamId: team.id, fte: 0.5 });
  const cara = await createPerson(org, { name: 'Cara New', teamId: team.id, startDate: '2026-12-01' });
  const olga = await createPerson(org, { name: 'Olga Other', teamId: other.id });
  const s = await stages(admin);
  for (const [q, m] of [
    [1, '02'],
    [2, '05'],
    [3, '08'],
    [4, '10'],
  ] as const) {
    await won(admin, s.won, ann.id, 60000, `2026-${m}-01`, `2026-${m}-10`);
    await won(admin, s.won, ben.id, 20000, `2026-${m}-01`, `2026-${m}-12`);
    expect(q).toBeGreaterThan(0);
  }
  const director = await createPerson(org, { role: 'director', name: 'Dora Director' });
  const objective = (
    await (
      await director.login()
    ).post('/api/objectives', {
      title: 'Grow new business in 2027',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    })
  ).json();
  return {
    org,
    admin,
    lea: await lea.login(),
    leaId: lea.id,
    team,
    other,
    ann,
    ben,
    cara,
    olga,
    objective,
    s,
  };
}

const letter = (smart: { letters: { letter: string; pass: boolean; reason: string }[] }, l: string) =>
  smart.letters.find((x) => x.letter === l)!;

describe('objectives', () => {
  it('directors and admins write them, everyone reads them; bad dates name the field', async () => {
    const t = await scenario();
    expect(t.objective.id).toBeTruthy();
    const ann = await t.ann.login();
    expect((await ann.get('/api/objectives')).json().items.map((o: { title: string }) => o.title)).toEqual([
      'Grow new business in 2027',
    ]);
    const denied = await t.lea.post('/api/objectives', {
      title: 'x',
      startDate: '2027-01-01',
      endDate: '2027-02-01',
    });
    expect(denied.statusCode).toBe(403);
    const bad = await t.admin.post('/api/objectives', {
      title: 'x',
      startDate: '2027-02-01',
      endDate: '2027-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('body.endDate');
    const stale = await t.admin.patch(`/api/objectives/${t.objective.id}`, { version: 99, title: 'New' });
    expect(stale.statusCode).toBe(409);
  });
});

describe('SMART check', () => {
  it('fails a vague team target without an objective, and one far above the team’s best, with the figures', async () => {
    const t = await scenario();
    const vague = await t.lea.post('/api/targets/smart-check', {
      teamId: t.team.id,
      metricId: 'revenue_won',
      title: 'Sell more',
      period: '2027-Q1',
      value: 96000,
    });
    expect(vague.statusCode, vague.body).toBe(200);
    const v = vague.json();
    expect(v.pass).toBe(false);
    expect(v.failing).toEqual(expect.arrayContaining(['S', 'R']));
    expect(letter(v, 'S').reason).toContain('"more"');
    expect(letter(v, 'A').pass).toBe(true);
    expect(v.history.map((h: { value: number }) => h.value)).toEqual([80000, 80000, 80000, 80000]);

    const wild = (
      await t.lea.post('/api/targets/smart-check', {
        teamId: t.team.id,
        metricId: 'revenue_won',
        title: 'Win 300,000 of new revenue in 2027-Q1',
        period: '2027-Q1',
        value: 300000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(wild.failing).toEqual(['A']);
    // The best quarter, 80,000, scaled by the team's growth (see below): 105,140.
    expect(letter(wild, 'A').reason).toMatch(/105,140/);
    expect(letter(wild, 'A').reason).toMatch(/full-time equivalents/);

    const good = (
      await t.lea.post('/api/targets/smart-check', {
        teamId: t.team.id,
        metricId: 'revenue_won',
        title: 'Win 96,000 of new revenue in 2027-Q1',
        period: '2027-Q1',
        value: 96000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(good.pass).toBe(true);

    // The team has grown: Cara joins on 2026-12-01 and is at half capacity (ramp) in 2027-Q1.
    // Full-time equivalents: 1.5 in 2026-Q1..Q3, 1.5 + Cara's December at ramp 0.25 (23 of 66
    // working days × 0.25 = 0.087) in Q4, so 1.522 on average; 2.0 in 2027-Q1 → history × 1.3143:
    // best 80,000 → 105,140, and 125% of that is 131,425.
    const grown = async (value: number) =>
      (
        await t.lea.post('/api/targets/smart-check', {
          teamId: t.team.id,
          metricId: 'revenue_won',
          title: `Win ${value} of new revenue in 2027-Q1`,
          period: '2027-Q1',
          value,
          objectiveId: t.objective.id,
        })
      ).json();
    const within = await grown(125000);
    expect(letter(within, 'A').pass).toBe(true);
    expect(within.capacity).toBeCloseTo(2 / ((1.5 * 3 + 1.5 + (23 * 0.25) / 66) / 4), 6);
    expect(within.capacityNote).toContain('2 full-time equivalents this period against 1.5');
    expect(letter(await grown(135000), 'A').pass).toBe(false);
    expect(good.letters.map((l: { letter: string }) => l.letter)).toEqual(['S', 'M', 'A', 'R', 'T']);
  });

  it('a person’s history is judged at their capacity: a new starter has none, leave lowers the bar', async () => {
    const t = await scenario();
    const cara = (
      await t.lea.post('/api/targets/smart-check', {
        personId: t.cara.id,
        metricId: 'revenue_won',
        title: 'Win 12,000 in 2027-Q1',
        period: '2027-Q1',
        value: 12000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(letter(cara, 'A').pass).toBe(true);
    // She started on 2026-12-01: only 2026-Q4 counts, with nothing won yet.
    expect(cara.history).toEqual([{ period: '2026-Q4', value: 0 }]);
    // Judged instead against her teammates: Ann 60,000 a quarter at full capacity, Ben 20,000 at
    // half → 40,000 per full capacity; median 50,000; at her ramp (0.5) that is 25,000.
    expect(letter(cara, 'A').reason).toContain('No history of their own');
    expect(letter(cara, 'A').reason).toContain('25,000');
    const tooMuch = (
      await t.lea.post('/api/targets/smart-check', {
        personId: t.cara.id,
        metricId: 'revenue_won',
        title: 'Win 40,000 in 2027-Q1',
        period: '2027-Q1',
        value: 40000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(letter(tooMuch, 'A').pass).toBe(false); // above 25,000 × 1.25
    // Ann takes half of 2027-Q1 off: 60,000 — her usual — is now far above what half a quarter gives.
    const leave = await t.admin.post(`/api/users/${t.ann.id}/leave`, {
      startDate: '2027-02-15',
      endDate: '2027-03-31',
    });
    expect(leave.statusCode, leave.body).toBe(201);
    const ann = (
      await t.lea.post('/api/targets/smart-check', {
        personId: t.ann.id,
        metricId: 'revenue_won',
        title: 'Win 60,000 in 2027-Q1',
        period: '2027-Q1',
        value: 60000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(letter(ann, 'A').pass).toBe(false);
    expect(ann.capacity).toBeLessThan(0.7);
    expect(ann.capacityNote).toContain('leave');
  });
});

describe('targets: create, publish, acknowledge, versions', () => {
  it('a failing target publishes only with an override reason, which is kept; the person acknowledges', async () => {
    const t = await scenario();
    const created = await t.lea.post('/api/targets', {
      personId: t.ann.id,
      metricId: 'revenue_won',
      title: 'Do better',
      period: '2027-Q1',
      value: 60000,
    });
    expect(created.statusCode, created.body).toBe(201);
    const target = created.json();
    expect(target.status).toBe('draft');
    expect(target.smart.failing).toEqual(['S', 'R']);

    const refused = await t.lea.post(`/api/targets/${target.id}/publish`, { version: target.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('body.overrideReason');
    expect(refused.json().error.fields[0].message).toContain('Specific');

    const published = await t.lea.post(`/api/targets/${target.id}/publish`, {
      version: target.version,
      overrideReason: 'Agreed wording with Ann in our one-to-one',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({
      status: 'published',
      smartOverride: 'Agreed wording with Ann in our one-to-one',
    });

    // Not hers to acknowledge for someone else; she sees it and acknowledges it.
    const ben = await t.ben.login();
    expect((await ben.get(`/api/targets/${target.id}`)).statusCode).toBe(404);
    const ann = await t.ann.login();
    const mine = (await ann.get(`/api/targets?personId=${t.ann.id}`)).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toEqual([target.id]);
    expect(mine[0].can).toMatchObject({ acknowledge: true, set: false });
    const ack = await ann.post(`/api/targets/${target.id}/acknowledge`, {
      version: published.json().version,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedByName: 'Ann Able' });

    // A change after publishing needs a reason, sends it back to her, and is a new version.
    const noReason = await t.lea.patch(`/api/targets/${target.id}`, {
      version: ack.json().version,
      value: 55000,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('body.reason');
    const changed = await t.lea.patch(`/api/targets/${target.id}`, {
      version: ack.json().version,
      value: 55000,
      reason: 'Territory split with the new hire',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ value: 55000, status: 'published', acknowledgedAt: null });
    const stale = await t.lea.patch(`/api/targets/${target.id}`, {
      version: ack.json().version,
      value: 1,
      reason: 'x',
    });
    expect(stale.statusCode).toBe(409);

    const versions = (await ann.get(`/api/targets/${target.id}/versions`)).json().items;
    expect(versions.map((v: { change: string; value: number }) => [v.change, v.value])).toEqual([
      ['edited', 55000],
      ['acknowledged', 60000],
      ['published', 60000],
      ['created', 60000],
    ]);
    expect(versions[0]).toMatchObject({
      reason: 'Territory split with the new hire',
      changedByName: 'Lea Leader',
    });
  });

  it('nobody sets their own target; a leader cannot set targets outside their tree; one live target per owner, metric and period', async () => {
    const t = await scenario();
    const own = await t.lea.post('/api/targets', {
      personId: t.leaId,
      metricId: 'calls',
      title: 'Make 300 calls in 2027-Q1',
      period: '2027-Q1',
      value: 300,
    });
    expect(own.statusCode).toBe(403);
    const outside = await t.lea.post('/api/targets', {
      personId: t.olga.id,
      metricId: 'calls',
      title: 'Make 300 calls in 2027-Q1',
      period: '2027-Q1',
      value: 300,
    });
    expect(outside.statusCode).toBe(403);
    const body = {
      personId: t.ann.id,
      metricId: 'calls',
      title: 'Make 300 calls in 2027-Q1',
      period: '2027-Q1',
      value: 300,
    };
    expect((await t.lea.post('/api/targets', body)).statusCode).toBe(201);
    const twice = await t.lea.post('/api/targets', body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('already has a call volume target');
    const bad = await t.lea.post('/api/targets', { ...body, period: '2027-Q5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('body.period');
    const huge = await t.lea.post('/api/targets', { ...body, value: 1e20 });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.fields[0].path).toBe('body.value');
    const long = await t.lea.post('/api/targets', {
      ...body,
      period: undefined,
      startDate: '2027-01-01',
      endDate: '2099-12-31',
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields[0].path).toBe('body.endDate');
    const ratio = await t.lea.post('/api/targets', { ...body, metricId: 'win_rate', value: 30 });
    expect(ratio.statusCode).toBe(400);
    expect(ratio.json().error.fields[0].path).toBe('body.value');
  });

  it('progress: attainment, pace following the checkpoints, projection by run-rate', async () => {
    const t = await scenario();
    // Ann's 2026-Q3 result is 60,000 (won on 2026-08-10).
    const target = (
      await t.lea.post('/api/targets', {
        personId: t.ann.id,
        metricId: 'revenue_won',
        title: 'Win 80,000 in 2026-Q3',
        period: '2026-Q3',
        value: 80000,
        checkpoints: [{ date: '2026-07-31', value: 40000 }],
      })
    ).json();
    // 2026-07-31: July has 23 working days, all elapsed: pace is exactly the checkpoint, 40,000.
    const july = (await t.lea.get(`/api/targets/${target.id}?asOf=2026-07-31&projection=run_rate`)).json();
    expect(july.progress).toMatchObject({ actual: 0, expectedByToday: 40000, attainment: 0, rag: 'red' });
    // 2026-08-14: 33 of 66 working days; 10 of the 43 after July → 40,000 + 40,000 × 10/43.
    const aug = (await t.lea.get(`/api/targets/${target.id}?asOf=2026-08-14&projection=run_rate`)).json();
    expect(aug.progress.actual).toBe(60000);
    expect(aug.progress.expectedByToday).toBeCloseTo(40000 + (40000 * 10) / 43, 6);
    expect(aug.progress.projected).toBe(120000);
    expect(aug.progress.attainment).toBe(0.75);
    expect(aug.progress.rag).toBe('green');

    // Until it is published the dashboard paces against Ann's baseline; then against the target.
    const dashboard = () =>
      t.lea.get(`/api/people/${t.ann.id}/dashboard?period=2026-Q3&asOf=2026-08-14&projection=run_rate`);
    expect((await dashboard()).json().pace.goalSource).toBe('baseline');
    await t.lea.post(`/api/targets/${target.id}/publish`, {
      version: target.version,
      overrideReason: 'Example',
    });
    const paced = (await dashboard()).json().pace;
    expect(paced).toMatchObject({ goal: 80000, goalSource: 'target' });
    expect(paced.expectedByToday).toBeCloseTo(40000 + (40000 * 10) / 43, 6);
    const team = (await t.lea.get(`/api/teams/${t.team.id}/dashboard?period=2026-Q3&asOf=2026-08-14`)).json();
    const annLine = team.people.find((p: { name: string }) => p.name === 'Ann Able');
    expect(annLine.pace.goalSource).toBe('target');
    expect(team.pace.goalSource).toBe('baseline');
  });
});

describe('cascade', () => {
  it('splits a team target by blended history and capacity exactly, with rationale, and publishes', async () => {
    const t = await scenario();
    const team = (
      await t.lea.post('/api/targets', {
        teamId: t.team.id,
        metricId: 'revenue_won',
        title: 'Win 96,000 of new revenue in 2027-Q1',
        period: '2027-Q1',
        value: 96000,
        objectiveId: t.objective.id,
      })
    ).json();
    expect(team.smart.pass).toBe(true);
    const settings = { method: 'blend', weights: { equal: 0, history: 1, capacity: 1 }, lookback: 4 };
    const preview = await t.lea.post(`/api/targets/${team.id}/cascade/preview`, settings);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    const byName = Object.fromEntries(p.lines.map((l: { name: string }) => [l.name, l]));
    expect(p.allocated).toBe(96000);
    expect(p.lookback).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(byName['Ann Able']).toMatchObject({ value: 60000, historyTotal: 240000, capacity: 1 });
    expect(byName['Ben Busy']).toMatchObject({ value: 24000, historyTotal: 80000, capacity: 0.5 });
    expect(byName['Cara New']).toMatchObject({ value: 12000, historyTotal: 0, capacity: 0.5 });
    expect(byName['Cara New'].capacityNote).toContain('ramp 0.5');
    expect(byName['Ann Able'].rationale).toMatch(/60,000/);
    expect(p.lines.every((l: { smart: { pass: boolean } }) => l.smart.pass)).toBe(true);

    // The leader moves 1,000 from Ann to Cara; the values must still add up.
    const wrong = await t.lea.post(`/api/targets/${team.id}/cascade`, {
      ...settings,
      version: team.version,
      values: [
        { recipientId: t.ann.id, value: 59000 },
        { recipientId: t.ben.id, value: 24000 },
        { recipientId: t.cara.id, value: 12000 },
      ],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toMatchObject({ path: 'body.values' });
    expect(wrong.json().error.fields[0].message).toContain('add 1000');

    const applied = await t.lea.post(`/api/targets/${team.id}/cascade`, {
      ...settings,
      version: team.version,
      publish: true,
      values: [
        { recipientId: t.ann.id, value: 59000 },
        { recipientId: t.ben.id, value: 24000 },
        { recipientId: t.cara.id, value: 13000 },
      ],
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const r = applied.json();
    expect(r.target.status).toBe('published');
    const kids = Object.fromEntries(r.children.map((c: { ownerName: string }) => [c.ownerName, c]));
    expect(kids['Ann Able']).toMatchObject({ value: 59000, status: 'published', parentId: team.id });
    expect(kids['Ann Able'].allocation).toMatchObject({ value: 59000, editedFrom: 60000 });
    expect(kids['Cara New'].objectiveId).toBe(t.objective.id);

    // Cara sees why she got her number and acknowledges it.
    const cara = await t.cara.login();
    const mine = (await cara.get(`/api/targets/${kids['Cara New'].id}`)).json();
    expect(mine.allocation.rationale).toBeTruthy();
    expect(
      (await cara.post(`/api/targets/${mine.id}/acknowledge`, { version: mine.version })).statusCode,
    ).toBe(200);

    // Cascading again revises the same targets rather than adding new ones.
    const again = await t.lea.post(`/api/targets/${team.id}/cascade`, {
      method: 'equal',
      version: r.target.version,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(
      again
        .json()
        .children.map((c: { value: number }) => c.value)
        .sort(),
    ).toEqual([32000, 32000, 32000]);
    const all = (await t.lea.get(`/api/targets?parentId=${team.id}`)).json().items;
    expect(all).toHaveLength(3);
    // The team's people's targets in one list; the cascade's settings and look-back are kept.
    const people = (await t.lea.get(`/api/targets?memberOfTeamId=${t.team.id}&period=2027-Q1`)).json().items;
    expect(people.map((x: { ownerName: string }) => x.ownerName).sort()).toEqual([
      'Ann Able',
      'Ben Busy',
      'Cara New',
    ]);
    expect(people[0].allocation.lookback).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect((await t.lea.get(`/api/targets/${team.id}`)).json().cascade).toMatchObject({
      method: 'equal',
      lookback: 4,
    });
  });

  it('bounds that cannot be met are refused with the field; non-additive metrics cannot be split', async () => {
    const t = await scenario();
    const team = (
      await t.lea.post('/api/targets', {
        teamId: t.team.id,
        metricId: 'revenue_won',
        title: 'Win 96,000 of new revenue in 2027-Q1',
        period: '2027-Q1',
        value: 96000,
      })
    ).json();
    const res = await t.lea.post(`/api/targets/${team.id}/cascade/preview`, {
      method: 'equal',
      bounds: [
        { recipientId: t.ann.id, min: 50000 },
        { recipientId: t.ben.id, min: 50000 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('body.bounds');
    const rate = (
      await t.lea.post('/api/targets', {
        teamId: t.team.id,
        metricId: 'win_rate',
        title: 'Win 30% of deals closed in 2027-Q1',
        period: '2027-Q1',
        value: 0.3,
      })
    ).json();
    expect(
      (await t.lea.post(`/api/targets/${rate.id}/cascade/preview`, { method: 'equal' })).statusCode,
    ).toBe(409);
    // A member does not even see the team's draft; once published they see it but cannot cascade it.
    const member = await t.ann.login();
    const preview = () => member.post(`/api/targets/${team.id}/cascade/preview`, { method: 'equal' });
    expect((await preview()).statusCode).toBe(404);
    await t.lea.post(`/api/targets/${team.id}/publish`, { version: team.version, overrideReason: 'Example' });
    expect((await preview()).statusCode).toBe(403);
  });
});

describe('redistribution', () => {
  /**
   * 2026-Q3 team target 90,000, split equally: Ann 45,000, Ben 45,000. By 2026-08-14 (33 of 66
   * working days) Ann has won 60,000 (on 2026-08-10) and Ben 20,000 (2026-08-12), so by run-rate
   * Ann is heading for 120,000 (headroom 75,000) and Ben for 40,000 (shortfall 5,000). Half the
   * shortfall, 2,500, moves: Ben 42,500, Ann 47,500; total 90,000.
   */
  it('moves half the at-risk shortfall to the on-track person; the team total is unchanged; the person sees why', async () => {
    const t = await scenario();
    const team = (
      await t.lea.post('/api/targets', {
        teamId: t.team.id,
        metricId: 'revenue_won',
        title: 'Win 90,000 of new revenue in 2026-Q3',
        period: '2026-Q3',
        value: 90000,
      })
    ).json();
    const cascaded = (
      await t.lea.post(`/api/targets/${team.id}/cascade`, {
        method: 'equal',
        version: team.version,
        publish: true,
        overrideReason: 'Set after the fact for the redistribution example',
      })
    ).json();
    // Cara joined after the quarter: Ann and Ben share it.
    expect(cascaded.children.map((c: { value: number }) => c.value)).toEqual([45000, 45000]);

    const settings = { asOf: '2026-08-14', share: 0.5, projection: 'run_rate' };
    const proposal = await t.lea.post(`/api/targets/${team.id}/redistribution/preview`, settings);
    expect(proposal.statusCode, proposal.body).toBe(200);
    const p = proposal.json();
    const line = (name: string) => p.lines.find((l: { name: string }) => l.name === name);
    expect(line('Ben Busy')).toMatchObject({
      status: 'at_risk',
      actual: 20000,
      projected: 40000,
      shortfall: 5000,
      change: -2500,
      newTarget: 42500,
    });
    expect(line('Ann Able')).toMatchObject({
      status: 'on_track',
      projected: 120000,
      headroom: 75000,
      change: 2500,
      newTarget: 47500,
    });
    expect(p).toMatchObject({ requested: 2500, moved: 2500, teamTotal: 90000 });
    // With every increase capped at 2% of the person's target, Ann takes at most 900.
    const capped = (
      await t.lea.post(`/api/targets/${team.id}/redistribution/preview`, {
        ...settings,
        maxIncreaseShare: 0.02,
      })
    ).json();
    expect(capped).toMatchObject({ requested: 2500, moved: 900, teamTotal: 90000 });

    const noReason = await t.lea.post(`/api/targets/${team.id}/redistributions`, {
      ...settings,
      version: cascaded.target.version,
    });
    expect(noReason.statusCode).toBe(400);
    const changedTotal = await t.lea.post(`/api/targets/${team.id}/redistributions`, {
      ...settings,
      version: cascaded.target.version,
      reason: 'Ben lost his biggest account',
      changes: p.lines.map(
        (l: { targetId: string; targetVersion: number; newTarget: number; name: string }) => ({
          targetId: l.targetId,
          targetVersion: l.targetVersion,
          newTarget: l.name === 'Ann Able' ? l.newTarget + 100 : l.newTarget,
        }),
      ),
    });
    expect(changedTotal.statusCode).toBe(400);
    expect(changedTotal.json().error.fields[0].message).toContain('may not change');

    const applied = await t.lea.post(`/api/targets/${team.id}/redistributions`, {
      ...settings,
      version: cascaded.target.version,
      reason: 'Ben lost his biggest account',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const values = applied
      .json()
      .children.map((c: { ownerName: string; value: number }) => [c.ownerName, c.value]);
    expect(values).toEqual([
      ['Ann Able', 47500],
      ['Ben Busy', 42500],
    ]);
    expect(applied.json().children.reduce((a: number, c: { value: number }) => a + c.value, 0)).toBe(90000);

    const ben = await t.ben.login();
    const mine = (await ben.get(`/api/targets?personId=${t.ben.id}`)).json().items[0];
    expect(mine).toMatchObject({ value: 42500, status: 'published' });
    expect(mine.lastChange).toMatchObject({
      change: 'redistributed',
      reason: 'Ben lost his biggest account',
    });
    const history = (await ben.get(`/api/targets/${mine.id}/versions`)).json().items;
    expect(history.slice(0, 2).map((v: { value: number }) => v.value)).toEqual([42500, 45000]);
    expect(history[0].redistributionId).toBe(applied.json().redistribution.id);
    // The team's redistributions (everyone's figures) are for those who set the targets.
    expect((await ben.get(`/api/targets/${team.id}/redistributions`)).statusCode).toBe(403);
    expect((await t.lea.get(`/api/targets/${team.id}/redistributions`)).json().items).toHaveLength(1);
  });
});

describe('cascade down the team tree', () => {
  it('an office’s target goes to its teams, then each team’s leader cascades theirs to their people', async () => {
    const { createOrgWithTree } = await import('../../../test/factories.ts');
    const t = await createOrgWithTree(server);
    const director = await t.director.login();
    const office = (
      await director.post('/api/targets', {
        teamId: t.office.id,
        metricId: 'calls',
        title: 'Make 900 calls in 2027-Q1',
        period: '2027-Q1',
        value: 900,
      })
    ).json();
    // Capacity: Team A has two full-time people, Team B one → 600 / 300.
    const preview = (
      await director.post(`/api/targets/${office.id}/cascade/preview`, { method: 'capacity' })
    ).json();
    expect(
      preview.lines.map((l: { name: string; recipientKind: string; value: number }) => [
        l.name,
        l.recipientKind,
        l.value,
      ]),
    ).toEqual([
      ['Team A', 'team', 600],
      ['Team B', 'team', 300],
    ]);
    expect(preview.lines[0].capacityNote).toContain('2 people');
    const applied = await director.post(`/api/targets/${office.id}/cascade`, {
      method: 'capacity',
      version: office.version,
      publish: true,
      overrideReason: 'No objective yet for 2027',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const teamA = applied.json().children.find((c: { ownerName: string }) => c.ownerName === 'Team A');
    expect(teamA).toMatchObject({ ownerKind: 'team', value: 600, status: 'published' });

    // Team A's leader acknowledges the team's number and splits it between Mia and Mila.
    const lea = await t.la.login();
    const ack = await lea.post(`/api/targets/${teamA.id}/acknowledge`, { version: teamA.version });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(
      (await (await t.lb.login()).post(`/api/targets/${teamA.id}/cascade/preview`, { method: 'equal' }))
        .statusCode,
    ).toBe(403);
    const down = await lea.post(`/api/targets/${teamA.id}/cascade`, {
      method: 'equal',
      version: ack.json().version,
      publish: true,
      overrideReason: 'No objective yet for 2027',
    });
    expect(down.statusCode, down.body).toBe(200);
    expect(
      down.json().children.map((c: { ownerName: string; value: number }) => [c.ownerName, c.value]),
    ).toEqual([
      ['Mia Member', 300],
      ['Mila Member', 300],
    ]);
    // The team's acknowledged target was not changed by cascading it.
    expect(down.json().target).toMatchObject({ status: 'acknowledged', value: 600 });
  });
});
