import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type EarlyWarningInput,
  earlyWarning,
  projectRemainingActivities,
  shareWithin,
} from './early-warning.ts';

/**
 * The worked case every test starts from:
 * - win rate 10 won ÷ (10 + 10) = 50%; average deal 30,000 ÷ 10 = 3,000
 * - 600 activities ÷ 40 opportunities = 15 per opportunity
 * - cycles 10,10,10,10,20,20,20,20,40,40: 8 of 10 within 20 days = 80%
 * - pipeline 24,000 × 50% = 12,000
 * - 100 activities in 10 of 20 working days → 10 a day × 10 days left = 100
 * - activity 100 ÷ 15 × 50% × 3,000 × 80% = 8,000
 * - expected 20,000 + 12,000 + 8,000 = 40,000
 * - each activity brings 50% × 3,000 × 80% ÷ 15 = 80
 */
const base: EarlyWarningInput = {
  goal: 50_000,
  goalSource: 'target',
  actual: 20_000,
  workingDaysElapsed: 10,
  workingDaysTotal: 20,
  daysRemaining: 20,
  openPipelineDue: { deals: 6, amount: 24_000 },
  activitiesSoFar: 100,
  history: {
    activities: 600,
    opportunities: 40,
    won: 10,
    lost: 10,
    revenueWon: 30_000,
    cycleDays: [
      [10, 4],
      [20, 4],
      [40, 2],
    ],
  },
};

function withGoal(goal: number): EarlyWarningInput {
  return { ...base, goal };
}

describe('earlyWarning', () => {
  it('expected 40,000 is 80% of 50,000 (< 85%): cannot reach; 10,000 short; (50,000 − 32,000) ÷ 80 = 225 activities needed against 100', () => {
    const w = earlyWarning(base);
    expect(w.status).toBe('cannot_reach');
    expect(w.expected).toBeCloseTo(40_000, 6);
    expect(w.shortfall).toBeCloseTo(10_000, 6);
    expect(w.projectedActivities).toBe(100);
    expect(w.neededActivities).toBe(225);
    expect(w.message).toBe(
      'Cannot reach the target of 50,000 at this pace: 20,000 won so far, and the open pipeline and the current pace of activity should bring about 40,000, 10,000 short; closing it would take 225 activities in the rest of the period against 100 at the current pace.',
    );
  });

  it('shows the arithmetic of every step', () => {
    const byLabel = Object.fromEntries(earlyWarning(base).steps.map((s) => [s.label, s.working]));
    expect(byLabel).toEqual({
      Target: '50,000, the target for the period',
      'Won so far': '20,000 won in the period so far',
      'Win rate': '10 won ÷ (10 won + 10 lost) = 50%',
      'Average deal size': '30,000 won ÷ 10 deals = 3,000',
      'Activities per opportunity': '600 activities ÷ 40 opportunities = 15',
      'Wins closing in time': '8 of 10 past wins closed within 20 days = 80%',
      'Expected from open pipeline': '6 deals worth 24,000 due × 50% win rate = 12,000',
      'Projected activities': '100 activities ÷ 10 working days × 10 working days left = 100',
      'Expected from new activity':
        '100 activities ÷ 15 per opportunity × 50% win rate × 3,000 average deal × 80% closing in time = 8,000',
      'Expected by period end': '20,000 won + 12,000 from pipeline + 8,000 from new activity = 40,000',
      Shortfall: '50,000 − 40,000 expected = 10,000',
      'Activities needed':
        '(50,000 − 20,000 won − 12,000 pipeline = 18,000) ÷ (50% win rate × 3,000 × 80% in time) × 15 activities per opportunity = 225',
    });
  });

  it('expected 40,000 of a 45,000 target is 89% (≥ 85%): at risk, 5,000 short; 13,000 ÷ 80 = 162.5 → 163 activities', () => {
    const w = earlyWarning(withGoal(45_000));
    expect(w.status).toBe('at_risk');
    expect(w.shortfall).toBeCloseTo(5_000, 6);
    expect(w.neededActivities).toBe(163);
    expect(w.message).toContain('At risk: 20,000 won so far');
    expect(w.message).toContain('5,000 short of the target of 45,000');
  });

  it('expected 40,000 against exactly 40,000 is on track, with no shortfall: 8,000 ÷ 80 = 100 activities needed, the pace', () => {
    const w = earlyWarning(withGoal(40_000));
    expect(w.status).toBe('on_track');
    expect(w.shortfall).toBe(0);
    expect(w.neededActivities).toBe(100);
    expect(w.message).toBe(
      'On track: 20,000 won so far, and the open pipeline and the current pace of activity should bring about 40,000 against the target of 40,000.',
    );
  });

  it('85% exactly is at risk: 40,000 ÷ 0.85 = 47,058.8, so a goal of 47,058 is at risk and 47,060 cannot be reached', () => {
    expect(earlyWarning(withGoal(47_058)).status).toBe('at_risk');
    expect(earlyWarning(withGoal(47_060)).status).toBe('cannot_reach');
  });

  it('20,000 won against a goal of 20,000 is reached, whatever the history', () => {
    const w = earlyWarning({ ...withGoal(20_000), history: { ...base.history, won: 0, lost: 1 } });
    expect(w.status).toBe('reached');
    expect(w.message).toBe('Already won 20,000, which reaches the target of 20,000.');
  });

  it('needs no activity when the pipeline covers the goal: 20,000 + 12,000 ≥ 30,000', () => {
    const w = earlyWarning(withGoal(30_000));
    expect(w.status).toBe('on_track');
    expect(w.neededActivities).toBe(0);
  });

  it('2 won + 2 lost = 4 closed deals is too few to judge, but the figures are still shown', () => {
    const w = earlyWarning({ ...base, history: { ...base.history, won: 2, lost: 2, revenueWon: 6_000 } });
    expect(w.status).toBe('insufficient_history');
    // 50% win rate, 3,000 average: the same figures as the worked case
    expect(w.expected).toBeCloseTo(40_000, 6);
    expect(w.message).toBe(
      'Not enough to judge the target of 50,000 yet: only 4 closed deals in the look-back (5 are needed for a reliable win rate).',
    );
  });

  it('no opportunities in the look-back is too little history; the activity part is unknown', () => {
    const w = earlyWarning({ ...base, history: { ...base.history, opportunities: 0 } });
    expect(w.status).toBe('insufficient_history');
    expect(w.expected).toBeNull();
    expect(w.neededActivities).toBeNull();
    expect(w.message).toContain('no opportunities were created in the look-back');
  });

  it('before the first working day there is no pace to project', () => {
    const w = earlyWarning({ ...base, workingDaysElapsed: 0, activitiesSoFar: 0 });
    expect(w.status).toBe('insufficient_history');
    expect(w.projectedActivities).toBeNull();
    expect(w.expected).toBeNull();
    // Still computable: (50,000 − 32,000) ÷ 80 = 225
    expect(w.neededActivities).toBe(225);
    expect(w.message).toContain('no working day of the period has passed yet');
  });

  it('with 5 days left and no past win closing within 10 days, activity cannot help: expected 20,000 + 12,000 = 32,000', () => {
    const w = earlyWarning({ ...base, daysRemaining: 5 });
    expect(w.status).toBe('cannot_reach');
    expect(w.expected).toBe(32_000);
    expect(w.neededActivities).toBeNull();
    expect(w.message).toContain(
      'new activity cannot help in time, as none of the past wins closed within the 5 days left',
    );
    expect(w.steps.find((s) => s.label === 'Wins closing in time')?.working).toBe(
      '0 of 10 past wins closed within 5 days = 0%',
    );
  });

  it('no activity so far means no activity part: 20,000 + 12,000 + 0 = 32,000', () => {
    const w = earlyWarning({ ...base, activitiesSoFar: 0 });
    expect(w.projectedActivities).toBe(0);
    expect(w.expected).toBe(32_000);
  });

  it('a person who has lost all 6 closed deals expects nothing beyond what is won', () => {
    const w = earlyWarning({
      ...base,
      history: { ...base.history, won: 0, lost: 6, revenueWon: 0, cycleDays: [] },
    });
    expect(w.status).toBe('cannot_reach');
    expect(w.expected).toBe(20_000);
    expect(w.neededActivities).toBeNull();
    expect(w.message).toContain('new activity on its own is not expected to close the gap');
  });

  it('names a baseline as a baseline', () => {
    const w = earlyWarning({ ...base, goalSource: 'baseline' });
    expect(w.message).toContain('Cannot reach the baseline of 50,000');
    expect(w.steps[0]).toMatchObject({
      label: 'Baseline',
      working: '50,000, the usual revenue of a period (no target is set)',
    });
  });

  it('formats large figures with thousands separators: 2,400,000 × 50% = 1,200,000', () => {
    const w = earlyWarning({ ...base, openPipelineDue: { deals: 12, amount: 2_400_000 } });
    expect(w.steps.find((s) => s.label === 'Expected from open pipeline')?.working).toBe(
      '12 deals worth 2,400,000 due × 50% win rate = 1,200,000',
    );
  });

  const input = fc.record({
    goal: fc.integer({ min: 0, max: 1_000_000 }),
    goalSource: fc.constantFrom('target' as const, 'baseline' as const),
    actual: fc.integer({ min: 0, max: 1_000_000 }),
    workingDaysElapsed: fc.integer({ min: 0, max: 23 }),
    workingDaysTotal: fc.integer({ min: 0, max: 23 }),
    daysRemaining: fc.integer({ min: 0, max: 31 }),
    openPipelineDue: fc.record({
      deals: fc.integer({ min: 0, max: 50 }),
      amount: fc.integer({ min: 0, max: 1_000_000 }),
    }),
    activitiesSoFar: fc.integer({ min: 0, max: 2_000 }),
    history: fc.record({
      activities: fc.integer({ min: 0, max: 5_000 }),
      opportunities: fc.integer({ min: 0, max: 300 }),
      won: fc.integer({ min: 0, max: 100 }),
      lost: fc.integer({ min: 0, max: 100 }),
      revenueWon: fc.integer({ min: 0, max: 5_000_000 }),
      cycleDays: fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 10 })), {
        maxLength: 5,
      }),
    }),
  });

  it('expected never falls when the pipeline due or the activity so far grows', () => {
    fc.assert(
      fc.property(
        input,
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 500 }),
        (i, more, extra) => {
          const before = earlyWarning(i).expected;
          const morePipeline = earlyWarning({
            ...i,
            openPipelineDue: { ...i.openPipelineDue, amount: i.openPipelineDue.amount + more },
          }).expected;
          const moreActivity = earlyWarning({ ...i, activitiesSoFar: i.activitiesSoFar + extra }).expected;
          if (before !== null && morePipeline !== null) expect(morePipeline).toBeGreaterThanOrEqual(before);
          if (before !== null && moreActivity !== null) expect(moreActivity).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('the status agrees with the expected figure and the shortfall is goal − expected, never negative', () => {
    fc.assert(
      fc.property(input, (i) => {
        const w = earlyWarning(i);
        if (w.expected !== null) expect(w.shortfall).toBeCloseTo(Math.max(0, i.goal - w.expected), 6);
        if (w.status === 'on_track') expect(w.expected!).toBeGreaterThanOrEqual(i.goal - 1e-6);
        if (w.status === 'at_risk') expect(w.expected!).toBeLessThan(i.goal);
        if (w.status === 'cannot_reach') expect(w.expected!).toBeLessThan(0.85 * i.goal);
        expect(w.message.length).toBeGreaterThan(0);
        for (const s of w.steps) expect(s.working).not.toMatch(/NaN|Infinity/);
      }),
    );
  });
});

describe('shareWithin', () => {
  it('3 of 4 cycles (5, 10, 10 ≤ 10; 30 > 10) = 75%; empty → null', () => {
    expect(
      shareWithin(
        [
          [10, 2],
          [5, 1],
          [30, 1],
        ],
        10,
      ),
    ).toBe(0.75);
    expect(shareWithin([], 10)).toBeNull();
  });
});

describe('projectRemainingActivities', () => {
  it('45 activities in 9 days = 5 a day × (21 − 9 = 12) days left = 60; none left past the end', () => {
    expect(projectRemainingActivities(45, 9, 21)).toBe(60);
    expect(projectRemainingActivities(45, 25, 21)).toBe(0);
    expect(projectRemainingActivities(0, 0, 21)).toBeNull();
  });
});
