import { describe, expect, it } from 'vitest';
import { login, useTestServer } from '../../../test/harness.ts';
import { planDemo } from './demo.generator.ts';
import { generateDemo } from './demo.service.ts';

const server = useTestServer();
const options = {
  seed: 7,
  people: 25,
  organisationName: 'Demo Co',
  password: 'demo-password',
  today: '2026-11-24',
};

describe('demo plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(planDemo(options)).toEqual(planDemo(options));
    expect(planDemo({ ...options, seed: 8 }).people.map((p) => p.name)).not.toEqual(
      planDemo(options).people.map((p) => p.name),
    );
  });

  it('has the personas, a new starter, part-timers, a leaver and team history', () => {
    const plan = planDemo(options);
    expect(plan.people).toHaveLength(25);
    const roles = plan.people.map((p) => p.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'director')).toHaveLength(1);
    expect(roles.filter((r) => r === 'viewer')).toHaveLength(1);
    expect(plan.teams.filter((t) => t.type === 'office').length).toBeGreaterThanOrEqual(1);
    expect(plan.teams.filter((t) => t.type === 'sales').length).toBeGreaterThanOrEqual(2);
    expect(plan.teams.filter((t) => t.type === 'marketing').length).toBeGreaterThanOrEqual(1);
    const newStarter = plan.people.find((p) => p.persona?.startsWith('New starter'));
    expect(newStarter && newStarter.startDate > '2026-10-24').toBe(true);
    expect(plan.people.some((p) => p.leftOn)).toBe(true);
    // Every current member has exactly one open membership; moves leave a closed one behind.
    const open = plan.memberships.filter((m) => m.validTo === null);
    expect(new Set(open.map((m) => m.personKey)).size).toBe(open.length);
    expect(plan.memberships.some((m) => m.validTo !== null)).toBe(true);
    expect(new Set(plan.people.map((p) => p.email)).size).toBe(25);
  });

  it('scales to 500 people with unique emails (timings are in bench/)', () => {
    const plan = planDemo({ ...options, people: 500, crm: { dealRate: 0.2, activityRate: 0.2 } });
    expect(new Set(plan.people.map((p) => p.email)).size).toBe(500);
  });

  it('gives every deal a consistent stage history, ending where the deal is', () => {
    const { crm, today } = planDemo(options);
    expect(crm.deals.length).toBeGreaterThan(300);
    for (const d of crm.deals) {
      expect(d.changes[0]).toMatchObject({ from: null, to: 'Prospecting' });
      for (let i = 1; i < d.changes.length; i++) {
        expect(d.changes[i]!.from).toBe(d.changes[i - 1]!.to);
        expect(d.changes[i]!.at > d.changes[i - 1]!.at).toBe(true);
      }
      expect(d.changes.at(-1)!.to).toBe(d.stage);
      expect(d.changes.at(-1)!.at.slice(0, 10) <= today).toBe(true);
      expect(d.createdOn <= today).toBe(true);
      const closed = d.stage === 'Won' || d.stage === 'Lost';
      expect(d.closedOn !== null).toBe(closed);
      expect(d.lostReason !== null).toBe(d.stage === 'Lost');
    }
    // Reopened deals exist, and the history records them.
    expect(crm.deals.some((d) => d.changes.some((c) => c.from === 'Lost'))).toBe(true);
    expect(crm.activities.every((a) => a.occurredAt.slice(0, 10) <= today)).toBe(true);
  });

  it('gives leaders something to find: a busy but ineffective rep and an effective but under-active one', () => {
    const { crm } = planDemo(options);
    const stats = (profile: string) => {
      const key = crm.skills.find((s) => s.profile === profile)!.personKey;
      const mine = crm.deals.filter((d) => d.ownerKey === key);
      const closed = mine.filter((d) => d.stage === 'Won' || d.stage === 'Lost');
      return {
        winRate: closed.filter((d) => d.stage === 'Won').length / closed.length,
        activitiesPerDeal: crm.activities.filter((a) => a.ownerKey === key).length / mine.length,
        deals: mine.length,
      };
    };
    const busy = stats('busy but ineffective');
    const effective = stats('effective but under-active');
    expect(busy.deals).toBeGreaterThan(effective.deals);
    expect(busy.winRate).toBeLessThan(effective.winRate);
    expect(busy.activitiesPerDeal).toBeGreaterThan(effective.activitiesPerDeal);
  });

  it('refuses a scale too small to have the personas', () => {
    expect(() => planDemo({ ...options, people: 3 })).toThrow(/at least 8/);
  });
});

describe('loading the demo', () => {
  it('writes the organisation so each persona can log in and sees the right scope', async () => {
    const steps: string[] = [];
    const result = await generateDemo({
      db: server.database.db,
      options,
      onProgress: (step, done, total) => done === total && steps.push(step),
    });
    expect(steps).toEqual([
      'People',
      'Teams',
      'Team history',
      'Planned leave',
      'Accounts',
      'Contacts',
      'Deals',
      'Stage history',
      'Activities',
      'Objections',
      'Targets',
    ]);
    expect(result.counts.people).toBe(25);
    const leaderLogin = result.logins.find((l) => l.persona === 'Sales team leader')!;
    const leader = await login(server.app, leaderLogin.email, 'demo-password');
    const me = (await leader.get('/api/auth/me')).json();
    expect(me.ledTeamIds).toHaveLength(1);
    const members = (await leader.get(`/api/teams/${me.ledTeamIds[0]}/members`)).json();
    expect(members.length).toBeGreaterThan(3);
    expect(members.every((m: { fte: number | null }) => m.fte !== null)).toBe(true);

    // The CRM is there, through the API: the board, a deal's history.
    const board = (await leader.get('/api/deals/board')).json();
    const open = board.columns.filter((c: { kind: string }) => c.kind === 'open');
    expect(open.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBeGreaterThan(5);
    const won = board.columns.find((c: { kind: string }) => c.kind === 'won');
    expect(won.count).toBeGreaterThan(10);
    const history = (await leader.get(`/api/deals/${won.deals[0].id}/history`)).json();
    expect(history.at(-1).toStageName).toBe('Won');
    expect(result.counts.activities).toBeGreaterThan(1000);

    // Last quarter was planned: the team's revenue target, cascaded, published and acknowledged.
    const teamTargets = (await leader.get(`/api/targets?teamId=${me.ledTeamIds[0]}&period=2026-Q3`)).json()
      .items;
    expect(teamTargets).toHaveLength(1);
    expect(teamTargets[0]).toMatchObject({
      metricId: 'revenue_won',
      status: 'published',
      periodLabel: '2026-Q3',
    });
    expect(teamTargets[0].objectiveTitle).toContain('2026');
    const people = (await leader.get(`/api/targets?parentId=${teamTargets[0].id}`)).json().items;
    expect(people.length).toBeGreaterThan(2);
    expect(people.every((t: { status: string }) => t.status === 'acknowledged')).toBe(true);
    expect(people.reduce((s: number, t: { value: number }) => s + t.value, 0)).toBe(teamTargets[0].value);
    expect(people[0].progress.state).toBe('over');

    const again = generateDemo({ db: server.database.db, options });
    await expect(again).rejects.toThrow(/already loaded/);
  });
});
