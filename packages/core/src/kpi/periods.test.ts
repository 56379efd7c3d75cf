import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toDayNumber } from '../dates.ts';
import { parsePeriod, periodContaining, previousPeriod, previousPeriods, splitByMonths } from './periods.ts';

describe('parsePeriod', () => {
  it('reads years, quarters, months, ISO weeks and custom ranges', () => {
    expect(parsePeriod('2017')).toEqual({
      kind: 'year',
      label: '2017',
      start: '2017-01-01',
      end: '2017-12-31',
    });
    expect(parsePeriod('2017-Q3')).toEqual({
      kind: 'quarter',
      label: '2017-Q3',
      start: '2017-07-01',
      end: '2017-09-30',
    });
    expect(parsePeriod('2016-q1').end).toBe('2016-03-31');
    expect(parsePeriod('2016-02')).toMatchObject({ start: '2016-02-01', end: '2016-02-29' }); // leap year
    expect(parsePeriod('2017-02').end).toBe('2017-02-28');
    // ISO week 1 of 2026 starts on Monday 29 December 2025 (1 January 2026 is a Thursday).
    expect(parsePeriod('2026-W01')).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
    expect(parsePeriod('2020-W53')).toMatchObject({ start: '2020-12-28', end: '2021-01-03' });
    expect(parsePeriod('2017-01-15..2017-02-14')).toMatchObject({
      kind: 'custom',
      start: '2017-01-15',
      end: '2017-02-14',
    });
  });

  it('says what it expected for anything else', () => {
    for (const bad of ['2017-Q5', '2017-13', '2021-W53', '2017-02-30..2017-03-01', 'last quarter', '']) {
      expect(() => parsePeriod(bad), bad).toThrow(/Not a period|before it starts/);
    }
    expect(() => parsePeriod('2017-03-01..2017-02-01')).toThrow('ends (2017-02-01) before it starts');
  });
});

describe('periodContaining and previousPeriod', () => {
  it('finds the quarter, month and ISO week of a date', () => {
    expect(periodContaining('2017-08-15', 'quarter').label).toBe('2017-Q3');
    expect(periodContaining('2017-08-15', 'month').label).toBe('2017-08');
    expect(periodContaining('2021-01-01', 'week').label).toBe('2020-W53');
    expect(periodContaining('2026-11-26', 'week')).toMatchObject({ label: '2026-W48', start: '2026-11-23' });
  });

  it('steps back one period of the same kind', () => {
    expect(previousPeriod(parsePeriod('2017-Q1')).label).toBe('2016-Q4');
    expect(previousPeriod(parsePeriod('2017-01')).label).toBe('2016-12');
    expect(previousPeriod(parsePeriod('2021-W01')).label).toBe('2020-W53');
    expect(previousPeriod(parsePeriod('2017-01-11..2017-01-20')).label).toBe('2017-01-01..2017-01-10');
    expect(previousPeriods(parsePeriod('2017-Q2'), 3).map((p) => p.label)).toEqual([
      '2016-Q3',
      '2016-Q4',
      '2017-Q1',
    ]);
  });

  it('periods of a kind tile the calendar: each starts the day after the previous one ends', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2090-12-31') });
    const kind = fc.constantFrom('week' as const, 'month' as const, 'quarter' as const, 'year' as const);
    fc.assert(
      fc.property(day, kind, (n, k) => {
        const date = addDays('1970-01-01', n);
        const p = periodContaining(date, k);
        expect(p.start <= date && date <= p.end).toBe(true);
        expect(previousPeriod(p).end).toBe(addDays(p.start, -1));
        expect(parsePeriod(p.label)).toEqual(p);
      }),
    );
  });
});

describe('splitByMonths', () => {
  it('reads whole months as months and the ragged edges as days', () => {
    expect(splitByMonths({ start: '2026-07-01', end: '2026-09-30' })).toEqual({
      months: { start: '2026-07-01', end: '2026-09-01' },
      days: [],
    });
    expect(splitByMonths({ start: '2026-08-15', end: '2026-11-13' })).toEqual({
      months: { start: '2026-09-01', end: '2026-10-01' },
      days: [
        { start: '2026-08-15', end: '2026-08-31' },
        { start: '2026-11-01', end: '2026-11-13' },
      ],
    });
    expect(splitByMonths({ start: '2026-02-03', end: '2026-02-20' })).toEqual({
      months: null,
      days: [{ start: '2026-02-03', end: '2026-02-20' }],
    });
    expect(splitByMonths({ start: '2025-12-31', end: '2026-02-28' })).toEqual({
      months: { start: '2026-01-01', end: '2026-02-01' },
      days: [{ start: '2025-12-31', end: '2025-12-31' }],
    });
  });

  it('covers every day of the range exactly once', () => {
    const day = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2040-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (a, len) => {
        const start = addDays('1970-01-01', a);
        const end = addDays(start, len);
        const { months, days } = splitByMonths({ start, end });
        let covered = days.reduce((n, d) => n + toDayNumber(d.end) - toDayNumber(d.start) + 1, 0);
        if (months) {
          const lastMonth = periodContaining(months.end, 'month');
          covered += toDayNumber(lastMonth.end) - toDayNumber(months.start) + 1;
          expect(months.start >= start && lastMonth.end <= end).toBe(true);
        }
        expect(covered).toBe(len + 1);
        for (const d of days) expect(d.start >= start && d.end <= end && d.start <= d.end).toBe(true);
      }),
    );
  });
});
