/**
 * Cascading a target: splitting a team's number between its people (or its sub-teams) by equal
 * shares, historical share, capacity, or a weighted blend of the three; with optional per-recipient
 * minimum and maximum and an over-assignment uplift. The split sums exactly to the total, in whole
 * steps of the metric's unit (largest remainder), and every line carries the figures behind it.
 */
import {
  clean,
  flatten,
  formatNumber,
  formatPercent,
  splitUnits,
  stepDecimals,
  unitsCeil,
  unitsFloor,
} from './units.ts';

export type AllocationMethod = 'equal' | 'history' | 'capacity' | 'blend';

/** Weights of a blend; any non-negative numbers, normalised by their sum (which must be > 0). */
export interface BlendWeights {
  equal: number;
  history: number;
  capacity: number;
}

export interface AllocationRecipient {
  id: string;
  name: string;
  /** The recipient's results of the target's metric over the look-back periods (oldest first). */
  history: readonly number[];
  /** Capacity share for the target's period: 1 = full-time, ramped, no leave (see capacity.ts). */
  capacity: number;
  /** Human-readable capacity figures, copied into the rationale, e.g. "FTE 0.5 · ramp 1 · 5 days' leave". */
  capacityNote?: string;
  /** Bounds on the recipient's value (in the metric's unit), applied before rounding. */
  min?: number | null;
  max?: number | null;
}

export interface AllocationInput {
  /** The team target's value. */
  total: number;
  /** Over-assignment: the people's targets together add up to total × (1 + uplift); 0 by default. */
  uplift?: number;
  method: AllocationMethod;
  /** Only for 'blend'. */
  weights?: BlendWeights;
  /** The metric's rounding step: 1 for counts and whole currency units (the default). */
  step?: number;
  recipients: readonly AllocationRecipient[];
  /** Write each line's rationale (the default); false leaves it empty when only the numbers are needed. */
  explain?: boolean;
}

export interface AllocationLine {
  id: string;
  name: string;
  /** Each method's share of this recipient (0–1); the ones the method did not use are still given. */
  shares: { equal: number; history: number; capacity: number };
  /** The share used: the method's, or the blend of the three. */
  share: number;
  /** total × (1 + uplift) × share before bounds and rounding. */
  unbounded: number;
  /** Which bound held this recipient, if any. */
  bound: 'min' | 'max' | null;
  /** The final value: a whole number of steps. */
  value: number;
  historyTotal: number;
  capacity: number;
  /** One sentence per line that a person can read: why they got this number. */
  rationale: string;
}

export interface Allocation {
  method: AllocationMethod;
  weights: BlendWeights;
  total: number;
  uplift: number;
  /** total × (1 + uplift), rounded to the step: what the lines add up to, exactly. */
  allocated: number;
  lines: AllocationLine[];
  /** Notes on the whole split, e.g. "Nobody has history: historical share fell back to equal". */
  notes: string[];
}

/** The blend used when the input gives no weights: half history, half capacity. */
export const DEFAULT_BLEND_WEIGHTS: Readonly<BlendWeights> = { equal: 0, history: 0.5, capacity: 0.5 };

const METHODS = ['equal', 'history', 'capacity'] as const;
type Basis = (typeof METHODS)[number];

/** Throws a RangeError naming the problem (bounds that cannot be met, no recipients, bad numbers). */
export function allocate(input: AllocationInput): Allocation {
  const { recipients, total, method } = input;
  const uplift = input.uplift ?? 0;
  const step = input.step ?? 1;
  const n = recipients.length;
  if (n === 0) throw new RangeError('There is nobody to allocate the target to');
  if (!(Number.isFinite(total) && total >= 0))
    throw new RangeError(`The total must be a number ≥ 0, got ${total}`);
  if (!(Number.isFinite(uplift) && uplift >= 0))
    throw new RangeError(`The uplift must be a number ≥ 0 (0.1 = 10%), got ${uplift}`);
  if (!(Number.isFinite(step) && step > 0))
    throw new RangeError(`The step must be a number > 0, got ${step}`);
  if (!(METHODS as readonly string[]).includes(method) && method !== 'blend')
    throw new RangeError(`Unknown allocation method "${method}"`);
  const weights = normaliseWeights(method, input.weights);

  const decimals = stepDecimals(step);
  const historyTotals = new Array<number>(n);
  let historySum = 0;
  let capacitySum = 0;
  const lo = new Array<number>(n);
  const hi = new Array<number>(n);
  let loSum = 0;
  let hiSum = 0;
  for (let i = 0; i < n; i++) {
    const r = recipients[i] as AllocationRecipient;
    let h = 0;
    for (const v of r.history) {
      if (!(Number.isFinite(v) && v >= 0))
        throw new RangeError(`${r.name}'s history must hold numbers ≥ 0, got ${v}`);
      h += v;
    }
    historyTotals[i] = h;
    historySum += h;
    if (!(Number.isFinite(r.capacity) && r.capacity >= 0))
      throw new RangeError(`${r.name}'s capacity must be a number ≥ 0, got ${r.capacity}`);
    capacitySum += r.capacity;
    const min = r.min ?? null;
    const max = r.max ?? null;
    if (min !== null && !(Number.isFinite(min) && min >= 0))
      throw new RangeError(`${r.name}'s minimum must be a number ≥ 0, got ${min}`);
    if (max !== null && !(Number.isFinite(max) && max >= 0))
      throw new RangeError(`${r.name}'s maximum must be a number ≥ 0, got ${max}`);
    if (min !== null && max !== null && min > max)
      throw new RangeError(
        `${r.name}'s minimum ${formatNumber(min)} is above their maximum ${formatNumber(max)}`,
      );
    const l = min === null ? 0 : unitsCeil(min, step);
    const u = max === null ? Number.POSITIVE_INFINITY : unitsFloor(max, step);
    if (l > u)
      throw new RangeError(
        `${r.name}'s minimum ${formatNumber(min ?? 0)} and maximum ${formatNumber(max ?? 0)} hold no whole step of ${formatNumber(step, decimals)}`,
      );
    lo[i] = l;
    hi[i] = u;
    loSum += l;
    hiSum += u;
  }

  const amount = total * (1 + uplift);
  // To 12 significant digits first, so that float noise cannot move a half: 0.25 / 0.1 is
  // 2.4999999999999996, and 0.25 in tenths should round up to 0.3 like 2.5 does.
  const units = Math.round(Number((amount / step).toPrecision(12)));
  const allocated = clean(units * step, decimals);
  if (loSum > units)
    throw new RangeError(
      `The minimums add up to ${formatNumber(clean(loSum * step, decimals))}, more than the ${formatNumber(allocated)} to allocate`,
    );
  if (hiSum < units)
    throw new RangeError(
      `The maximums add up to ${formatNumber(clean(hiSum * step, decimals))}, less than the ${formatNumber(allocated)} to allocate`,
    );

  // Each basis's shares; a basis nobody has (no history, no capacity) falls back to equal shares so
  // that a blend still adds up to 100% — and says so.
  const notes: string[] = [];
  const uses = (b: Basis) => (method === 'blend' ? weights[b] > 0 : method === b);
  const historyFallback = historySum === 0;
  const capacityFallback = capacitySum === 0;
  if (historyFallback && uses('history'))
    notes.push('Nobody has history: historical share fell back to equal shares');
  if (capacityFallback && uses('capacity'))
    notes.push('Nobody has capacity in the period: capacity share fell back to equal shares');
  const weightSum = weights.equal + weights.history + weights.capacity;
  const shares = recipients.map((r, i) => {
    const equal = 1 / n;
    const history = historyFallback ? equal : (historyTotals[i] as number) / historySum;
    const capacity = capacityFallback ? equal : r.capacity / capacitySum;
    return { equal, history, capacity };
  });
  const share = shares.map((s) =>
    method === 'blend'
      ? (weights.equal * s.equal + weights.history * s.history + weights.capacity * s.capacity) / weightSum
      : s[method],
  );

  const split = splitUnits(share, lo, hi, units);

  const ctx: Context = {
    n,
    method,
    weights,
    total,
    uplift,
    amount,
    step,
    decimals,
    historySum,
    capacitySum,
    historyFallback,
    capacityFallback,
  };
  const explain = input.explain ?? true;
  const rationale = rationaleWriter(ctx);
  const lines = recipients.map((r, i): AllocationLine => {
    const s = share[i] as number;
    const value = clean((split.units[i] as number) * step, decimals);
    const line: AllocationLine = {
      id: r.id,
      name: r.name,
      shares: shares[i] as AllocationLine['shares'],
      share: s,
      unbounded: amount * s,
      bound: split.bound[i] as AllocationLine['bound'],
      value,
      historyTotal: historyTotals[i] as number,
      capacity: r.capacity,
      rationale: '',
    };
    if (explain) line.rationale = flatten(rationale(r, line));
    return line;
  });

  const raised = lines.filter((l) => l.bound === 'min').length;
  const capped = lines.filter((l) => l.bound === 'max').length;
  if (raised + capped > 0) {
    const parts = [
      ...(raised ? [`${raised} raised to their minimum`] : []),
      ...(capped ? [`${capped} capped at their maximum`] : []),
    ];
    notes.push(`${parts.join(', ')}; the rest re-spread over the others in proportion to their shares`);
  }

  return { method, weights, total, uplift, allocated, lines, notes };
}

function normaliseWeights(method: AllocationMethod, given: BlendWeights | undefined): BlendWeights {
  if (method !== 'blend') return { equal: 0, history: 0, capacity: 0, [method]: 1 };
  const w = given ?? DEFAULT_BLEND_WEIGHTS;
  for (const m of METHODS) {
    if (!(Number.isFinite(w[m]) && w[m] >= 0))
      throw new RangeError(`The blend weight for ${m} must be a number ≥ 0, got ${w[m]}`);
  }
  const sum = w.equal + w.history + w.capacity;
  if (!(sum > 0)) throw new RangeError('The blend weights add up to 0: give at least one a weight above 0');
  // Reported normalised (adding up to 1), like the single methods' weight of 1.
  return { equal: w.equal / sum, history: w.history / sum, capacity: w.capacity / sum };
}

interface Context {
  n: number;
  method: AllocationMethod;
  weights: BlendWeights;
  total: number;
  uplift: number;
  amount: number;
  step: number;
  decimals: number;
  historySum: number;
  capacitySum: number;
  historyFallback: boolean;
  capacityFallback: boolean;
}

const BASIS_NAME: Record<Basis, string> = { equal: 'equal', history: 'history', capacity: 'capacity' };
const BASIS_TITLE: Record<Basis, string> = {
  equal: 'Equal share',
  history: 'Historical share',
  capacity: 'Capacity share',
};

/**
 * e.g. "Historical share 32.0% (120,000 of 375,000 over 4 periods) → 32,000", or for a blend
 * "Blend 50% history (32.0%: 120,000 of 375,000) + 50% capacity (28.6%: FTE 1 · ramp 0.5) = 30.3%
 * of 110,000 (total 100,000 + 10% uplift) → 33,330; raised to the minimum 35,000".
 * The figures common to every line are formatted once: a 10,000-line cascade formats 10,000 lines.
 */
function rationaleWriter(ctx: Context): (r: AllocationRecipient, line: AllocationLine) => string {
  const amount = formatNumber(ctx.amount, ctx.decimals);
  const uplifted =
    ctx.uplift > 0
      ? ` of ${amount} (total ${formatNumber(ctx.total)} + ${formatNumber(ctx.uplift * 100, 1)}% uplift)`
      : '';
  const historySum = formatNumber(ctx.historySum);
  const capacitySum = formatNumber(ctx.capacitySum);
  const blendParts = METHODS.filter((b) => ctx.weights[b] > 0).map((b) => ({
    basis: b,
    prefix: `${formatNumber(ctx.weights[b] * 100, 1)}% ${BASIS_NAME[b]} (`,
  }));
  const blendTail = uplifted || ` of ${amount}`;

  const detail = (b: Basis, long: boolean, r: AllocationRecipient, line: AllocationLine): string => {
    if (b === 'equal') return `1 of ${ctx.n}`;
    if (b === 'history') {
      if (ctx.historyFallback) return 'nobody has history: equal shares';
      const of = `${formatNumber(line.historyTotal)} of ${historySum}`;
      return long ? `${of} over ${r.history.length} period${r.history.length === 1 ? '' : 's'}` : of;
    }
    if (ctx.capacityFallback) return 'nobody has capacity: equal shares';
    if (r.capacityNote && !long) return r.capacityNote;
    const of = `${formatNumber(r.capacity)} of ${capacitySum}`;
    return r.capacityNote ? `${of}: ${r.capacityNote}` : `capacity ${of}`;
  };

  return (r, line) => {
    let head: string;
    if (ctx.method === 'blend') {
      let parts = '';
      for (const { basis, prefix } of blendParts)
        parts += `${parts ? ' + ' : ''}${prefix}${formatPercent(line.shares[basis])}: ${detail(basis, false, r, line)})`;
      head = `Blend ${parts} = ${formatPercent(line.share)}${blendTail}`;
    } else {
      head = `${BASIS_TITLE[ctx.method]} ${formatPercent(line.share)} (${detail(ctx.method, true, r, line)})${uplifted}`;
    }
    const value = formatNumber(line.value, ctx.decimals);
    if (line.bound === null && Math.abs(line.value - line.unbounded) < ctx.step) return `${head} → ${value}`;
    const unbounded = formatNumber(line.unbounded, ctx.decimals);
    if (line.bound === 'min') return `${head} → ${unbounded}; raised to the minimum ${value}`;
    if (line.bound === 'max') return `${head} → ${unbounded}; capped at the maximum ${value}`;
    // Free, but others' bounds moved units onto or off this line: show both figures.
    return `${head} → ${unbounded}; ${value} once the others' minimums and maximums are applied`;
  };
}
