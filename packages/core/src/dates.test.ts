import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, monthsBetween, weekday, workingDays } from './dates.ts';

describe('workingDays', () => {
  it('counts March 2026 (starts on a Sunday) as 22 working days', () => {
    expect(weekday('2026-03-01')).toBe(0);
    expect(workingDays({ start: '2026-03-01', end: '2026-03-31' })).toBe(22);
  });

  it('counts Q1 2026 as 22 + 20 + 22 = 64 working days', () => {
    expect(workingDays({ start: '2026-01-01', end: '2026-03-31' })).toBe(64);
  });

  it('removes weekday holidays and ignores weekend ones', () => {
    const holidays = new Set(['2026-04-03', '2026-04-06', '2026-04-04']); // Fri, Mon, Sat
    expect(workingDays({ start: '2026-04-01', end: '2026-04-30' }, holidays)).toBe(22 - 2);
  });

  it('is zero for an inverted range', () => {
    expect(workingDays({ start: '2026-03-02', end: '2026-03-01' })).toBe(0);
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 400 }), (offset, length) => {
        const start = addDays('1990-01-01', offset);
        const end = addDays(start, length);
        let count = 0;
        for (let d = start; d <= end; d = addDays(d, 1)) if (weekday(d) % 6 !== 0) count++;
        expect(workingDays({ start, end })).toBe(count);
      }),
    );
  });
});

describe('dates', () => {
  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });

  it('counts whole months once the day of month is reached', () => {
    expect(monthsBetween('2026-01-10', '2026-03-09')).toBe(1);
    expect(monthsBetween('2026-01-10', '2026-03-10')).toBe(2);
    expect(monthsBetween('2025-11-30', '2026-01-15')).toBe(1);
  });
});
