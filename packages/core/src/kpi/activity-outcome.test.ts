import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ActivityOutcomeInput, activityOutcome } from './activity-outcome.ts';

// Medians: activities 60, 70, [100], 130, 150 → 100; outcome 4,000, 6,000, [10,000], 14,000, 15,000 → 10,000.
const team: ActivityOutcomeInput[] = [
  { personId: 'ana', activities: 150, outcome: 4_000 },
  { personId: 'ben', activities: 100, outcome: 10_000 },
  { personId: 'cai', activities: 60, outcome: 15_000 },
  { personId: 'dee', activities: 130, outcome: 14_000 },
  { personId: 'eli', activities: 70, outcome: 6_000 },
];

function placement(people: ActivityOutcomeInput[], id: string, band?: number) {
  return activityOutcome(people, band === undefined ? {} : { band }).people.find((p) => p.personId === id)!;
}

describe('activityOutcome', () => {
  const result = activityOutcome(team);

  it('takes the team medians: 100 activities and 10,000 outcome', () => {
    expect(result.medianActivities).toBe(100);
    expect(result.medianOutcome).toBe(10_000);
  });

  it('150 ÷ 100 = 1.5 activity, 4,000 ÷ 10,000 = 0.4 outcome: busy but ineffective', () => {
    expect(placement(team, 'ana')).toMatchObject({
      activityIndex: 1.5,
      outcomeIndex: 0.4,
      quadrant: 'busy_but_ineffective',
      label: 'Busy but ineffective',
    });
  });

  it('0.6 activity, 1.5 outcome: effective but under-active', () => {
    expect(placement(team, 'cai')).toMatchObject({
      quadrant: 'effective_but_under_active',
      label: 'Effective but under-active',
    });
  });

  it('1.3 activity, 1.4 outcome: high performer; 0.7 and 0.6: needs support; 1 and 1: typical', () => {
    expect(placement(team, 'dee').quadrant).toBe('high_performer');
    expect(placement(team, 'eli').quadrant).toBe('needs_support');
    expect(placement(team, 'ben')).toMatchObject({ quadrant: 'typical', label: 'Typical' });
  });

  it('the band edges count: 120 ÷ 100 = 1.2 is high, 119 is not; 8,000 ÷ 10,000 = 0.8 is low', () => {
    // Two people at 100 / 10,000 hold the medians there whatever the third does.
    const fixed = (p: ActivityOutcomeInput) => [
      { personId: 'm1', activities: 100, outcome: 10_000 },
      { personId: 'm2', activities: 100, outcome: 10_000 },
      p,
    ];
    expect(placement(fixed({ personId: 'x', activities: 120, outcome: 8_000 }), 'x').quadrant).toBe(
      'busy_but_ineffective',
    );
    expect(placement(fixed({ personId: 'x', activities: 119, outcome: 8_000 }), 'x').quadrant).toBe(
      'typical',
    );
    expect(placement(fixed({ personId: 'x', activities: 120, outcome: 8_001 }), 'x').quadrant).toBe(
      'typical',
    );
  });

  it('a wider band of 0.35 makes 1.3 and 1.4 (high performer) typical', () => {
    expect(placement(team, 'dee', 0.35).quadrant).toBe('typical');
  });

  it('an even team takes the mean of the middle two: 10, 20, 30, 40 → 25', () => {
    const r = activityOutcome(
      [10, 20, 30, 40].map((n, i) => ({ personId: `p${i}`, activities: n, outcome: n })),
    );
    expect(r.medianActivities).toBe(25);
    expect(r.people[3]).toMatchObject({ activityIndex: 1.6, outcomeIndex: 1.6, quadrant: 'high_performer' });
  });

  it('a median outcome of 0 (three of four won nothing) leaves the outcome index unknown and everyone typical', () => {
    const r = activityOutcome([
      { personId: 'a', activities: 300, outcome: 0 },
      { personId: 'b', activities: 10, outcome: 0 },
      { personId: 'c', activities: 100, outcome: 0 },
      { personId: 'd', activities: 100, outcome: 5_000 },
    ]);
    expect(r.medianOutcome).toBe(0);
    expect(r.people[0]).toMatchObject({ activityIndex: 3, outcomeIndex: null, quadrant: 'typical' });
    expect(r.people.every((p) => p.quadrant === 'typical')).toBe(true);
  });

  it('nobody → no medians and no placements', () => {
    expect(activityOutcome([])).toEqual({ medianActivities: null, medianOutcome: null, people: [] });
  });

  it('rejects a band outside (0, 1)', () => {
    expect(() => activityOutcome(team, { band: 0 })).toThrow(/band/);
    expect(() => activityOutcome(team, { band: 1 })).toThrow(/band/);
  });

  const people = fc.array(
    fc.record({
      personId: fc.uuid(),
      activities: fc.integer({ min: 0, max: 1_000 }),
      outcome: fc.integer({ min: 0, max: 100_000 }),
    }),
    { maxLength: 12 },
  );

  it('each quadrant agrees with the indexes', () => {
    fc.assert(
      fc.property(people, fc.double({ min: 0.05, max: 0.9, noNaN: true }), (ps, band) => {
        for (const p of activityOutcome(ps, { band }).people) {
          const a = p.activityIndex;
          const o = p.outcomeIndex;
          const high = (i: number | null) => i !== null && i >= 1 + band - 1e-9;
          const low = (i: number | null) => i !== null && i <= 1 - band + 1e-9;
          const expected =
            high(a) && low(o)
              ? 'busy_but_ineffective'
              : low(a) && high(o)
                ? 'effective_but_under_active'
                : high(a) && high(o)
                  ? 'high_performer'
                  : low(a) && low(o)
                    ? 'needs_support'
                    : 'typical';
          expect(p.quadrant).toBe(expected);
          if (a === null || o === null) expect(p.quadrant).toBe('typical');
        }
      }),
    );
  });

  it('the order people are given in changes nobody’s placement', () => {
    fc.assert(
      fc.property(people, (ps) => {
        const forward = activityOutcome(ps).people;
        const backward = activityOutcome([...ps].reverse()).people.reverse();
        expect(backward).toEqual(forward);
      }),
    );
  });
});
