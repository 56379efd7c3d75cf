/**
 * A person's capacity for a period: how much of a full-time, fully ramped person's working time
 * they can give it. Cascading targets "by capacity" divides a team target in these proportions,
 * so the arithmetic is spelled out in the result for the leader to read.
 */
import { type DateRange, type IsoDate, intersect, monthsBetween, workingDays } from './dates.ts';

export interface RampStep {
  /** Applies while tenure (whole months since the start date) is below this many months. */
  untilMonth: number;
  /** Share of full productivity during those months, 0–1. */
  factor: number;
}

/** New starters: a quarter in the first month, half in months 2–3, three quarters in months 4–6. */
export const DEFAULT_RAMP: readonly RampStep[] = [
  { untilMonth: 1, factor: 0.25 },
  { untilMonth: 3, factor: 0.5 },
  { untilMonth: 6, factor: 0.75 },
];

export interface CapacityInput {
  period: DateRange;
  /** Full-time equivalent, 0–1 (0.5 = half time). */
  fte: number;
  /** First working day; days before it count as zero. */
  startDate: IsoDate | null;
  /** Last working day, when the person leaves during the period. */
  endDate?: IsoDate | null;
  /** Planned leave, inclusive ranges; overlapping ranges are counted once. */
  leave: readonly DateRange[];
  holidays?: ReadonlySet<IsoDate>;
  ramp?: readonly RampStep[];
}

export interface Capacity {
  periodWorkingDays: number;
  employedWorkingDays: number;
  leaveWorkingDays: number;
  availableDays: number;
  fte: number;
  /** Ramp factor at the middle of the person's employed part of the period. */
  rampFactor: number;
  tenureMonths: number | null;
  /** availableDays × fte × rampFactor, in full-time ramped working days. */
  effectiveDays: number;
  /** effectiveDays ÷ periodWorkingDays: 1 for a full-time, ramped person with no leave. */
  share: number;
}

export function rampFactor(tenureMonths: number, ramp: readonly RampStep[] = DEFAULT_RAMP): number {
  for (const step of [...ramp].sort((a, b) => a.untilMonth - b.untilMonth)) {
    if (tenureMonths < step.untilMonth) return step.factor;
  }
  return 1;
}

export function computeCapacity(input: CapacityInput): Capacity {
  const holidays = input.holidays ?? new Set<IsoDate>();
  if (!(input.fte >= 0 && input.fte <= 1))
    throw new RangeError(`fte must be between 0 and 1, got ${input.fte}`);
  const periodWorkingDays = workingDays(input.period, holidays);
  const employed = intersect(input.period, {
    start: input.startDate ?? input.period.start,
    end: input.endDate ?? input.period.end,
  });
  const employedWorkingDays = employed ? workingDays(employed, holidays) : 0;

  let leaveWorkingDays = 0;
  if (employed) {
    // Mark leave days once each, so overlapping requests are not double-counted.
    const seen = new Set<IsoDate>();
    for (const range of input.leave) {
      const part = intersect(employed, range);
      if (!part) continue;
      for (let d = part.start; d <= part.end; d = nextDay(d)) seen.add(d);
    }
    for (const d of seen) if (workingDays({ start: d, end: d }, holidays) === 1) leaveWorkingDays++;
  }

  const availableDays = Math.max(0, employedWorkingDays - leaveWorkingDays);
  let tenureMonths: number | null = null;
  let factor = 1;
  if (input.startDate && employed) {
    tenureMonths = monthsBetween(input.startDate, midpoint(employed));
    factor = rampFactor(tenureMonths, input.ramp);
  }
  const effectiveDays = availableDays * input.fte * factor;
  return {
    periodWorkingDays,
    employedWorkingDays,
    leaveWorkingDays,
    availableDays,
    fte: input.fte,
    rampFactor: factor,
    tenureMonths,
    effectiveDays,
    share: periodWorkingDays === 0 ? 0 : effectiveDays / periodWorkingDays,
  };
}

function nextDay(d: IsoDate): IsoDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function midpoint(r: DateRange): IsoDate {
  const a = Date.parse(`${r.start}T00:00:00Z`);
  const b = Date.parse(`${r.end}T00:00:00Z`);
  return new Date(a + Math.floor((b - a) / 86_400_000 / 2) * 86_400_000).toISOString().slice(0, 10);
}
