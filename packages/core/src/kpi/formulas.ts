/**
 * The KPI formulas of DESIGN.md "KPI definitions", on numbers already summed for a person or a team
 * over a period. The database adds up its roll-ups; everything that divides, weighs or takes a
 * median happens here, so the API, the CLI and the tests get the same figures.
 *
 * A ratio whose denominator is zero is `null` ("no data"), never 0 or Infinity: a rep with no closed
 * deals has no win rate, which is not the same as a win rate of 0 %.
 */

/** A distribution of whole numbers as `[value, count]` pairs (in any order; values may repeat). */
export type Histogram = ReadonlyArray<readonly [value: number, count: number]>;

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Won ÷ (won + lost), of the deals closed in the period. */
export function winRate(won: number, lost: number): number | null {
  return ratio(won, won + lost);
}

/** Revenue won ÷ deals won. */
export function averageDealSize(revenueWon: number, dealsWon: number): number | null {
  return ratio(revenueWon, dealsWon);
}

/** Adds histograms together (the team's from its people's). */
export function mergeHistograms(...histograms: Histogram[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const h of histograms)
    for (const [value, count] of h) counts.set(value, (counts.get(value) ?? 0) + count);
  return [...counts].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
}

export function histogramCount(h: Histogram): number {
  let n = 0;
  for (const [, c] of h) n += c;
  return n;
}

/**
 * The median of a histogram: the middle value, or the mean of the two middle values when the count
 * is even (as a spreadsheet's MEDIAN). Null when empty.
 */
export function medianOfHistogram(h: Histogram): number | null {
  const sorted = mergeHistograms(h);
  const n = histogramCount(sorted);
  if (n <= 0) return null;
  const lowIndex = Math.floor((n - 1) / 2); // 0-based positions of the middle value(s)
  const highIndex = Math.floor(n / 2);
  let seen = 0;
  let low: number | null = null;
  for (const [value, count] of sorted) {
    if (low === null && lowIndex < seen + count) low = value;
    if (highIndex < seen + count) return ((low ?? value) + value) / 2;
    seen += count;
  }
  return null; // unreachable: highIndex < n
}

/** The median of plain numbers (same rule as `medianOfHistogram`). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Sales velocity per day: open deals × average deal size × win rate ÷ sales cycle length (days).
 * Null when any factor is unknown or the cycle is zero.
 */
export function salesVelocity(
  openDeals: number,
  avgDealSize: number | null,
  rate: number | null,
  cycleDays: number | null,
): number | null {
  if (avgDealSize === null || rate === null || cycleDays === null || cycleDays <= 0) return null;
  return (openDeals * avgDealSize * rate) / cycleDays;
}

/** Pipeline coverage: open (weighted or unweighted) pipeline due in the period ÷ the target still to win. */
export function pipelineCoverage(pipelineDue: number, target: number, actual: number): number | null {
  const remaining = target - actual;
  if (remaining <= 0) return null; // the target is already met: nothing left to cover
  return pipelineDue / remaining;
}

/** Attainment: actual ÷ target. */
export function attainment(actual: number, target: number): number | null {
  return target > 0 ? actual / target : null;
}

/** Pace: the share of the target expected by today, from the period's working days. */
export function pace(target: number, workingDaysElapsed: number, workingDaysTotal: number): number {
  if (workingDaysTotal <= 0) return target;
  const share = Math.min(1, Math.max(0, workingDaysElapsed / workingDaysTotal));
  return target * share;
}

/** Pace ratio: actual ÷ pace; null before the first working day (nothing is expected yet). */
export function paceRatio(actual: number, expectedByToday: number): number | null {
  return expectedByToday > 0 ? actual / expectedByToday : null;
}

export type ProjectionMethod = 'pipeline' | 'run_rate';

/**
 * Projection to the end of the period: actual + weighted pipeline due in the period ("pipeline"),
 * or actual stretched over the period's working days at the rate so far ("run_rate").
 */
export function projection(input: {
  method: ProjectionMethod;
  actual: number;
  weightedPipelineDue: number;
  workingDaysElapsed: number;
  workingDaysTotal: number;
}): number {
  if (input.method === 'pipeline') return input.actual + input.weightedPipelineDue;
  if (input.workingDaysElapsed <= 0) return input.actual;
  return (input.actual * input.workingDaysTotal) / input.workingDaysElapsed;
}

/**
 * Customer retention: (customers at period end − new customers in the period) ÷ customers at period
 * start.
 */
export function customerRetention(atStart: number, atEnd: number, newInPeriod: number): number | null {
  return ratio(atEnd - newInPeriod, atStart);
}

/** Forecast accuracy: 1 − |forecast − actual| ÷ actual; null when nothing was won. */
export function forecastAccuracy(forecast: number, actual: number): number | null {
  return actual === 0 ? null : 1 - Math.abs(forecast - actual) / actual;
}

export type Rag = 'green' | 'amber' | 'red';

/** Thresholds on a pace (or attainment) ratio: green at or above `green`, red below `amber`. */
export interface RagThresholds {
  green: number;
  amber: number;
}

export const DEFAULT_RAG: RagThresholds = { green: 1, amber: 0.85 };

/** Red/amber/green of a ratio of actual (or projection) to what was expected; null stays null. */
export function rag(value: number | null, thresholds: RagThresholds = DEFAULT_RAG): Rag | null {
  if (value === null) return null;
  if (value >= thresholds.green) return 'green';
  if (value >= thresholds.amber) return 'amber';
  return 'red';
}
