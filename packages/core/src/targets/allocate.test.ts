import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AllocationRecipient, allocate } from './allocate.ts';

const person = (
  name: string,
  history: number[],
  capacity: number,
  extra: Partial<AllocationRecipient> = {},
): AllocationRecipient => ({ id: name.toLowerCase(), name, history, capacity, ...extra });

const values = (a: { lines: { value: number }[] }) => a.lines.map((l) => l.value);

describe('allocate on hand-checked numbers', () => {
  it('by history: 100,000 among histories of 50, 30 and 20 thousand = 50,000 / 30,000 / 20,000', () => {
    const a = allocate({
      total: 100_000,
      method: 'history',
      recipients: [
        person('Ann', [20_000, 30_000], 1),
        person('Bob', [15_000, 15_000], 1),
        person('Cat', [10_000, 10_000], 1),
      ],
    });
    expect(values(a)).toEqual([50_000, 30_000, 20_000]);
    expect(a.allocated).toBe(100_000);
    expect(a.weights).toEqual({ equal: 0, history: 1, capacity: 0 });
    expect(a.lines[0]?.shares).toEqual({ equal: 1 / 3, history: 0.5, capacity: 1 / 3 });
    expect(a.lines[0]?.historyTotal).toBe(50_000);
    expect(a.lines[0]?.rationale).toBe('Historical share 50.0% (50,000 of 100,000 over 2 periods) → 50,000');
  });

  it('equal: 100 among 3 = 33⅓ each → 34 / 33 / 33 (remainders tie, so input order gives the extra unit)', () => {
    const a = allocate({
      total: 100,
      method: 'equal',
      recipients: [person('Ann', [], 1), person('Bob', [], 1), person('Cat', [], 1)],
    });
    expect(values(a)).toEqual([34, 33, 33]);
    expect(a.lines.map((l) => l.bound)).toEqual([null, null, null]);
    expect(a.lines[0]?.rationale).toBe('Equal share 33.3% (1 of 3) → 34');
  });

  it('capacity 1, 0.5, 0.5 of 10 = 5 / 2.5 / 2.5 → 5 / 3 / 2 (the tied halves: equal shares, so input order)', () => {
    const a = allocate({
      total: 10,
      method: 'capacity',
      recipients: [
        person('Ann', [], 1),
        person('Bob', [], 0.5, { capacityNote: 'FTE 0.5' }),
        person('Cat', [], 0.5),
      ],
    });
    expect(values(a)).toEqual([5, 3, 2]);
    expect(a.lines.map((l) => l.unbounded)).toEqual([5, 2.5, 2.5]);
    expect(a.lines[1]?.rationale).toBe('Capacity share 25.0% (0.5 of 2: FTE 0.5) → 3');
    expect(a.lines[2]?.rationale).toBe('Capacity share 25.0% (capacity 0.5 of 2) → 2');
  });

  // Histories 120,000 / 180,000 / 75,000 of 375,000 = 32% / 48% / 20%;
  // capacities 0.5 / 0.75 / 0.5 of 1.75 = 2/7 / 3/7 / 2/7.
  // Blend 50/50: Ann (8/25 + 2/7) / 2 = 106/350 = 30.29%, Bob 159/350 = 45.43%, Cat 85/350 = 24.29%.
  // Total 100,000 + 10% uplift = 110,000 → 33,314.29 / 49,971.43 / 26,714.29; floors add up to
  // 109,999 and the one unit left goes to the largest remainder, Bob's .43 → 33,314 / 49,972 / 26,714.
  const team = (extra: Partial<Record<'ann' | 'bob' | 'cat', Partial<AllocationRecipient>>> = {}) => [
    person('Ann', [30_000, 30_000, 30_000, 30_000], 0.5, { capacityNote: 'FTE 1 · ramp 0.5', ...extra.ann }),
    person('Bob', [40_000, 50_000, 45_000, 45_000], 0.75, { capacityNote: 'FTE 0.75', ...extra.bob }),
    person('Cat', [15_000, 20_000, 20_000, 20_000], 0.5, { capacityNote: 'FTE 0.5', ...extra.cat }),
  ];

  it('blend 50% history + 50% capacity of 100,000 with a 10% uplift (the default blend)', () => {
    const a = allocate({ total: 100_000, uplift: 0.1, method: 'blend', recipients: team() });
    expect(a.allocated).toBe(110_000);
    expect(a.weights).toEqual({ equal: 0, history: 0.5, capacity: 0.5 });
    expect(values(a)).toEqual([33_314, 49_972, 26_714]);
    expect(a.lines[0]?.share).toBeCloseTo(106 / 350, 12);
    expect(a.lines[0]?.unbounded).toBeCloseTo(33_314.2857, 3);
    expect(a.lines[0]?.rationale).toBe(
      'Blend 50% history (32.0%: 120,000 of 375,000) + 50% capacity (28.6%: FTE 1 · ramp 0.5) = 30.3% of 110,000 (total 100,000 + 10% uplift) → 33,314',
    );
  });

  it('blend weights are any non-negative numbers, normalised by their sum', () => {
    const a = allocate({
      total: 100_000,
      uplift: 0.1,
      method: 'blend',
      weights: { equal: 0, history: 3, capacity: 3 },
      recipients: team(),
    });
    expect(values(a)).toEqual([33_314, 49_972, 26_714]);
    expect(a.weights).toEqual({ equal: 0, history: 0.5, capacity: 0.5 });
  });

  it('a minimum lifts Ann to 35,000 and the other 75,000 are re-spread over Bob and Cat by their shares', () => {
    // Bob : Cat = 159 : 85 → 75,000 × 159/244 = 48,872.95 and 75,000 × 85/244 = 26,127.05;
    // floors 48,872 + 26,127 = 74,999, the unit left to Bob's .95.
    const a = allocate({
      total: 100_000,
      uplift: 0.1,
      method: 'blend',
      recipients: team({ ann: { min: 35_000 } }),
    });
    expect(values(a)).toEqual([35_000, 48_873, 26_127]);
    expect(a.lines.map((l) => l.bound)).toEqual(['min', null, null]);
    expect(a.lines[0]?.rationale).toBe(
      'Blend 50% history (32.0%: 120,000 of 375,000) + 50% capacity (28.6%: FTE 1 · ramp 0.5) = 30.3% of 110,000 (total 100,000 + 10% uplift) → 33,314; raised to the minimum 35,000',
    );
    expect(a.lines[1]?.rationale).toMatch(
      /→ 49,971; 48,873 once the others' minimums and maximums are applied$/,
    );
    expect(a.notes).toEqual([
      '1 raised to their minimum; the rest re-spread over the others in proportion to their shares',
    ]);
  });

  it('a maximum caps Bob at 45,000; Ann and Cat share 65,000 as 106 : 85', () => {
    // 65,000 × 106/191 = 36,073.30, 65,000 × 85/191 = 28,926.70 → floors leave 1 unit, to Cat's .70.
    const a = allocate({
      total: 100_000,
      uplift: 0.1,
      method: 'blend',
      recipients: team({ bob: { max: 45_000 } }),
    });
    expect(values(a)).toEqual([36_073, 45_000, 28_927]);
    expect(a.lines.map((l) => l.bound)).toEqual([null, 'max', null]);
    expect(a.lines[1]?.rationale).toMatch(/→ 49,971; capped at the maximum 45,000$/);
  });

  it('a maximum that pushes another above its own maximum: both held, the third takes the rest', () => {
    // Equal thirds of 90 = 30 each; Ann ≤ 20 leaves 70 for two = 35 each, above Bob's 32: Bob 32, Cat 38.
    const a = allocate({
      total: 90,
      method: 'equal',
      recipients: [
        person('Ann', [], 1, { max: 20 }),
        person('Bob', [], 1, { max: 32 }),
        person('Cat', [], 1),
      ],
    });
    expect(values(a)).toEqual([20, 32, 38]);
    expect(a.lines.map((l) => l.bound)).toEqual(['max', 'max', null]);
  });

  it('bounds that cannot be met throw, with the figures', () => {
    const mins = team({ ann: { min: 40_000 }, bob: { min: 40_000 }, cat: { min: 40_000 } });
    expect(() => allocate({ total: 100_000, uplift: 0.1, method: 'blend', recipients: mins })).toThrow(
      new RangeError('The minimums add up to 120,000, more than the 110,000 to allocate'),
    );
    const maxes = team({ ann: { max: 30_000 }, bob: { max: 30_000 }, cat: { max: 30_000 } });
    expect(() => allocate({ total: 100_000, uplift: 0.1, method: 'blend', recipients: maxes })).toThrow(
      new RangeError('The maximums add up to 90,000, less than the 110,000 to allocate'),
    );
  });

  it('bad input throws a RangeError naming the recipient or the field', () => {
    const ok = [person('Ann', [1], 1)];
    expect(() => allocate({ total: 10, method: 'equal', recipients: [] })).toThrow(/nobody/);
    expect(() => allocate({ total: -1, method: 'equal', recipients: ok })).toThrow(/total/);
    expect(() => allocate({ total: Number.NaN, method: 'equal', recipients: ok })).toThrow(/total/);
    expect(() => allocate({ total: 10, uplift: -0.1, method: 'equal', recipients: ok })).toThrow(/uplift/);
    expect(() => allocate({ total: 10, step: 0, method: 'equal', recipients: ok })).toThrow(/step/);
    expect(() => allocate({ total: 10, method: 'equal', recipients: [person('Ann', [1], -1)] })).toThrow(
      /Ann's capacity/,
    );
    expect(() =>
      allocate({ total: 10, method: 'equal', recipients: [person('Ann', [1, Number.POSITIVE_INFINITY], 1)] }),
    ).toThrow(/Ann's history/);
    expect(() =>
      allocate({ total: 10, method: 'equal', recipients: [person('Ann', [1], 1, { min: 6, max: 5 })] }),
    ).toThrow(new RangeError("Ann's minimum 6 is above their maximum 5"));
    expect(() =>
      allocate({
        total: 10,
        step: 1,
        method: 'equal',
        recipients: [person('Ann', [1], 1, { min: 5.2, max: 5.8 })],
      }),
    ).toThrow(/Ann's minimum 5.2 and maximum 5.8 hold no whole step of 1/);
    expect(() =>
      allocate({
        total: 10,
        method: 'blend',
        weights: { equal: 0, history: 0, capacity: 0 },
        recipients: ok,
      }),
    ).toThrow(/weights add up to 0/);
    expect(() =>
      allocate({
        total: 10,
        method: 'blend',
        weights: { equal: -1, history: 2, capacity: 0 },
        recipients: ok,
      }),
    ).toThrow(/weight for equal/);
  });

  it('nobody has history: historical share falls back to equal shares, with a note', () => {
    const a = allocate({
      total: 9,
      method: 'history',
      recipients: [person('Ann', [0, 0], 1), person('Bob', [], 1), person('Cat', [0], 1)],
    });
    expect(values(a)).toEqual([3, 3, 3]);
    expect(a.notes).toEqual(['Nobody has history: historical share fell back to equal shares']);
    expect(a.lines[0]?.rationale).toBe('Historical share 33.3% (nobody has history: equal shares) → 3');
  });

  it('nobody has capacity: the capacity part of a blend falls back to equal shares', () => {
    const a = allocate({
      total: 100,
      method: 'blend',
      recipients: [person('Ann', [30], 0), person('Bob', [10], 0)],
    });
    // (0.75 + 0.5) / 2 = 62.5%, (0.25 + 0.5) / 2 = 37.5%
    expect(values(a)).toEqual([63, 37]);
    expect(a.notes).toEqual(['Nobody has capacity in the period: capacity share fell back to equal shares']);
  });

  it('steps: 0.3 in steps of 0.1 between two is 0.2 / 0.1, as clean decimals; 1,005 in tens is 1,010', () => {
    const a = allocate({
      total: 0.3,
      step: 0.1,
      method: 'equal',
      recipients: [person('A', [], 1), person('B', [], 1)],
    });
    expect(a.allocated).toBe(0.3);
    expect(values(a)).toEqual([0.2, 0.1]);
    const b = allocate({
      total: 1005,
      step: 10,
      method: 'equal',
      recipients: [person('A', [], 1), person('B', [], 1)],
    });
    expect(b.allocated).toBe(1010);
    expect(values(b)).toEqual([510, 500]);
    const c = allocate({
      total: 1,
      step: 0.1,
      uplift: 0.1,
      method: 'equal',
      recipients: [person('A', [], 1), person('B', [], 1), person('C', [], 1)],
    });
    expect(c.allocated).toBe(1.1);
    // 0.25 / 0.1 = 2.4999999999999996 in floating point; still half a step, so it rounds up.
    expect(
      allocate({ total: 0.25, step: 0.1, method: 'equal', recipients: [person('A', [], 1)] }).allocated,
    ).toBe(0.3);
    expect(values(c)).toEqual([0.4, 0.4, 0.3]);
  });

  it('someone with no history gets nothing by history, unless the others are all at their maximum', () => {
    const recipients = [person('Ann', [100], 1, { max: 60 }), person('Bob', [0], 1), person('Cat', [0], 1)];
    const a = allocate({ total: 100, method: 'history', recipients });
    // Ann's 100% share is capped at 60; Bob and Cat (share 0) split the 40 left equally.
    expect(values(a)).toEqual([60, 20, 20]);
    expect(allocate({ total: 50, method: 'history', recipients }).lines.map((l) => l.value)).toEqual([
      50, 0, 0,
    ]);
  });
});

// ---- properties ----

const STEPS = [1, 10, 0.5] as const;

const recipientArb = fc.record({
  history: fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 4 }),
  capacity: fc.constantFrom(0, 0.25, 0.5, 0.8, 1),
  // Bounds as parts of an equal share, so that many inputs are feasible.
  min: fc.option(fc.double({ min: 0, max: 1.2, noNaN: true }), { nil: null }),
  max: fc.option(fc.double({ min: 0.5, max: 3, noNaN: true }), { nil: null }),
});

const inputArb = fc.record({
  total: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
  step: fc.constantFrom(...STEPS),
  uplift: fc.constantFrom(0, 0.05, 0.1, 0.25),
  method: fc.constantFrom('equal', 'history', 'capacity', 'blend') as fc.Arbitrary<
    'equal' | 'history' | 'capacity' | 'blend'
  >,
  weights: fc.record({
    equal: fc.integer({ min: 0, max: 3 }),
    history: fc.integer({ min: 0, max: 3 }),
    capacity: fc.integer({ min: 1, max: 3 }),
  }),
  people: fc.array(recipientArb, { minLength: 1, maxLength: 25 }),
  bounded: fc.boolean(),
});

type Gen = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Gen) {
  const equalShare = (g.total * (1 + g.uplift)) / g.people.length;
  const recipients = g.people.map((p, i) => {
    const min = g.bounded && p.min !== null ? Math.round(p.min * equalShare) : null;
    const max = g.bounded && p.max !== null ? Math.round(Math.max(p.max * equalShare, min ?? 0)) : null;
    return person(`P${i}`, p.history, p.capacity, { min, max });
  });
  return { total: g.total, step: g.step, uplift: g.uplift, method: g.method, weights: g.weights, recipients };
}

/** Runs allocate; infeasible bounds must be exactly the ones that throw, and are then skipped. */
function tryAllocate(g: Gen) {
  const input = build(g);
  const units = Math.round((input.total * (1 + input.uplift)) / input.step);
  let loSum = 0;
  let hiSum = 0;
  let empty = false;
  for (const r of input.recipients) {
    const lo = r.min == null ? 0 : Math.ceil(r.min / input.step - 1e-9);
    const hi = r.max == null ? Number.POSITIVE_INFINITY : Math.floor(r.max / input.step + 1e-9);
    if (lo > hi) empty = true;
    loSum += lo;
    hiSum += hi;
  }
  if (empty || loSum > units || hiSum < units) {
    expect(() => allocate(input)).toThrow(RangeError);
    return null;
  }
  return { input, result: allocate(input) };
}

const isMultiple = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-9;

describe('allocate properties', () => {
  it('the values add up to the allocated amount exactly, each a whole number of steps within its bounds', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const run = tryAllocate(g);
        if (!run) return;
        const { input, result } = run;
        expect(result.allocated).toBe(
          Math.round((input.total * (1 + input.uplift)) / input.step) * input.step,
        );
        expect(result.lines.reduce((s, l) => s + l.value, 0)).toBe(result.allocated);
        result.lines.forEach((line, i) => {
          const r = input.recipients[i] as AllocationRecipient;
          expect(isMultiple(line.value, input.step)).toBe(true);
          if (r.min != null) expect(line.value).toBeGreaterThanOrEqual(r.min);
          if (r.max != null) expect(line.value).toBeLessThanOrEqual(r.max);
          if (line.bound === 'min') expect(line.value).toBe(Math.ceil(r.min! / input.step) * input.step);
          if (line.bound === 'max') expect(line.value).toBe(Math.floor(r.max! / input.step) * input.step);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('without bounds, every value is within one step of its exact quota (allocated × share)', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const { result, input } = tryAllocate({ ...g, bounded: false })!;
        for (const line of result.lines)
          expect(Math.abs(line.value - result.allocated * line.share)).toBeLessThan(input.step * (1 + 1e-9));
      }),
      { numRuns: 400 },
    );
  });

  it('largest remainder: nobody rounded up has a smaller fractional remainder than anyone rounded down', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const { result, input } = tryAllocate({ ...g, bounded: false })!;
        const quotas = result.lines.map((l) => (result.allocated / input.step) * l.share);
        const frac = (q: number) => q - Math.floor(q + 1e-9);
        let smallestUp = Number.POSITIVE_INFINITY;
        let largestDown = Number.NEGATIVE_INFINITY;
        result.lines.forEach((l, i) => {
          const q = quotas[i] as number;
          const up = Math.round(l.value / input.step) > Math.floor(q + 1e-9);
          if (up) smallestUp = Math.min(smallestUp, frac(q));
          else if (frac(q) > 1e-9) largestDown = Math.max(largestDown, frac(q));
        });
        expect(smallestUp).toBeGreaterThanOrEqual(largestDown - 1e-6);
      }),
      { numRuns: 400 },
    );
  });

  it('with bounds, the free recipients sit at one common level of their shares (water-filling)', () => {
    // Free recipient i has units within 1 of λ·share_i for one λ; a raised one's minimum is above that
    // level and a capped one's maximum below it.
    fc.assert(
      fc.property(inputArb, (g) => {
        const run = tryAllocate({ ...g, bounded: true });
        if (!run) return;
        const { result, input } = run;
        const units = (x: number) => Math.round(x / input.step);
        let low = Number.NEGATIVE_INFINITY;
        let high = Number.POSITIVE_INFINITY;
        for (const l of result.lines) {
          if (l.bound !== null || l.share === 0) continue;
          low = Math.max(low, (units(l.value) - 1) / l.share);
          high = Math.min(high, (units(l.value) + 1) / l.share);
        }
        expect(low).toBeLessThanOrEqual(high * (1 + 1e-9));
        for (const l of result.lines) {
          if (l.share === 0) continue;
          if (l.bound === 'min') expect(units(l.value) / l.share).toBeGreaterThanOrEqual(low * (1 - 1e-9));
          if (l.bound === 'max') expect(units(l.value) / l.share).toBeLessThanOrEqual(high * (1 + 1e-9));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('monotone: raising one recipient’s history (method history) or capacity (method capacity) never lowers their value', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.nat(),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(0.05, 0.25, 0.5),
        (g, pick, moreHistory, moreCapacity) => {
          const input = build({ ...g, bounded: false });
          const k = pick % input.recipients.length;
          const r = input.recipients[k] as AllocationRecipient;
          const raise = (changed: AllocationRecipient) =>
            input.recipients.map((x, i) => (i === k ? changed : x));

          const byHistory = { ...input, method: 'history' as const };
          const before = allocate(byHistory).lines[k]?.value as number;
          const after = allocate({
            ...byHistory,
            recipients: raise({ ...r, history: [...r.history, moreHistory] }),
          }).lines[k]?.value as number;
          expect(after).toBeGreaterThanOrEqual(before);

          const byCapacity = { ...input, method: 'capacity' as const };
          const capBefore = allocate(byCapacity).lines[k]?.value as number;
          const capAfter = allocate({
            ...byCapacity,
            recipients: raise({ ...r, capacity: r.capacity + moreCapacity }),
          }).lines[k]?.value as number;
          expect(capAfter).toBeGreaterThanOrEqual(capBefore);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('steps of 0.1: the values are clean one-decimal numbers whose tenths add up to the allocated tenths', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const run = tryAllocate({ ...g, step: 0.1 } as unknown as Gen);
        if (!run) return;
        const { result } = run;
        let tenths = 0;
        for (const l of result.lines) {
          expect(Number(l.value.toFixed(1))).toBe(l.value);
          tenths += Math.round(l.value * 10);
        }
        expect(tenths).toBe(Math.round(result.allocated * 10));
      }),
      { numRuns: 200 },
    );
  });
});

describe('allocate without explanations', () => {
  it('gives the same numbers and leaves the rationale empty', () => {
    const recipients = [
      { id: 'a', name: 'Ann', history: [50, 60], capacity: 1 },
      { id: 'b', name: 'Ben', history: [10, 20], capacity: 0.5, min: 40 },
      { id: 'c', name: 'Cy', history: [], capacity: 0.25 },
    ];
    const full = allocate({ total: 100, method: 'blend', recipients });
    const bare = allocate({ total: 100, method: 'blend', recipients, explain: false });
    expect(bare.lines.map((l) => l.value)).toEqual(full.lines.map((l) => l.value));
    expect(full.lines.every((l) => l.rationale.length > 0)).toBe(true);
    expect(bare.lines.every((l) => l.rationale === '')).toBe(true);
  });
});
