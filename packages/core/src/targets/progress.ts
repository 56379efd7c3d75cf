/**
 * Where a target stands: attainment, pace (expected by today, following the checkpoints when the
 * target has them), projection to the end of the period, and red/amber/green — from the metric's
 * actual value that the KPI engine measured. Pure arithmetic on the definitions of DESIGN.md.
 */
import { type IsoDate, workingDays } from '../dates.ts';
import { type ProjectionMethod, type Rag, rag } from '../kpi/formulas.ts';

export interface TargetProgressInput {
  value: number;
  start: IsoDate;
  end: IsoDate;
  checkpoints: readonly { date: IsoDate; value: number }[];
  asOf: IsoDate;
  /** The metric over the period so far; null when undefined (a win rate with nothing closed). */
  actual: number | null;
  direction: 'higher_is_better' | 'lower_is_better';
  /** Whether the metric adds up over days (revenue, calls) or is a ratio/average (win rate). */
  additive: boolean;
  method: ProjectionMethod;
  /** Weighted open pipeline due in the rest of the period; only revenue can use it. */
  weightedPipelineDue: number | null;
}

export interface TargetProgress {
  actual: number | null;
  /** actual ÷ target (target ÷ actual for a lower-is-better ratio such as cycle days). */
  attainment: number | null;
  /** What the actual should be by `asOf`: linear in working days between the checkpoints. */
  expectedByToday: number | null;
  paceRatio: number | null;
  projected: number | null;
  projectionMethod: ProjectionMethod | null;
  projectedAttainment: number | null;
  /** target − actual, never negative (additive metrics only). */
  remaining: number | null;
  rag: Rag | null;
  workingDaysElapsed: number;
  workingDaysTotal: number;
  state: 'not_started' | 'running' | 'over';
}

/**
 * Expected value by `asOf`: the path from 0 at the start through each checkpoint to the target at
 * the end, linear in working days on each stretch.
 */
export function expectedByDate(
  value: number,
  start: IsoDate,
  end: IsoDate,
  checkpoints: readonly { date: IsoDate; value: number }[],
  asOf: IsoDate,
): number {
  if (asOf < start) return 0;
  if (asOf >= end) return value;
  const points = [
    { date: start, value: 0, from: true },
    ...[...checkpoints]
      .filter((c) => c.date >= start && c.date <= end)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .map((c) => ({ ...c, from: false })),
    { date: end, value, from: false },
  ];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (asOf > b.date) continue;
    // The stretch runs from the day after checkpoint a (or the start itself) to checkpoint b.
    const from = a.from ? a.date : nextDay(a.date);
    const total = from > b.date ? 0 : workingDays({ start: from, end: b.date });
    const done = asOf < from ? 0 : workingDays({ start: from, end: asOf });
    return total === 0 ? b.value : a.value + ((b.value - a.value) * done) / total;
  }
  return value;
}

function nextDay(d: IsoDate): IsoDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function targetProgress(input: TargetProgressInput): TargetProgress {
  const total = workingDays({ start: input.start, end: input.end });
  const state = input.asOf < input.start ? 'not_started' : input.asOf > input.end ? 'over' : 'running';
  const elapsed =
    state === 'not_started'
      ? 0
      : workingDays({ start: input.start, end: input.asOf < input.end ? input.asOf : input.end });
  const { actual, value } = input;
  const higher = input.direction === 'higher_is_better';
  const ratioOf = (a: number | null) => {
    if (a === null) return null;
    if (higher) return value === 0 ? null : a / value;
    return a === 0 ? null : value / a;
  };
  const base = { actual, workingDaysElapsed: elapsed, workingDaysTotal: total, state } as const;

  if (!input.additive) {
    // A ratio or an average: no pace to keep, the figure so far is the projection.
    const attainment = ratioOf(actual);
    return {
      ...base,
      attainment,
      expectedByToday: null,
      paceRatio: null,
      projected: actual,
      projectionMethod: null,
      projectedAttainment: attainment,
      remaining: null,
      rag: state === 'not_started' ? null : rag(attainment),
    };
  }

  const a = actual ?? 0;
  const expected = expectedByDate(value, input.start, input.end, input.checkpoints, input.asOf);
  const method: ProjectionMethod =
    input.method === 'pipeline' && input.weightedPipelineDue !== null ? 'pipeline' : 'run_rate';
  const projected =
    state === 'over'
      ? a
      : method === 'pipeline'
        ? a + (input.weightedPipelineDue ?? 0)
        : elapsed === 0
          ? a
          : (a * total) / elapsed;
  const paceRatio = expected > 0 ? (higher ? a / expected : a === 0 ? null : expected / a) : null;
  const attainment = ratioOf(a);
  const projectedAttainment = ratioOf(projected);
  let status: Rag | null;
  if (state === 'not_started') status = null;
  else if (state === 'over') status = rag(attainment);
  else if (paceRatio === null && projectedAttainment === null) status = null;
  // The worse of where it stands against pace and where it is heading, as the dashboards do.
  else
    status = rag(
      Math.min(paceRatio ?? Number.POSITIVE_INFINITY, projectedAttainment ?? Number.POSITIVE_INFINITY),
    );
  return {
    ...base,
    actual: a,
    attainment,
    expectedByToday: state === 'not_started' ? 0 : expected,
    paceRatio,
    projected,
    projectionMethod: method,
    projectedAttainment,
    remaining: higher ? Math.max(0, value - a) : null,
    rag: status,
  };
}
