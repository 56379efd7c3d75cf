/**
 * Shared arithmetic of the target splits: whole steps as integer units (so 0.1 + 0.2 never drifts),
 * the water-filling of a number of units between recipients in proportion to weights under
 * per-recipient bounds, the largest-remainder rounding, and the number formatting of the reasons.
 * Internal to targets/: allocate.ts and redistribute.ts both cut a whole into integer units with it.
 */

/** How many decimals a step has: 1 → 0, 0.5 → 1, 0.25 → 2, 1e-7 → 7. */
export function stepDecimals(step: number): number {
  if (Number.isInteger(step)) return 0;
  const s = String(step);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) {
    const mantissa = s.slice(0, exp.index);
    const dot = mantissa.indexOf('.');
    return Number(exp[1]) + (dot === -1 ? 0 : mantissa.length - dot - 1);
  }
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/** Rounds away binary noise: 3 × 0.1 = 0.30000000000000004 becomes 0.3. */
export function clean(x: number, decimals: number): number {
  if (Number.isInteger(x)) return x;
  return Number(x.toFixed(Math.min(100, decimals)));
}

// A quotient that is an integer but for float noise (0.7 / 0.1 = 6.999999999999999) counts as that integer.
function nearInteger(r: number): number | null {
  const n = Math.round(r);
  return Math.abs(r - n) <= 1e-9 * Math.max(1, Math.abs(r)) ? n : null;
}

/** The fewest whole steps that reach x (for a minimum). */
export function unitsCeil(x: number, step: number): number {
  const r = x / step;
  return nearInteger(r) ?? Math.ceil(r);
}

/** The most whole steps that stay within x (for a maximum, a cap, a shortfall). */
export function unitsFloor(x: number, step: number): number {
  if (x === Number.POSITIVE_INFINITY) return x;
  const r = x / step;
  return nearInteger(r) ?? Math.floor(r);
}

export type Bound = 'min' | 'max' | null;

export interface UnitSplit {
  units: number[];
  /** Which bound held each recipient; null for those that got their proportional share. */
  bound: Bound[];
}

/**
 * Splits `total` integer units between recipients in proportion to `weights`, each within its
 * integer [lo, hi] (hi may be +∞); the units add up to `total` exactly. The caller guarantees
 * Σlo ≤ total ≤ Σhi and lo ≤ hi.
 *
 * Water-filling: the exact shares are x_i = clamp(λ·w_i, lo_i, hi_i) for the one level λ at which
 * they add up to `total` — the fixed point of "clamp those outside their bounds, re-spread the rest
 * over the free ones in proportion to their weights". λ is found by one sweep over the sorted
 * breakpoints lo/w and hi/w (O(n log n)), not by repeated passes, because clamping both sides in
 * one pass can clamp someone at a minimum that a later pass would have lifted them above.
 *
 * Recipients of weight 0 stay at their minimum, unless the weighted ones are all at their maximum
 * and units remain: then the zero-weight ones share the rest equally (water-filled the same way).
 *
 * Rounding (largest remainder): each free recipient gets the floor of its exact share; the units
 * left over go one by one to the largest fractional remainders, ties to the larger weight, then to
 * the earlier recipient in input order; never past hi.
 */
export function splitUnits(
  weights: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  total: number,
): UnitSplit {
  const n = weights.length;
  const units = new Array<number>(n).fill(0);
  const bound = new Array<Bound>(n).fill(null);
  const positive: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < n; i++) ((weights[i] as number) > 0 ? positive : zero).push(i);

  let zeroLo = 0;
  for (const i of zero) zeroLo += lo[i] as number;
  let positiveHi = 0;
  for (const i of positive) positiveHi += hi[i] as number;

  if (positive.length > 0 && total - zeroLo <= positiveHi) {
    for (const i of zero) fix(i, lo[i] as number, (lo[i] as number) > 0 ? 'min' : null);
    level(positive, weights, total - zeroLo);
  } else {
    for (const i of positive) fix(i, hi[i] as number, 'max');
    level(zero, null, total - positiveHi);
  }
  return { units, bound };

  function fix(i: number, value: number, b: Bound) {
    units[i] = value;
    bound[i] = b;
  }

  /** Water-fills `target` units over `idx` in proportion to w (all 1 when null), then rounds. */
  function level(idx: readonly number[], w: readonly number[] | null, target: number) {
    if (idx.length === 0) return;
    const weight = new Float64Array(n);
    for (const i of idx) weight[i] = w ? (w[i] as number) : 1;
    const wt = (i: number) => weight[i] as number;
    // Activation points λ = lo/w (the recipient starts to rise above its minimum) and saturation
    // points λ = hi/w (it reaches its maximum). f(λ) = Σ clamp(λw, lo, hi) = C + S·λ between them.
    // Only recipients with a minimum or a maximum have a breakpoint worth sorting: the others are
    // active from λ = 0 and never saturate.
    const keyA = new Float64Array(n);
    const keyB = new Float64Array(n);
    const byA: number[] = [];
    const byB: number[] = [];
    let c = 0;
    let s = 0;
    for (const i of idx) {
      const l = lo[i] as number;
      const h = hi[i] as number;
      c += l;
      if (l > 0) {
        keyA[i] = l / wt(i);
        byA.push(i);
      } else s += wt(i);
      if (h !== Number.POSITIVE_INFINITY) {
        keyB[i] = h / wt(i);
        byB.push(i);
      }
    }
    byA.sort((p, q) => (keyA[p] as number) - (keyA[q] as number));
    byB.sort((p, q) => (keyB[p] as number) - (keyB[q] as number));
    let lambda = 0;
    let ia = 0;
    let ib = 0;
    if (c < target) {
      let prev = 0;
      for (;;) {
        const ea = ia < byA.length ? (keyA[byA[ia] as number] as number) : Number.POSITIVE_INFINITY;
        const eb = ib < byB.length ? (keyB[byB[ib] as number] as number) : Number.POSITIVE_INFINITY;
        const at = Math.min(ea, eb);
        if (at === Number.POSITIVE_INFINITY || c + s * at >= target) {
          lambda = s > 0 ? (target - c) / s : prev;
          break;
        }
        // Activation first on ties, so that a recipient with lo = hi enters and leaves at once.
        if (ea <= eb) {
          const i = byA[ia++] as number;
          c -= lo[i] as number;
          s += wt(i);
        } else {
          const i = byB[ib++] as number;
          c += hi[i] as number;
          s -= wt(i);
        }
        prev = at;
      }
    }

    // Classify with a little tolerance towards "bound": a bound recipient gets its bound exactly,
    // whereas a free one whose share were a hair below its minimum could round under it.
    const free: number[] = [];
    let fixedSum = 0;
    let freeWeight = 0;
    for (const i of idx) {
      const x = lambda * wt(i);
      const l = lo[i] as number;
      const h = hi[i] as number;
      const tol = 1e-9 * Math.max(1, Math.abs(x));
      if (x <= l + tol) {
        fix(i, l, l > 0 ? 'min' : null);
        fixedSum += l;
      } else if (x >= h - tol) {
        fix(i, h, 'max');
        fixedSum += h;
      } else {
        free.push(i);
        freeWeight += wt(i);
      }
    }

    const rest = target - fixedSum;
    const remainder = new Float64Array(n);
    let sum = fixedSum;
    for (const i of free) {
      const q = (rest * wt(i)) / freeWeight;
      const f = Math.min(hi[i] as number, Math.max(lo[i] as number, Math.floor(q + 1e-9 * Math.max(1, q))));
      units[i] = f;
      sum += f;
      // Quantised so that equal remainders computed along different float paths still tie.
      remainder[i] = Math.round((q - f) * 1e6);
    }
    let left = target - sum;
    if (left === 0) return;

    const order = free.slice();
    // Typed arrays in the comparator, not closures: this sort is most of the rounding's time.
    if (left > 0)
      order.sort(
        (p, q) =>
          (remainder[q] as number) - (remainder[p] as number) ||
          (weight[q] as number) - (weight[p] as number) ||
          p - q,
      );
    else
      order.sort(
        (p, q) =>
          (remainder[p] as number) - (remainder[q] as number) ||
          (weight[p] as number) - (weight[q] as number) ||
          q - p,
      );
    // Normally one pass over the free recipients hands out every leftover unit; the repeat (and the
    // fallback to every recipient) only guards against float edge cases.
    for (let pass = 0; left !== 0 && pass < 3; pass++) {
      const candidates = pass === 0 ? order : idx;
      for (const i of candidates) {
        if (left === 0) break;
        const u = units[i] as number;
        if (left > 0 && u < (hi[i] as number)) {
          units[i] = u + 1;
          left--;
        } else if (left < 0 && u > (lo[i] as number)) {
          units[i] = u - 1;
          left++;
        }
      }
    }
  }
}

const formatters: Intl.NumberFormat[] = [];

/**
 * 120000 → "120,000"; always en-GB so a server's locale never changes a reason's text. Whole
 * numbers (most figures) are grouped by hand: Intl's format costs about a microsecond a call, which
 * is most of a 10,000-line cascade.
 */
export function formatNumber(x: number, maxDecimals = 2): string {
  const d = Math.max(0, Math.min(20, Math.floor(maxDecimals)));
  if (d === 0 && Number.isFinite(x)) x = Math.sign(x) * Math.round(Math.abs(x)); // half away from zero, as Intl
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return x < 0 ? `-${groupThousands(-x)}` : groupThousands(x);
  let f = formatters[d];
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: d });
    formatters[d] = f;
  }
  return f.format(x);
}

function groupThousands(n: number): string {
  const s = String(n);
  if (s.length <= 3) return s;
  const head = s.length % 3 || 3;
  let out = s.slice(0, head);
  for (let i = head; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return out;
}

/**
 * Returns the same text, stored as one flat string. V8 keeps a string built by concatenation as a
 * tree of its pieces until something reads it; reading one character flattens it. A 10,000-line
 * cascade then holds 10,000 strings instead of some 200,000 pieces, which the garbage collector
 * would otherwise copy on every young-generation collection (measured on the bench's 10,000-line
 * blend: scavenges about 30 → 12 ms a run).
 */
export function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** 0.32 → "32.0%". */
export function formatPercent(share: number, decimals = 1): string {
  // One decimal by integer arithmetic: toFixed is the slowest part of a 10,000-line cascade's text.
  if (decimals === 1 && share >= 0 && share < 1e12) {
    const tenths = Math.round(share * 1000);
    return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
  }
  return `${(share * 100).toFixed(decimals)}%`;
}
