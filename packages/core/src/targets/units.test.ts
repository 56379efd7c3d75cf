import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, formatNumber, formatPercent, stepDecimals, unitsCeil, unitsFloor } from './units.ts';

describe('target arithmetic helpers', () => {
  it('step decimals, clean decimals, and whole steps despite float noise', () => {
    expect([1, 10, 0.5, 0.1, 0.25, 1e-7, 2.5e-8].map(stepDecimals)).toEqual([0, 0, 1, 1, 2, 7, 9]);
    expect(clean(3 * 0.1, 1)).toBe(0.3);
    expect(unitsCeil(0.7, 0.1)).toBe(7); // 0.7 / 0.1 = 6.999999999999999
    expect(unitsFloor(0.3, 0.1)).toBe(3); // 0.3 / 0.1 = 2.9999999999999996
    expect(unitsCeil(35_000.5, 1)).toBe(35_001);
    expect(unitsFloor(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('formatNumber reads as en-GB whatever the server locale: 1234567.891 → "1,234,567.89"', () => {
    expect(formatNumber(1_234_567.891)).toBe('1,234,567.89');
    expect(formatNumber(-120_000)).toBe('-120,000');
    expect(formatNumber(33_314.2857, 0)).toBe('33,314');
    expect(formatNumber(999.5, 0)).toBe('1,000');
  });

  it('formatNumber gives the same text as Intl en-GB (its fast path for whole numbers included)', () => {
    const number = fc.oneof(
      fc.integer({ min: -2e9, max: 2e9 }),
      fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(number, fc.integer({ min: 0, max: 4 }), (x, d) => {
        const intl = new Intl.NumberFormat('en-GB', { maximumFractionDigits: d }).format(x);
        if (intl !== '-0') expect(formatNumber(x, d)).toBe(intl);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatPercent to one decimal agrees with toFixed away from exact ties', () => {
    expect([0.32, 1 / 3, 0, 1, 0.0004, 0.99996].map((s) => formatPercent(s))).toEqual([
      '32.0%',
      '33.3%',
      '0.0%',
      '100.0%',
      '0.0%',
      '100.0%',
    ]);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), (s) => {
        const tenths = s * 1000;
        fc.pre(Math.abs(tenths - Math.floor(tenths) - 0.5) > 1e-6);
        expect(formatPercent(s)).toBe(`${(s * 100).toFixed(1)}%`);
      }),
    );
  });
});
