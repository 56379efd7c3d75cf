/**
 * Targets on real data: the Maven CRM sample imported through the importer, a manager's team given a
 * 2017-Q4 revenue target, cascaded by historical share and redistributed mid-quarter — every figure
 * checked against what the CSV itself says.
 */
import { describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';
import { importMaven, mavenAvailable, readMaven } from '../../../test/maven.ts';

const server = useTestServer();

function csv(name: string) {
  const [head, ...lines] = readMaven(name).toString('utf8').trim().split(/\r?\n/);
  const cols = (head as string).split(',');
  return lines.map(
    (l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>,
  );
}

function workingDays(from: string, to: string) {
  let n = 0;
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

describe.skipIf(!mavenAvailable)('targets on the Maven CRM dataset', () => {
  it('cascades a manager’s 2017-Q4 target by the agents’ own 2017 results and redistributes it mid-quarter', async () => {
    const org = await createOrg(server, 'Maven targets');
    await importMaven(org);
    const deals = csv('sales_pipeline.csv').filter((d) => d.deal_stage === 'Won');
    const teamOf = Object.fromEntries(csv('sales_teams.csv').map((t) => [t.sales_agent, t.manager]));
    const revenue = (agent: string, from: string, to: string) =>
      deals
        .filter(
          (d) =>
            d.sales_agent === agent && (d.close_date as string) >= from && (d.close_date as string) <= to,
        )
        .reduce((s, d) => s + Number(d.close_value), 0);

    const teams = (await org.admin.get('/api/teams?limit=100')).json().items as {
      id: string;
      leaderName: string | null;
    }[];
    const marxen = teams.find((t) => t.leaderName === 'Melvin Marxen')!;
    const agents = Object.keys(teamOf).filter((a) => teamOf[a] === 'Melvin Marxen');
    const total = 700_000;
    const created = await org.admin.post('/api/targets', {
      teamId: marxen.id,
      metricId: 'revenue_won',
      title: 'Win 700,000 of revenue in 2017-Q4',
      period: '2017-Q4',
      value: total,
    });
    expect(created.statusCode, created.body).toBe(201);
    const target = created.json();

    // Historical share over 2017-Q1..Q3, from the CSV.
    const preview = await org.admin.post(`/api/targets/${target.id}/cascade/preview`, {
      method: 'history',
      lookback: 3,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.lookback).toEqual(['2017-Q1', '2017-Q2', '2017-Q3']);
    expect(p.lines.map((l: { name: string }) => l.name).sort()).toEqual([...agents].sort());
    const history = Object.fromEntries(agents.map((a) => [a, revenue(a, '2017-01-01', '2017-09-30')]));
    const teamHistory = Object.values(history).reduce((a, b) => a + b, 0);
    expect(teamHistory).toBeGreaterThan(0);
    for (const l of p.lines as { name: string; historyTotal: number; value: number }[]) {
      expect(l.historyTotal, l.name).toBe(history[l.name]);
      expect(Math.abs(l.value - (total * (history[l.name] as number)) / teamHistory), l.name).toBeLessThan(1);
    }
    expect(p.lines.reduce((s: number, l: { value: number }) => s + l.value, 0)).toBe(total);

    const applied = await org.admin.post(`/api/targets/${target.id}/cascade`, {
      method: 'history',
      lookback: 3,
      version: target.version,
      publish: true,
      overrideReason: 'Set in hindsight, to test on real data',
    });
    expect(applied.statusCode, applied.body).toBe(200);

    // On 2017-11-15, by run-rate: each agent's actual and projection from the CSV.
    const elapsed = workingDays('2017-10-01', '2017-11-15');
    const all = workingDays('2017-10-01', '2017-12-31');
    const proposal = await org.admin.post(`/api/targets/${target.id}/redistribution/preview`, {
      asOf: '2017-11-15',
      share: 0.5,
      projection: 'run_rate',
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    const r = proposal.json();
    for (const l of r.lines as {
      name: string;
      actual: number;
      projected: number;
      target: number;
      status: string;
    }[]) {
      const actual = revenue(l.name, '2017-10-01', '2017-11-15');
      expect(l.actual, l.name).toBe(actual);
      expect(l.projected, l.name).toBe(Math.round((actual * all) / elapsed));
      expect(l.status, l.name).toBe(l.projected < l.target ? 'at_risk' : 'on_track');
    }
    expect(r.teamTotal).toBe(total);
    expect(r.lines.reduce((s: number, l: { newTarget: number }) => s + l.newTarget, 0)).toBe(total);
    expect(r.moved).toBeGreaterThan(0);
  }, 240_000);
});
