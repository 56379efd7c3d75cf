import { describe, expect, it } from 'vitest';
import { quarterPeriod } from '../kpi/periods.ts';
import { capacityOf, peerUsual, relativeCapacity, relativeTeamCapacity } from './capacity-ratio.ts';

const q = (year: number, quarter: number) => quarterPeriod(year, quarter);
const past2026 = [q(2026, 1), q(2026, 2), q(2026, 3), q(2026, 4)];

describe('capacity for targets', () => {
  it('a half-time person all quarter: share 0.5, said in words', () => {
    expect(capacityOf({ fte: 0.5, startDate: '2024-01-01' }, [], q(2027, 1))).toEqual({
      share: 0.5,
      note: 'FTE 0.5',
    });
  });

  it('leave from 15 February to 31 March 2027 leaves 31 of 64 working days: half the bar', () => {
    // 10 working days in February from the 15th, 23 in March: 33 of the quarter's 64.
    const r = relativeCapacity(
      { fte: 1, startDate: '2024-01-01' },
      [{ startDate: '2027-02-15', endDate: '2027-03-31' }],
      q(2027, 1),
      past2026,
    );
    expect(r.now.share).toBe(31 / 64);
    expect(r.now.note).toBe("FTE 1 · 33 days' leave");
    expect(r.scale).toBe(31 / 64);
    expect(r.workedIn).toEqual([true, true, true, true]);
  });

  it('a steady half-timer compares like with like: scale 1', () => {
    expect(relativeCapacity({ fte: 0.5, startDate: '2024-01-01' }, [], q(2027, 1), past2026).scale).toBe(1);
  });

  it('periods before someone started are not judged; with none worked there is no scale', () => {
    const r = relativeCapacity({ fte: 1, startDate: '2026-12-01' }, [], q(2027, 1), past2026);
    expect(r.workedIn).toEqual([false, false, false, true]);
    // In 2027-Q1 she is in months 2–3 of her ramp: 0.5.
    expect(r.now.share).toBe(0.5);
    expect(relativeCapacity({ fte: 1, startDate: '2027-01-04' }, [], q(2027, 1), past2026).scale).toBeNull();
  });

  it('a team that grew: 1.5 full-time equivalents before, 2 now', () => {
    // Ann full time and Ben half time all along; Cara joins on 2026-12-01 (ramp 0.25 in December:
    // 23 of Q4's 66 working days × 0.25), and is at 0.5 in 2027-Q1.
    const spans = [
      { userId: 'ann', fte: 1, startDate: '2024-01-01', validFrom: '2024-01-01', validTo: null },
      { userId: 'ben', fte: 0.5, startDate: '2024-01-01', validFrom: '2024-01-01', validTo: null },
      { userId: 'cara', fte: 1, startDate: '2026-12-01', validFrom: '2026-12-01', validTo: null },
    ];
    const r = relativeTeamCapacity(spans, [], q(2027, 1), past2026);
    expect(r.now).toBe(2);
    const before = (1.5 * 3 + 1.5 + (23 * 0.25) / 66) / 4;
    expect(r.scale).toBeCloseTo(2 / before, 12);
    expect(r.note).toBe('2 full-time equivalents this period against 1.5 on average before');
  });

  it('a leaver counts only for their days in the team', () => {
    // Ben leaves on 2026-05-15: he counts in Q1 and part of Q2, and not at all since.
    const spans = [
      { userId: 'ben', fte: 1, startDate: '2024-01-01', validFrom: '2024-01-01', validTo: '2026-05-15' },
    ];
    const r = relativeTeamCapacity(spans, [], q(2027, 1), past2026);
    expect(r.now).toBe(0);
    expect(r.workedIn).toEqual([true, true, false, false]);
  });

  it('teammates’ usual per full capacity: the median of each one’s results ÷ their capacity', () => {
    const usual = peerUsual([
      { history: [60, 60, 60, 60], pastShares: [1, 1, 1, 1] },
      { history: [20, 20, 20, 20], pastShares: [0.5, 0.5, 0.5, 0.5] }, // 40 per full capacity
      { history: [0, 0], pastShares: [1, 1] }, // nothing won: not a reference
      { history: [99], pastShares: [0] }, // did not work then: not counted
    ]);
    expect(usual).toEqual({ usual: 50, people: 2 });
    expect(peerUsual([])).toBeNull();
  });
});
