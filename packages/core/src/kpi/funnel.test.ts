import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COACHING_FOCUS,
  type FunnelCounts,
  type FunnelStage,
  type FunnelStep,
  funnelSteps,
  mergeFunnelCounts,
  weakestStage,
} from './funnel.ts';

// Given out of order on purpose: steps follow position, not input order.
const stages: FunnelStage[] = [
  { id: 'neg', name: 'Negotiation', position: 4, kind: 'open' },
  { id: 'won', name: 'Closed won', position: 5, kind: 'won' },
  { id: 'pro', name: 'Prospecting', position: 1, kind: 'open' },
  { id: 'lost', name: 'Closed lost', position: 6, kind: 'lost' },
  { id: 'qua', name: 'Qualification', position: 2, kind: 'open' },
  { id: 'prop', name: 'Proposal', position: 3, kind: 'open' },
];

const person: FunnelCounts = {
  stages: [
    // days 2,2,2,4,4,10 → median (2 + 4) ÷ 2 = 3
    {
      stageId: 'pro',
      entered: 20,
      advanced: 10,
      daysInStage: [
        [2, 3],
        [4, 2],
        [10, 1],
      ],
    },
    { stageId: 'qua', entered: 10, advanced: 6, daysInStage: [[5, 6]] },
    {
      stageId: 'prop',
      entered: 18,
      advanced: 4,
      daysInStage: [
        [7, 3],
        [9, 1],
      ],
    },
    { stageId: 'neg', entered: 5, advanced: 3, daysInStage: [] },
  ],
};

const team: FunnelCounts = {
  stages: [
    { stageId: 'pro', entered: 100, advanced: 48, daysInStage: [[3, 10]] },
    { stageId: 'qua', entered: 50, advanced: 30, daysInStage: [[4, 10]] },
    { stageId: 'prop', entered: 100, advanced: 41, daysInStage: [[6, 10]] },
    { stageId: 'neg', entered: 40, advanced: 20, daysInStage: [[10, 4]] },
  ],
};

function step(over: Partial<FunnelStep>): FunnelStep {
  return {
    fromStageId: 'x',
    fromName: 'Proposal',
    toName: 'Negotiation',
    entered: 10,
    advanced: 5,
    conversion: 0.5,
    medianDays: 6,
    benchmarkConversion: 0.5,
    benchmarkMedianDays: 6,
    gap: 0,
    ...over,
  };
}

describe('funnelSteps', () => {
  const steps = funnelSteps(stages, person, team);

  it('one step per open stage in position order, the last one to the won stage', () => {
    expect(steps.map((s) => `${s.fromName} → ${s.toName}`)).toEqual([
      'Prospecting → Qualification',
      'Qualification → Proposal',
      'Proposal → Negotiation',
      'Negotiation → Closed won',
    ]);
  });

  it('Prospecting: 10 of 20 = 50% against the team 48 of 100 = 48%, gap +2 points; median days (2 + 4) ÷ 2 = 3', () => {
    const s = steps[0]!;
    expect(s.conversion).toBe(0.5);
    expect(s.benchmarkConversion).toBe(0.48);
    expect(s.gap).toBeCloseTo(0.02, 10);
    expect(s.medianDays).toBe(3);
    expect(s.benchmarkMedianDays).toBe(3);
  });

  it('Proposal: 4 of 18 = 22.2% against 41 of 100 = 41%, gap −18.8 points; median of 7,7,7,9 = 7', () => {
    const s = steps[2]!;
    expect(s.entered).toBe(18);
    expect(s.advanced).toBe(4);
    expect(s.conversion).toBeCloseTo(4 / 18, 12);
    expect(s.gap).toBeCloseTo(4 / 18 - 0.41, 12);
    expect(s.medianDays).toBe(7);
  });

  it('a stage nobody entered has no conversion, no median and no gap (not 0)', () => {
    const s = funnelSteps(stages, { stages: [] }, team)[1]!;
    expect(s).toMatchObject({ entered: 0, advanced: 0, conversion: null, medianDays: null, gap: null });
    expect(s.benchmarkConversion).toBe(0.6);
  });

  it('names the last step "… → Won" when the pipeline has no won stage', () => {
    const openOnly = stages.filter((s) => s.kind === 'open');
    expect(funnelSteps(openOnly, person, team).at(-1)?.toName).toBe('Won');
  });
});

describe('mergeFunnelCounts', () => {
  it('sums the cohort and merges days: 10 + 6 = 16 entered, 4 + 3 = 7 advanced, days 3,3,3,5 → median 3', () => {
    const merged = mergeFunnelCounts(
      { stages: [{ stageId: 'pro', entered: 10, advanced: 4, daysInStage: [[3, 2]] }] },
      {
        stages: [
          {
            stageId: 'pro',
            entered: 6,
            advanced: 3,
            daysInStage: [
              [3, 1],
              [5, 1],
            ],
          },
          { stageId: 'qua', entered: 2, advanced: 1, daysInStage: [] },
        ],
      },
    );
    expect(merged.stages).toEqual([
      {
        stageId: 'pro',
        entered: 16,
        advanced: 7,
        daysInStage: [
          [3, 3],
          [5, 1],
        ],
      },
      { stageId: 'qua', entered: 2, advanced: 1, daysInStage: [] },
    ]);
  });

  it('merging nothing gives an empty funnel', () => {
    expect(mergeFunnelCounts()).toEqual({ stages: [] });
  });

  const flow = fc.record({
    stageId: fc.constantFrom('a', 'b', 'c'),
    entered: fc.integer({ min: 0, max: 1000 }),
    advanced: fc.integer({ min: 0, max: 1000 }),
    daysInStage: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 })), {
      maxLength: 4,
    }),
  });
  const counts = fc.record({ stages: fc.array(flow, { maxLength: 5 }) });
  const byStage = (c: FunnelCounts) => [...c.stages].sort((x, y) => x.stageId.localeCompare(y.stageId));

  it('is associative and commutative on the totals', () => {
    fc.assert(
      fc.property(counts, counts, counts, (a, b, c) => {
        const flat = byStage(mergeFunnelCounts(a, b, c));
        expect(byStage(mergeFunnelCounts(mergeFunnelCounts(a, b), c))).toEqual(flat);
        expect(byStage(mergeFunnelCounts(a, mergeFunnelCounts(b, c)))).toEqual(flat);
        expect(byStage(mergeFunnelCounts(c, a, b))).toEqual(flat);
      }),
    );
  });

  it('a person measured against themselves is never the weakest', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const s = funnelSteps(
          ['a', 'b', 'c'].map((id, i) => ({ id, name: id, position: i, kind: 'open' as const })),
          c,
          c,
        );
        for (const x of s) expect(x.gap === null || x.gap === 0).toBe(true);
        expect(weakestStage(s, {}, { minEntered: 0 })).toBeNull();
      }),
    );
  });
});

describe('weakestStage', () => {
  it('names Proposal → Negotiation: 22% of 18 deals against the team 41% (gap −18.8 points beats nothing else below −5)', () => {
    const w = weakestStage(funnelSteps(stages, person, team), DEFAULT_COACHING_FOCUS);
    expect(w).toMatchObject({
      fromName: 'Proposal',
      toName: 'Negotiation',
      basis: 'conversion',
      benchmarkConversion: 0.41,
      focus: 'Value articulation and objection handling',
      reason: "Proposal → Negotiation: 22% of 18 deals advanced against the team's 41%",
    });
    expect(w?.gap).toBeCloseTo(-0.1878, 4);
  });

  it('ignores a step with fewer than 5 deals even when its gap is worse: 0 of 4 (−50 points) vs 2 of 10 (−20 points)', () => {
    const steps = [
      step({ fromName: 'Qualification', entered: 4, advanced: 0, conversion: 0, gap: -0.5 }),
      step({
        fromName: 'Proposal',
        entered: 10,
        advanced: 2,
        conversion: 0.2,
        benchmarkConversion: 0.4,
        gap: -0.2,
      }),
    ];
    expect(weakestStage(steps, {})?.fromName).toBe('Proposal');
    expect(weakestStage(steps, {}, { minEntered: 4 })?.fromName).toBe('Qualification');
  });

  it('a shortfall within the 5-point tolerance is not a weakness: 46% against 50% (−4 points) → null', () => {
    expect(weakestStage([step({ conversion: 0.46, gap: -0.04 })], {})).toBeNull();
    expect(weakestStage([step({ conversion: 0.46, gap: -0.04 })], {}, { tolerance: 0.03 })?.fromName).toBe(
      'Proposal',
    );
  });

  it('a tie goes to the earlier stage: 0.4 − 0.6 and 0.2 − 0.4 are both −20 points', () => {
    const steps = [
      step({ fromName: 'Qualification', toName: 'Proposal', conversion: 0.4, benchmarkConversion: 0.6 }),
      step({ fromName: 'Proposal', conversion: 0.2, benchmarkConversion: 0.4 }),
    ].map((s) => ({ ...s, gap: s.conversion! - s.benchmarkConversion! }));
    expect(weakestStage(steps, {})?.fromName).toBe('Qualification');
  });

  it('with no conversion shortfall, names the slowest step: 12 days against 6 (+100%) beats 8 against 6 (+33%)', () => {
    const steps = [
      step({ fromName: 'Qualification', toName: 'Proposal', medianDays: 8 }),
      step({ fromName: 'Proposal', medianDays: 12 }),
    ];
    const w = weakestStage(steps, { Proposal: 'Value articulation' });
    expect(w).toMatchObject({ fromName: 'Proposal', basis: 'time', focus: 'Value articulation' });
    expect(w?.reason).toBe(
      "Proposal → Negotiation: deals stayed a median of 12 days in Proposal against the team's 6 days, so they move slowly there",
    );
  });

  it('exactly 50% slower is not yet slow: 9 days against 6 → null', () => {
    expect(weakestStage([step({ medianDays: 9 })], {})).toBeNull();
  });

  it('a conversion shortfall outranks slowness', () => {
    const steps = [
      step({ fromName: 'Qualification', medianDays: 30 }),
      step({ fromName: 'Proposal', conversion: 0.3, gap: -0.2 }),
    ];
    expect(weakestStage(steps, {})).toMatchObject({ fromName: 'Proposal', basis: 'conversion' });
  });

  it('looks the focus up by the from-stage name, ignoring case; none → null', () => {
    const s = [step({ conversion: 0.2, gap: -0.3 })];
    expect(weakestStage(s, { PROPOSAL: 'Objection handling' })?.focus).toBe('Objection handling');
    expect(weakestStage(s, { Negotiation: 'Closing' })?.focus).toBeNull();
  });
});

describe('DEFAULT_COACHING_FOCUS', () => {
  it('has a focus for each default stage', () => {
    for (const name of ['Prospecting', 'Qualification', 'Engaging', 'Proposal', 'Negotiation'])
      expect(DEFAULT_COACHING_FOCUS[name]).toBeTruthy();
  });
});
