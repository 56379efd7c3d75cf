import { describe, expect, it } from 'vitest';
import {
  ACHIEVABLE_FLOOR,
  ACHIEVABLE_STRETCH,
  checkSmart,
  findVagueWording,
  type SmartInput,
  type SmartLetter,
} from './smart.ts';

/** A target that passes all five letters; each test changes one thing. */
const good = (over: Partial<SmartInput> = {}): SmartInput => ({
  metric: 'revenue_won',
  metricName: 'Revenue won',
  measurable: true,
  direction: 'higher_is_better',
  unit: 'currency',
  owner: { kind: 'team', name: 'Enterprise Sales' },
  title: 'Revenue won of 120,000 in Q1',
  description: null,
  value: 120_000,
  start: '2026-01-01',
  end: '2026-03-31',
  checkpoints: [
    { date: '2026-01-31', value: 40_000 },
    { date: '2026-02-28', value: 80_000 },
  ],
  objective: { title: 'Grow enterprise revenue', start: '2026-01-01', end: '2026-12-31', status: 'active' },
  history: [90_000, 100_000, 80_000, 110_000],
  capacity: null,
  ...over,
});

const letter = (input: SmartInput, l: SmartLetter) => {
  const r = checkSmart(input).letters.find((x) => x.letter === l);
  if (!r) throw new Error(`no ${l}`);
  return r;
};

describe('checkSmart', () => {
  it('a good target passes all five letters, in order S M A R T, with reasons', () => {
    const r = checkSmart(good());
    expect(r.pass).toBe(true);
    expect(r.failing).toEqual([]);
    expect(r.letters.map((l) => [l.letter, l.name, l.pass])).toEqual([
      ['S', 'Specific', true],
      ['M', 'Measurable', true],
      ['A', 'Achievable', true],
      ['R', 'Relevant', true],
      ['T', 'Time-bound', true],
    ]);
    expect(r.letters.map((l) => l.reason)).toEqual([
      'Revenue won for the team Enterprise Sales, stated without vague wording',
      'Computed from recorded data: Revenue won, target 120,000',
      // usual = median(80, 90, 100, 110 thousand) = 95,000; best 110,000
      'Between 80% of the usual 95,000 and 125% of the best 110,000 over 4 periods',
      'Serves the objective "Grow enterprise revenue"',
      'From 2026-01-01 to 2026-03-31 (90 days), 2 checkpoints',
    ]);
    expect(r.letters[2]?.figures).toEqual({ best: 110_000, usual: 95_000, scaledBy: 1, periods: 4 });
    expect(r.letters.filter((l) => l.letter !== 'A').every((l) => l.figures === undefined)).toBe(true);
  });

  it('uses the given number format in the reasons', () => {
    const r = checkSmart(good({ format: (v) => `€${v.toLocaleString('en-GB')}` }));
    expect(r.letters[1]?.reason).toBe('Computed from recorded data: Revenue won, target €120,000');
  });

  describe('S — Specific', () => {
    it('"Sell more" fails, naming the vague word', () => {
      const s = letter(good({ title: 'Sell more' }), 'S');
      expect(s.pass).toBe(false);
      expect(s.reason).toBe('Vague wording: "more" — say what exactly (metric, owner, figure)');
    });

    it('lists every vague word of the title and the description, in order, longest phrase once', () => {
      const s = letter(
        good({ title: 'Do better and try to get MORE', description: 'As much as possible, ASAP, etc.' }),
        'S',
      );
      expect(s.reason).toBe(
        'Vague wording: "better", "try to", "more", "as much as possible", "asap", "etc" — say what exactly (metric, owner, figure)',
      );
    });

    it('"increase" is vague only when the title has no figure', () => {
      expect(letter(good({ title: 'Increase sales' }), 'S').pass).toBe(false);
      expect(letter(good({ title: 'Increase revenue to 120k' }), 'S').pass).toBe(true);
    });

    it('whole words only: "moreover", "sometimes", "goods" and "trying" are not vague', () => {
      expect(findVagueWording('Moreover sometimes goods; trying')).toEqual([]);
      expect(findVagueWording('a  lot of lots')).toEqual(['a lot', 'lots']);
    });

    it('fails with no metric, no owner or an empty title', () => {
      expect(letter(good({ metric: null }), 'S').reason).toBe('No metric chosen');
      expect(letter(good({ owner: null }), 'S').reason).toBe('No owner');
      expect(letter(good({ title: '  ' }), 'S').reason).toBe('No title');
    });

    it('names a person owner plainly', () => {
      expect(letter(good({ owner: { kind: 'person', name: 'Ann Lee' } }), 'S').reason).toBe(
        'Revenue won for Ann Lee, stated without vague wording',
      );
    });
  });

  describe('M — Measurable', () => {
    it('fails when the metric is not recorded, with the reason given', () => {
      const m = letter(good({ measurable: false, measurableReason: 'Leads are not recorded yet' }), 'M');
      expect(m).toMatchObject({ pass: false, reason: 'Leads are not recorded yet' });
    });

    it('fails without a value, with 0 or less, and with a ratio above 1', () => {
      expect(letter(good({ value: null }), 'M').reason).toBe('No target value');
      expect(letter(good({ value: Number.NaN }), 'M').pass).toBe(false);
      expect(letter(good({ value: 0 }), 'M').reason).toBe('The target value must be above 0, got 0');
      expect(letter(good({ unit: 'ratio', value: 1.2, history: [] }), 'M').pass).toBe(false);
      expect(letter(good({ unit: 'ratio', value: 0.45, history: [] }), 'M').pass).toBe(true);
    });
  });

  describe('A — Achievable', () => {
    it('judges a new starter with no history against the team’s usual at their ramp-up', () => {
      // Peers usually reach 60,000 a quarter per full-capacity person; she is at 50% (ramp): 30,000.
      const peers = { usual: 60_000, people: 4, capacity: 0.5, capacityNote: 'ramp 0.5' };
      const high = letter(good({ history: [], value: 40_000, peers }), 'A');
      expect(high.pass).toBe(false); // 40,000 > 30,000 × 1.25 = 37,500
      expect(high.reason).toContain('30,000');
      expect(high.figures).toMatchObject({ expected: 30_000, peerUsual: 60_000 });
      expect(letter(good({ history: [0, 0], value: 37_500, peers }), 'A').pass).toBe(true);
      // A low first target for a ramping starter is fine: it need not stretch.
      expect(letter(good({ history: [], value: 5_000, peers }), 'A').pass).toBe(true);
      // Without peers there is nothing to judge against.
      expect(letter(good({ history: [], value: 1_000_000 }), 'A').pass).toBe(true);
    });

    it('3× the best fails: far above their best', () => {
      const a = letter(good({ value: 330_000 }), 'A');
      expect(a.pass).toBe(false);
      expect(a.reason).toBe(
        'Far above their best: 330,000 is 200% above the best of the last 4 periods, 110,000',
      );
    });

    it('the best is scaled by capacity: 180,000 against 150,000 × 0.8 = 120,000 is 50% above', () => {
      const a = letter(
        good({
          value: 180_000,
          history: [150_000, 100_000, 120_000, 90_000],
          capacity: 0.8,
          capacityNote: 'FTE 0.8',
        }),
        'A',
      );
      expect(a.reason).toBe(
        'Far above their best: 180,000 is 50% above the best of the last 4 periods, 120,000 (scaled to 80% capacity: FTE 0.8)',
      );
      expect(a.figures).toEqual({ best: 120_000, usual: 88_000, scaledBy: 0.8, periods: 4 });
    });

    it('below 80% of the usual fails: it does not stretch', () => {
      // usual 95,000 × 0.8 = 76,000
      expect(letter(good({ value: 76_000 }), 'A').pass).toBe(true);
      const a = letter(good({ value: 70_000 }), 'A');
      expect(a.pass).toBe(false);
      expect(a.reason).toBe(
        'Below their usual level: 70,000 is 26% below the usual 95,000 of the last 4 periods, so it does not stretch',
      );
    });

    it('the thresholds are exactly 125% of the best and 80% of the usual', () => {
      expect([ACHIEVABLE_STRETCH, ACHIEVABLE_FLOOR]).toEqual([1.25, 0.8]);
      expect(letter(good({ value: 137_500 }), 'A').pass).toBe(true); // 110,000 × 1.25
      expect(letter(good({ value: 137_501 }), 'A').pass).toBe(false);
    });

    it('no history (or only zeros) passes, saying there is nothing to judge against', () => {
      for (const history of [[], [0, 0, 0]]) {
        const a = letter(good({ value: 1e9, history }), 'A');
        expect(a.pass).toBe(true);
        expect(a.reason).toBe(
          'No history to judge against (new starter or new metric): check it against the ramp-up and capacity',
        );
        expect(a.figures).toMatchObject({ best: null, usual: null });
      }
    });

    it('lower is better: mirrored — below 75% of the lowest fails, above 120% of the usual fails', () => {
      // Sales cycle days 40, 30, 50, 60: best (lowest) 30, usual 45.
      const cycle = (value: number) =>
        letter(good({ direction: 'lower_is_better', unit: 'days', value, history: [40, 30, 50, 60] }), 'A');
      expect(cycle(22).reason).toBe(
        'Far below their best: 22 is 27% below the best (lowest) of the last 4 periods, 30',
      );
      expect(cycle(22.5).pass).toBe(true);
      expect(cycle(54).pass).toBe(true);
      expect(cycle(55).reason).toBe(
        'Above their usual level: 55 is 22% above the usual 45 of the last 4 periods, so it does not stretch',
      );
    });
  });

  describe('R — Relevant', () => {
    it('no objective fails', () => {
      expect(letter(good({ objective: null }), 'R')).toMatchObject({
        pass: false,
        reason: 'Not linked to an organisational objective',
      });
    });

    it('an objective that is not active fails', () => {
      const objective = { title: 'Old push', start: '2026-01-01', end: '2026-12-31', status: 'archived' };
      expect(letter(good({ objective }), 'R').reason).toBe(
        'The objective "Old push" is archived, not active',
      );
    });

    it('an objective whose dates do not meet the target’s fails, with both ranges', () => {
      const objective = { title: 'FY25 growth', start: '2025-01-01', end: '2025-12-31', status: 'active' };
      expect(letter(good({ objective }), 'R').reason).toBe(
        'Objective "FY25 growth" runs 2025-01-01 to 2025-12-31; the target is 2026-01-01 to 2026-03-31',
      );
      const touching = { ...objective, end: '2026-01-01' };
      expect(letter(good({ objective: touching }), 'R').pass).toBe(true);
    });
  });

  describe('T — Time-bound', () => {
    it('a half-year without checkpoints fails', () => {
      const t = letter(good({ start: '2026-01-01', end: '2026-06-30', checkpoints: [] }), 'T');
      expect(t).toMatchObject({
        pass: false,
        reason: 'A period of 6 months (181 days) needs at least one checkpoint',
      });
      // A quarter of 92 days needs none.
      expect(letter(good({ start: '2026-07-01', end: '2026-09-30', checkpoints: [] }), 'T').reason).toBe(
        'From 2026-07-01 to 2026-09-30 (92 days), no checkpoints',
      );
    });

    it('fails without dates, or ending before it starts', () => {
      expect(letter(good({ start: null }), 'T').reason).toBe('No start date');
      expect(letter(good({ end: null }), 'T').reason).toBe('No end date');
      expect(letter(good({ start: null, end: null }), 'T').reason).toBe('No start or end date');
      expect(letter(good({ start: '2026-03-31', end: '2026-01-01', checkpoints: [] }), 'T').reason).toBe(
        'It ends (2026-01-01) before it starts (2026-03-31)',
      );
    });

    it('fails on checkpoints outside the period, out of order, going down, or above the target', () => {
      const t = (checkpoints: SmartInput['checkpoints']) => letter(good({ checkpoints }), 'T');
      expect(t([{ date: '2026-04-15', value: 10 }]).reason).toBe(
        'Checkpoint 2026-04-15 outside 2026-01-01 to 2026-03-31',
      );
      expect(
        t([
          { date: '2026-02-28', value: 80_000 },
          { date: '2026-01-31', value: 90_000 },
        ]).reason,
      ).toBe('Checkpoints are not in date order: 2026-01-31 comes after 2026-02-28');
      expect(
        t([
          { date: '2026-01-31', value: 50_000 },
          { date: '2026-02-28', value: 40_000 },
        ]).reason,
      ).toBe('Checkpoint values go down: 40,000 on 2026-02-28 after 50,000 on 2026-01-31');
      expect(t([{ date: '2026-02-28', value: 130_000 }]).reason).toBe(
        'Checkpoint 2026-02-28 asks for 130,000, above the target 120,000',
      );
    });

    it('lower is better: checkpoint values may go down', () => {
      const t = letter(
        good({
          direction: 'lower_is_better',
          unit: 'days',
          value: 40,
          history: [40, 45],
          checkpoints: [
            { date: '2026-01-31', value: 50 },
            { date: '2026-02-28', value: 45 },
          ],
        }),
        'T',
      );
      expect(t.pass).toBe(true);
    });
  });

  it('failing lists the failing letters in S M A R T order', () => {
    const r = checkSmart(good({ title: 'Sell more', value: 330_000, objective: null }));
    expect(r.pass).toBe(false);
    expect(r.failing).toEqual(['S', 'A', 'R']);
  });
});
