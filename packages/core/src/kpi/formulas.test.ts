import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attainment,
  averageDealSize,
  customerRetention,
  forecastAccuracy,
  median,
  medianOfHistogram,
  mergeHistograms,
  pace,
  paceRatio,
  pipelineCoverage,
  projection,
  rag,
  salesVelocity,
  winRate,
} from './formulas.ts';
import { computeAll, emptyTotals } from './metrics.ts';

describe('the KPI formulas on hand-checked numbers', () => {
  it('win rate: 3 won, 1 lost = 75%; nothing closed = no figure', () => {
    expect(winRate(3, 1)).toBe(0.75);
    expect(winRate(0, 0)).toBeNull();
    expect(winRate(0, 4)).toBe(0);
  });

  it('average deal size: 10,500 over 3 deals = 3,500', () => {
    expect(averageDealSize(10_500, 3)).toBe(3500);
    expect(averageDealSize(0, 0)).toBeNull();
  });

  it('median: odd count takes the middle, even count the mean of the two middle values', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
    expect(median([])).toBeNull();
    // 10 ×2, 20 ×1, 90 ×1 → 10, 10, 20, 90 → (10 + 20) / 2 = 15
    expect(
      medianOfHistogram([
        [90, 1],
        [10, 2],
        [20, 1],
      ]),
    ).toBe(15);
    expect(medianOfHistogram([[7, 1]])).toBe(7);
    expect(medianOfHistogram([])).toBeNull();
  });

  it('the median of a histogram is the median of the values it counts', () => {
    const values = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 59 }), (vs, cut) => {
        const a = vs.slice(0, cut).map((v) => [v, 1] as const);
        const b = vs.slice(cut).map((v) => [v, 1] as const);
        expect(medianOfHistogram(mergeHistograms(a, b))).toBe(median(vs));
      }),
    );
  });

  it('sales velocity: 20 open × 5,000 × 25% ÷ 50 days = 500 a day', () => {
    expect(salesVelocity(20, 5000, 0.25, 50)).toBe(500);
    expect(salesVelocity(20, null, 0.25, 50)).toBeNull();
    expect(salesVelocity(20, 5000, 0.25, 0)).toBeNull();
  });

  it('pipeline coverage: 90,000 due against 100,000 target with 40,000 won = 1.5×', () => {
    expect(pipelineCoverage(90_000, 100_000, 40_000)).toBe(1.5);
    expect(pipelineCoverage(90_000, 100_000, 120_000)).toBeNull();
  });

  it('attainment, pace and pace ratio: 30,000 of 100,000 after 11 of 22 working days', () => {
    expect(attainment(30_000, 100_000)).toBe(0.3);
    expect(attainment(30_000, 0)).toBeNull();
    expect(pace(100_000, 11, 22)).toBe(50_000);
    expect(paceRatio(30_000, 50_000)).toBe(0.6);
    expect(pace(100_000, 30, 22)).toBe(100_000); // never more than the target
    expect(paceRatio(0, 0)).toBeNull();
  });

  it('projection: pipeline adds the weighted pipeline; run-rate stretches the pace so far', () => {
    const base = {
      actual: 30_000,
      weightedPipelineDue: 25_000,
      workingDaysElapsed: 11,
      workingDaysTotal: 22,
    };
    expect(projection({ ...base, method: 'pipeline' })).toBe(55_000);
    expect(projection({ ...base, method: 'run_rate' })).toBe(60_000);
    expect(projection({ ...base, method: 'run_rate', workingDaysElapsed: 0 })).toBe(30_000);
  });

  it('customer retention: 100 at start, 105 at end of which 15 new = 90%', () => {
    expect(customerRetention(100, 105, 15)).toBe(0.9);
    expect(customerRetention(0, 5, 5)).toBeNull();
  });

  it('forecast accuracy: forecast 90,000 against 100,000 won = 90%; 120,000 = 80%', () => {
    expect(forecastAccuracy(90_000, 100_000)).toBeCloseTo(0.9, 12);
    expect(forecastAccuracy(120_000, 100_000)).toBeCloseTo(0.8, 12);
    expect(forecastAccuracy(5, 0)).toBeNull();
  });

  it('red, amber, green at 100% and 85%', () => {
    expect(rag(1.02)).toBe('green');
    expect(rag(0.9)).toBe('amber');
    expect(rag(0.5)).toBe('red');
    expect(rag(null)).toBeNull();
  });
});

describe('computeAll', () => {
  it('derives every metric from one set of totals', () => {
    const t = emptyTotals();
    t.dealsWon = 4;
    t.revenueDeals = 4;
    t.dealsLost = 6;
    t.revenueWon = 20_000;
    t.cycleDays = [
      [30, 1],
      [40, 2],
      [100, 1],
    ];
    t.openDeals = 12;
    t.activities.call = 50;
    t.activities.email = 30;
    t.activities.task = 9;
    const all = computeAll(t);
    expect(all).toMatchObject({
      win_rate: 0.4,
      avg_deal_size: 5000,
      sales_cycle_days: 40,
      activities: 80, // tasks and notes are not outreach
      calls: 50,
      // 12 open × 5,000 × 40% ÷ 40 days = 600 a day
      sales_velocity: 600,
      customer_retention: null,
    });
  });
});
