/**
 * Forecasting (DESIGN.md "Performance monitoring"): weighted pipeline, forecast categories, rep
 * submissions rolled up with the leader's adjustments, and how accurate and how biased past
 * forecasts were.
 */
import { forecastAccuracy, ratio } from './formulas.ts';

/** A deal's amount weighted by its win probability. */
export interface WeightedDeal {
  amount: number;
  /** Percent, 0–100. */
  probability: number;
}

/** Σ amount × probability ÷ 100. Throws on a probability outside 0–100, which is a data error. */
export function weightedPipeline(deals: readonly WeightedDeal[]): number {
  let total = 0;
  for (const d of deals) {
    if (!(d.probability >= 0 && d.probability <= 100))
      throw new RangeError(`probability must be between 0 and 100, got ${d.probability}`);
    total += (d.amount * d.probability) / 100;
  }
  return total;
}

export type ForecastCategory = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';

export interface CategorisedDeal {
  amount: number;
  category: ForecastCategory;
}

export interface CategoryTotals {
  /** The amount in each category on its own. */
  byCategory: Record<ForecastCategory, number>;
  /** Cumulative, as forecasting tools show it: closed + commit. */
  commit: number;
  /** Cumulative: closed + commit + best case. */
  bestCase: number;
}

export function categoryTotals(deals: readonly CategorisedDeal[]): CategoryTotals {
  const byCategory: Record<ForecastCategory, number> = {
    pipeline: 0,
    best_case: 0,
    commit: 0,
    closed: 0,
    omitted: 0,
  };
  for (const d of deals) byCategory[d.category] += d.amount;
  const commit = byCategory.closed + byCategory.commit;
  return { byCategory, commit, bestCase: commit + byCategory.best_case };
}

/** A rep's forecast submission for the period. */
export interface ForecastLine {
  submitterId: string;
  amount: number;
}

export interface ForecastAdjustment {
  /** Whose submission the leader replaces; null adjusts the team's total itself. */
  submitterId: string | null;
  /** The adjusted figure replacing the submission (or the team total when submitterId is null). */
  amount: number;
}

export interface RolledUpLine {
  submitterId: string;
  /** The rep's own figure; null when only the leader gave one. */
  submitted: number | null;
  /** The leader's replacement figure, when there is one. */
  adjusted: number | null;
  /** What counts: the adjustment when there is one, else the submission. */
  amount: number;
}

export interface ForecastRollUp {
  lines: RolledUpLine[];
  /** Σ of the reps' own submissions, before any adjustment. */
  submittedTotal: number;
  /** Σ of the lines after the leader's per-rep adjustments. */
  linesTotal: number;
  /** The leader's figure for the whole team, when given. */
  teamAdjustment: number | null;
  /** The team's forecast: the team adjustment when given, else the lines' total. */
  total: number;
}

/**
 * Rolls reps' submissions up to the team's forecast with the leader's adjustments. Each submitter
 * counts once: when the same submitter (or the team) appears more than once, the last entry wins,
 * so pass them oldest first, as resubmissions replace earlier figures.
 */
export function rollUpForecast(
  submissions: readonly ForecastLine[],
  adjustments: readonly ForecastAdjustment[] = [],
): ForecastRollUp {
  const submitted = new Map<string, number>();
  for (const s of submissions) submitted.set(s.submitterId, s.amount);
  const adjusted = new Map<string, number>();
  let teamAdjustment: number | null = null;
  for (const a of adjustments) {
    if (a.submitterId === null) teamAdjustment = a.amount;
    else adjusted.set(a.submitterId, a.amount);
  }
  const ids = [...new Set([...submitted.keys(), ...adjusted.keys()])];
  const lines = ids.map((submitterId) => {
    const own = submitted.get(submitterId) ?? null;
    const leader = adjusted.get(submitterId) ?? null;
    return { submitterId, submitted: own, adjusted: leader, amount: leader ?? own ?? 0 };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const linesTotal = sum(lines.map((l) => l.amount));
  return {
    lines,
    submittedTotal: sum([...submitted.values()]),
    linesTotal,
    teamAdjustment,
    total: teamAdjustment ?? linesTotal,
  };
}

/** (forecast − actual) ÷ actual: positive = over-forecast; null when nothing was won. */
export function forecastBias(forecast: number, actual: number): number | null {
  return actual === 0 ? null : (forecast - actual) / actual;
}

export interface ForecastHistoryPoint {
  periodLabel: string;
  forecast: number;
  actual: number;
}

export interface ForecastTrackRecord {
  periods: {
    periodLabel: string;
    forecast: number;
    actual: number;
    accuracy: number | null;
    bias: number | null;
  }[];
  /** Mean of the periods' accuracies that are known; null when none is. */
  meanAccuracy: number | null;
  /** Mean of the periods' biases that are known; null when none is. */
  meanBias: number | null;
  /** Over or under when the mean bias is beyond ±5 %, else balanced; null without a mean bias. */
  tendency: 'over' | 'under' | 'balanced' | null;
}

/** Mean bias beyond this (either way) is a tendency to over- or under-forecast. */
export const BIAS_TOLERANCE = 0.05;

/**
 * Accuracy and bias per period and on average. A period with nothing won has neither, and does
 * not count towards the means (averaging in a 0 would invent a figure).
 */
export function forecastTrackRecord(points: readonly ForecastHistoryPoint[]): ForecastTrackRecord {
  const periods = points.map((p) => ({
    periodLabel: p.periodLabel,
    forecast: p.forecast,
    actual: p.actual,
    accuracy: forecastAccuracy(p.forecast, p.actual),
    bias: forecastBias(p.forecast, p.actual),
  }));
  const meanAccuracy = meanOfKnown(periods.map((p) => p.accuracy));
  const meanBias = meanOfKnown(periods.map((p) => p.bias));
  return { periods, meanAccuracy, meanBias, tendency: tendencyOf(meanBias) };
}

function meanOfKnown(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return ratio(
    known.reduce((a, b) => a + b, 0),
    known.length,
  );
}

function tendencyOf(meanBias: number | null): ForecastTrackRecord['tendency'] {
  if (meanBias === null) return null;
  if (meanBias > BIAS_TOLERANCE) return 'over';
  if (meanBias < -BIAS_TOLERANCE) return 'under';
  return 'balanced';
}
