import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RedistributionPerson, redistribute } from './redistribute.ts';

const person = (
  name: string,
  target: number,
  projected: number,
  extra: Partial<RedistributionPerson> = {},
): RedistributionPerson => ({
  id: name.toLowerCase(),
  name,
  target,
  actual: Math.min(projected, target) / 2,
  projected,
  ...extra,
});

describe('redistribute on hand-checked numbers', () => {
  // At risk: Ann 60,000 projected 42,000 (shortfall 18,000), Bob 50,000 / 44,000 (6,000), Cat
  // 40,000 / 34,000 (6,000): Σ 30,000, half of it = 15,000 asked.
  // On track: Dan 60,000 / 80,000 (headroom 20,000), Eve 50,000 / 60,000 (headroom 10,000, but at
  // most 4,000 more). Caps 20,000 + 4,000 = 24,000 ≥ 15,000, so all 15,000 move.
  // Given by headroom 2 : 1 → Dan 10,000, Eve 5,000 — above Eve's 4,000, so Eve 4,000, Dan 11,000.
  // Taken by shortfall 3 : 1 : 1 → Ann 9,000, Bob 3,000, Cat 3,000. Fay is excluded: unchanged.
  const team = [
    person('Ann', 60_000, 42_000),
    person('Bob', 50_000, 44_000),
    person('Cat', 40_000, 34_000),
    person('Dan', 60_000, 80_000),
    person('Eve', 50_000, 60_000, { maxIncrease: 4_000 }),
    person('Fay', 30_000, 10_000, { excluded: true }),
  ];

  it('moves half the shortfall of three at-risk people to two on-track people, one held by a cap', () => {
    const r = redistribute({ share: 0.5, people: team });
    expect(r).toMatchObject({
      totalShortfall: 30_000,
      totalHeadroom: 30_000,
      requested: 15_000,
      moved: 15_000,
    });
    expect(r.teamTotal).toBe(290_000);
    expect(r.lines.map((l) => l.status)).toEqual([
      'at_risk',
      'at_risk',
      'at_risk',
      'on_track',
      'on_track',
      'excluded',
    ]);
    expect(r.lines.map((l) => l.change)).toEqual([-9_000, -3_000, -3_000, 11_000, 4_000, 0]);
    expect(r.lines.map((l) => l.newTarget)).toEqual([51_000, 47_000, 37_000, 71_000, 54_000, 30_000]);
    expect(r.lines.map((l) => l.cap)).toEqual([0, 0, 0, 20_000, 4_000, 0]);
    expect(r.lines[0]?.rationale).toBe(
      'Projected 42,000 of 60,000 (shortfall 18,000): relieved of 9,000 → 51,000',
    );
    expect(r.lines[3]?.rationale).toBe(
      'Projected 80,000 of 60,000 (headroom 20,000): takes 11,000 of the shortfall → 71,000',
    );
    expect(r.lines[4]?.rationale).toBe(
      'Projected 60,000 of 50,000 (headroom 10,000, at most 4,000 more): takes 4,000 of the shortfall → 54,000',
    );
    expect(r.lines[5]?.rationale).toBe('Excluded: keeps 30,000 (projected 10,000 of 30,000)');
    expect(r.notes).toEqual([]);
  });

  it('rounds by largest remainder: half of 3 × 7 = 10.5 → 10 asked, taken as 4 / 3 / 3 (ties: input order)', () => {
    const r = redistribute({
      share: 0.5,
      people: [person('A', 20, 13), person('B', 20, 13), person('C', 20, 13), person('D', 20, 120)],
    });
    expect(r.requested).toBe(10);
    expect(r.lines.map((l) => l.change)).toEqual([-4, -3, -3, 10]);
    expect(r.teamTotal).toBe(80);
  });

  it('moves only what the caps allow, and says so', () => {
    const r = redistribute({ share: 1, people: [person('A', 10_000, 4_000), person('B', 10_000, 14_000)] });
    expect(r).toMatchObject({ requested: 6_000, moved: 4_000 });
    expect(r.lines.map((l) => l.newTarget)).toEqual([6_000, 14_000]);
    expect(r.notes).toEqual([
      "Only 4,000 of the 6,000 asked could move: the on-track people's headroom (caps) is smaller",
    ]);
  });

  it('nothing to move when nobody is at risk, or nobody has headroom', () => {
    const none = redistribute({ share: 0.5, people: [person('A', 100, 120), person('B', 100, 100)] });
    expect(none.moved).toBe(0);
    expect(none.notes).toEqual(['Nobody is at risk: nothing to move']);
    expect(none.lines.map((l) => l.status)).toEqual(['on_track', 'on_track']);
    const stuck = redistribute({ share: 0.5, people: [person('A', 100, 50), person('B', 100, 100)] });
    expect(stuck).toMatchObject({ requested: 25, moved: 0 });
    expect(stuck.notes).toEqual(['Nobody is on track with headroom: nothing can move']);
    expect(stuck.lines[0]?.rationale).toBe('Projected 50 of 100 (shortfall 50): nothing moved → 100');
  });

  it('steps: moves whole tens, and never relieves anyone below their projection', () => {
    // Shortfalls 15 and 5 (Σ 20, all asked); whole tens: 20. Given to B (headroom 100).
    // Taken 3 : 1 → 15 / 5, but in tens B can give no whole ten of 5: A gives 10, the second ten has
    // nowhere to come from, so only 10 moves.
    const r = redistribute({
      share: 1,
      step: 10,
      people: [person('A', 100, 85), person('B', 100, 95), person('C', 100, 200)],
    });
    expect(r).toMatchObject({ requested: 20, moved: 10 });
    expect(r.lines.map((l) => l.newTarget)).toEqual([90, 100, 110]);
    expect(r.notes[0]).toMatch(/Only 10 of the 20 asked could move: the at-risk people's shortfalls/);
  });

  it('bad input throws a RangeError naming the person or the field', () => {
    expect(() => redistribute({ share: 1.5, people: [] })).toThrow(/share/);
    expect(() => redistribute({ share: 0.5, step: 0, people: [] })).toThrow(/step/);
    expect(() => redistribute({ share: 0.5, people: [person('Ann', -1, 0)] })).toThrow(/Ann's target/);
    expect(() => redistribute({ share: 0.5, people: [person('Ann', 1, Number.NaN, { actual: 0 })] })).toThrow(
      /Ann's projected/,
    );
    expect(() => redistribute({ share: 0.5, people: [person('Ann', 1, 2, { maxIncrease: -1 })] })).toThrow(
      /Ann's largest increase/,
    );
  });
});

describe('redistribute properties', () => {
  const personArb = fc.record({
    target: fc.integer({ min: 0, max: 200 }),
    projected: fc.integer({ min: 0, max: 300 }),
    maxIncrease: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    excluded: fc.boolean(),
  });
  const inputArb = fc.record({
    share: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    step: fc.constantFrom(1, 10, 0.5),
    scale: fc.constantFrom(1, 10, 0.5, 1000),
    people: fc.array(personArb, { maxLength: 30 }),
  });

  it('keeps the team total, respects caps and projections, leaves the excluded alone', () => {
    fc.assert(
      fc.property(inputArb, ({ share, step, scale, people }) => {
        const input = {
          share,
          step,
          people: people.map((p, i) =>
            person(`P${i}`, p.target * scale, p.projected * scale, {
              maxIncrease: p.maxIncrease === null ? null : p.maxIncrease * scale,
              excluded: p.excluded,
            }),
          ),
        };
        const r = redistribute(input);
        const before = input.people.reduce((s, p) => s + p.target, 0);
        expect(r.lines.reduce((s, l) => s + l.newTarget, 0)).toBe(before);
        expect(r.teamTotal).toBe(before);
        expect(r.moved).toBeLessThanOrEqual(r.requested);
        expect(r.requested).toBeLessThanOrEqual(share * r.totalShortfall + 1e-9);
        let given = 0;
        for (const [i, l] of r.lines.entries()) {
          const p = input.people[i] as RedistributionPerson;
          expect(Math.abs(l.change / step - Math.round(l.change / step))).toBeLessThan(1e-9);
          if (l.status === 'excluded') expect(l.change).toBe(0);
          if (l.status === 'on_track') {
            expect(l.change).toBeGreaterThanOrEqual(0);
            expect(l.change).toBeLessThanOrEqual(l.cap);
            expect(l.change).toBeLessThanOrEqual(p.projected - p.target);
            if (p.maxIncrease != null) expect(l.change).toBeLessThanOrEqual(p.maxIncrease);
            given += l.change;
          }
          if (l.status === 'at_risk') {
            expect(l.change).toBeLessThanOrEqual(0);
            expect(l.newTarget).toBeGreaterThanOrEqual(p.projected);
          }
        }
        expect(given).toBe(r.moved);
      }),
      { numRuns: 500 },
    );
  });
});
