import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CategorisedDeal,
  categoryTotals,
  forecastBias,
  forecastTrackRecord,
  rollUpForecast,
  weightedPipeline,
} from './forecast.ts';

describe('weightedPipeline', () => {
  it('10,000 × 50% + 20,000 × 25% + 4,000 × 100% + 1,000 × 0% = 5,000 + 5,000 + 4,000 + 0 = 14,000', () => {
    expect(
      weightedPipeline([
        { amount: 10_000, probability: 50 },
        { amount: 20_000, probability: 25 },
        { amount: 4_000, probability: 100 },
        { amount: 1_000, probability: 0 },
      ]),
    ).toBe(14_000);
  });

  it('no deals weigh nothing', () => {
    expect(weightedPipeline([])).toBe(0);
  });

  it('rejects a probability outside 0–100', () => {
    expect(() => weightedPipeline([{ amount: 1, probability: 120 }])).toThrow(/probability/);
    expect(() => weightedPipeline([{ amount: 1, probability: -1 }])).toThrow(/probability/);
    expect(() => weightedPipeline([{ amount: 1, probability: Number.NaN }])).toThrow(/probability/);
  });
});

describe('categoryTotals', () => {
  it('commit = 10,000 closed + 8,000 commit = 18,000; best case = 18,000 + 4,000 = 22,000; pipeline and omitted apart', () => {
    const t = categoryTotals([
      { amount: 10_000, category: 'closed' },
      { amount: 5_000, category: 'commit' },
      { amount: 3_000, category: 'commit' },
      { amount: 4_000, category: 'best_case' },
      { amount: 20_000, category: 'pipeline' },
      { amount: 7_000, category: 'omitted' },
    ]);
    expect(t).toEqual({
      byCategory: { closed: 10_000, commit: 8_000, best_case: 4_000, pipeline: 20_000, omitted: 7_000 },
      commit: 18_000,
      bestCase: 22_000,
    });
  });

  it('an empty forecast is all zeros', () => {
    expect(categoryTotals([])).toEqual({
      byCategory: { closed: 0, commit: 0, best_case: 0, pipeline: 0, omitted: 0 },
      commit: 0,
      bestCase: 0,
    });
  });

  it('best case ≥ commit ≥ closed, and the categories add up to every deal', () => {
    const deal: fc.Arbitrary<CategorisedDeal> = fc.record({
      amount: fc.integer({ min: 0, max: 1_000_000 }),
      category: fc.constantFrom('pipeline', 'best_case', 'commit', 'closed', 'omitted'),
    });
    fc.assert(
      fc.property(fc.array(deal), (deals) => {
        const t = categoryTotals(deals);
        expect(t.bestCase).toBeGreaterThanOrEqual(t.commit);
        expect(t.commit).toBeGreaterThanOrEqual(t.byCategory.closed);
        const all = Object.values(t.byCategory).reduce((a, b) => a + b, 0);
        expect(all).toBe(deals.reduce((a, d) => a + d.amount, 0));
      }),
    );
  });
});

describe('rollUpForecast', () => {
  const submissions = [
    { submitterId: 'ana', amount: 10_000 },
    { submitterId: 'ben', amount: 8_000 },
    { submitterId: 'cai', amount: 4_000 },
    { submitterId: 'cai', amount: 5_000 }, // resubmitted: the later figure counts
  ];

  it('submitted 10,000 + 8,000 + 5,000 = 23,000; with Ben cut to 6,000 and Dee added at 3,000: 10,000 + 6,000 + 5,000 + 3,000 = 24,000', () => {
    const r = rollUpForecast(submissions, [
      { submitterId: 'ben', amount: 6_000 },
      { submitterId: 'dee', amount: 3_000 },
    ]);
    expect(r.submittedTotal).toBe(23_000);
    expect(r.linesTotal).toBe(24_000);
    expect(r.teamAdjustment).toBeNull();
    expect(r.total).toBe(24_000);
    expect(r.lines).toEqual([
      { submitterId: 'ana', submitted: 10_000, adjusted: null, amount: 10_000 },
      { submitterId: 'ben', submitted: 8_000, adjusted: 6_000, amount: 6_000 },
      { submitterId: 'cai', submitted: 5_000, adjusted: null, amount: 5_000 },
      { submitterId: 'dee', submitted: null, adjusted: 3_000, amount: 3_000 },
    ]);
  });

  it("the leader's team figure of 20,000 replaces the lines' 23,000 as the total", () => {
    const r = rollUpForecast(submissions, [{ submitterId: null, amount: 20_000 }]);
    expect(r.linesTotal).toBe(23_000);
    expect(r.teamAdjustment).toBe(20_000);
    expect(r.total).toBe(20_000);
  });

  it('without adjustments the total is what the reps submitted', () => {
    const line = fc.record({
      submitterId: fc.constantFrom('a', 'b', 'c', 'd'),
      amount: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(fc.array(line), (lines) => {
        const r = rollUpForecast(lines);
        expect(r.total).toBe(r.submittedTotal);
        expect(r.lines.length).toBe(new Set(lines.map((l) => l.submitterId)).size);
      }),
    );
  });
});

describe('forecastBias', () => {
  it('110 forecast on 100 actual = +10% (over); 90 on 100 = −10% (under); nothing won → null', () => {
    expect(forecastBias(110, 100)).toBeCloseTo(0.1, 12);
    expect(forecastBias(90, 100)).toBeCloseTo(-0.1, 12);
    expect(forecastBias(5, 0)).toBeNull();
  });
});

describe('forecastTrackRecord', () => {
  it('accuracy 90%, 95%, 50% → mean 2.35 ÷ 3 = 78.3%; bias +10%, −5%, +50% → mean 0.55 ÷ 3 = +18.3%: over; a period with nothing won counts in neither', () => {
    const r = forecastTrackRecord([
      { periodLabel: 'Q1', forecast: 110_000, actual: 100_000 },
      { periodLabel: 'Q2', forecast: 95_000, actual: 100_000 },
      { periodLabel: 'Q3', forecast: 120_000, actual: 80_000 }, // 1 − 40,000 ÷ 80,000 = 50%
      { periodLabel: 'Q4', forecast: 10_000, actual: 0 },
    ]);
    expect(r.periods.map((p) => p.accuracy)).toEqual([0.9, 0.95, 0.5, null]);
    expect(r.periods[3]).toMatchObject({ periodLabel: 'Q4', bias: null });
    expect(r.meanAccuracy).toBeCloseTo(2.35 / 3, 12);
    expect(r.meanBias).toBeCloseTo(0.55 / 3, 12);
    expect(r.tendency).toBe('over');
  });

  it('bias −20% and −10% → mean −15%: under', () => {
    const r = forecastTrackRecord([
      { periodLabel: 'Jan', forecast: 80, actual: 100 },
      { periodLabel: 'Feb', forecast: 90, actual: 100 },
    ]);
    expect(r.meanBias).toBeCloseTo(-0.15, 12);
    expect(r.tendency).toBe('under');
  });

  it('a mean bias of exactly +5% is balanced; +6% is over', () => {
    expect(forecastTrackRecord([{ periodLabel: 'Jan', forecast: 105, actual: 100 }]).tendency).toBe(
      'balanced',
    );
    expect(forecastTrackRecord([{ periodLabel: 'Jan', forecast: 106, actual: 100 }]).tendency).toBe('over');
  });

  it('no history (or nothing ever won) has no means and no tendency', () => {
    expect(forecastTrackRecord([])).toEqual({
      periods: [],
      meanAccuracy: null,
      meanBias: null,
      tendency: null,
    });
    expect(forecastTrackRecord([{ periodLabel: 'Jan', forecast: 5, actual: 0 }]).tendency).toBeNull();
  });

  it('the mean accuracy lies between the worst and the best period', () => {
    const point = fc.record({
      periodLabel: fc.string(),
      forecast: fc.integer({ min: 0, max: 1_000_000 }),
      actual: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 12 }), (points) => {
        const r = forecastTrackRecord(points);
        const known = r.periods.map((p) => p.accuracy).filter((a): a is number => a !== null);
        if (known.length === 0) {
          expect(r.meanAccuracy).toBeNull();
          return;
        }
        const eps = 1e-9 * Math.max(1, ...known.map(Math.abs));
        expect(r.meanAccuracy!).toBeGreaterThanOrEqual(Math.min(...known) - eps);
        expect(r.meanAccuracy!).toBeLessThanOrEqual(Math.max(...known) + eps);
      }),
    );
  });
});
