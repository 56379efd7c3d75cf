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

  it('scales: 500 people plan in well under a second with unique emails', () => {
    const started = performance.now();
    const plan = planDemo({ ...options, people: 500 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(plan.people.map((p) => p.email)).size).toBe(500);
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
    expect(steps).toEqual(['People', 'Teams', 'Team history', 'Planned leave']);
    expect(result.counts.people).toBe(25);
    const leaderLogin = result.logins.find((l) => l.persona === 'Sales team leader')!;
    const leader = await login(server.app, leaderLogin.email, 'demo-password');
    const me = (await leader.get('/api/auth/me')).json();
    expect(me.ledTeamIds).toHaveLength(1);
    const members = (await leader.get(`/api/teams/${me.ledTeamIds[0]}/members`)).json();
    expect(members.length).toBeGreaterThan(3);
    expect(members.every((m: { fte: number | null }) => m.fte !== null)).toBe(true);

    const again = generateDemo({ db: server.database.db, options });
    await expect(again).rejects.toThrow(/already loaded/);
  });
});
