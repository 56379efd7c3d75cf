import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCapacity, rampFactor } from './capacity.ts';

const march = { start: '2026-03-01', end: '2026-03-31' };

describe('computeCapacity', () => {
  it('half-time person with a week of leave: 22 − 5 = 17 days × 0.5 = 8.5', () => {
    const c = computeCapacity({
      period: march,
      fte: 0.5,
      startDate: '2025-01-01',
      leave: [{ start: '2026-03-09', end: '2026-03-13' }],
    });
    expect(c).toMatchObject({ periodWorkingDays: 22, leaveWorkingDays: 5, availableDays: 17, rampFactor: 1 });
    expect(c.effectiveDays).toBe(8.5);
    expect(c.share).toBeCloseTo(8.5 / 22, 10);
  });

  it('new starter on 16 March: 12 employed days at the first-month ramp of 25% = 3 days', () => {
    const c = computeCapacity({ period: march, fte: 1, startDate: '2026-03-16', leave: [] });
    expect(c.employedWorkingDays).toBe(12);
    expect(c.tenureMonths).toBe(0);
    expect(c.rampFactor).toBe(0.25);
    expect(c.effectiveDays).toBe(3);
  });

  it('counts overlapping leave once and leave outside employment not at all', () => {
    const c = computeCapacity({
      period: march,
      fte: 1,
      startDate: '2020-01-01',
      leave: [
        { start: '2026-03-02', end: '2026-03-04' },
        { start: '2026-03-03', end: '2026-03-06' },
        { start: '2026-02-20', end: '2026-02-27' },
      ],
    });
    expect(c.leaveWorkingDays).toBe(5);
    expect(c.availableDays).toBe(17);
  });

  it('someone who starts after the period has no capacity', () => {
    const c = computeCapacity({ period: march, fte: 1, startDate: '2026-04-01', leave: [] });
    expect(c.effectiveDays).toBe(0);
  });

  it('rejects an FTE above 1', () => {
    expect(() => computeCapacity({ period: march, fte: 1.5, startDate: null, leave: [] })).toThrow(/fte/);
  });

  it('ramps 0.25 → 0.5 → 0.75 → 1 over the first six months', () => {
    expect([0, 1, 2, 3, 5, 6, 24].map((m) => rampFactor(m))).toEqual([0.25, 0.5, 0.5, 0.75, 0.75, 1, 1]);
  });

  it('never exceeds the period and never goes negative', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (fte, startOffset, leaveDays) => {
          const start = new Date(Date.UTC(2026, 1, 1 + startOffset)).toISOString().slice(0, 10);
          const leaveEnd = new Date(Date.UTC(2026, 2, 1 + leaveDays)).toISOString().slice(0, 10);
          const c = computeCapacity({
            period: march,
            fte,
            startDate: start,
            leave: [{ start: '2026-03-01', end: leaveEnd }],
          });
          expect(c.effectiveDays).toBeGreaterThanOrEqual(0);
          expect(c.share).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
