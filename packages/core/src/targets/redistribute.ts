/**
 * Mid-period redistribution: from each person's projected end-of-period result, find who is at risk
 * (projected below target) and who is on track, and move a chosen part of the at-risk shortfall to
 * the on-track people in proportion to their headroom (projected − target), within caps. The team
 * total never changes: what is taken from some is given to others, to the unit step.
 */
import { clean, flatten, formatNumber, splitUnits, stepDecimals, unitsFloor } from './units.ts';

export interface RedistributionPerson {
  id: string;
  name: string;
  /** The current target value. */
  target: number;
  /** Result so far in the period. */
  actual: number;
  /** Projected end-of-period result (from the KPI engine). */
  projected: number;
  /** Largest increase this person may receive (in the metric's unit); null = only their headroom. */
  maxIncrease?: number | null;
  /** Excluded people keep their target unchanged (e.g. a leaver), but still count in the total. */
  excluded?: boolean;
}

export interface RedistributionInput {
  /** Part of the at-risk shortfall to move, 0–1. */
  share: number;
  /** Rounding step (1 by default). */
  step?: number;
  people: readonly RedistributionPerson[];
  /** Write each line's rationale (the default); false leaves it empty when only the numbers are needed. */
  explain?: boolean;
}

export type RedistributionStatus = 'at_risk' | 'on_track' | 'excluded';

export interface RedistributionLine {
  id: string;
  name: string;
  status: RedistributionStatus;
  target: number;
  actual: number;
  projected: number;
  /** at risk: target − projected; else 0. */
  shortfall: number;
  /** on track: projected − target; else 0. */
  headroom: number;
  /** The most this person could receive: min(headroom, maxIncrease). */
  cap: number;
  /** Negative for people relieved, positive for receivers, in whole steps. */
  change: number;
  newTarget: number;
  rationale: string;
}

export interface Redistribution {
  share: number;
  totalShortfall: number;
  totalHeadroom: number;
  /** What was asked to move (share × shortfall, rounded to the step) and what could move (capped). */
  requested: number;
  moved: number;
  /** Σ target before = Σ newTarget after, exactly. */
  teamTotal: number;
  lines: RedistributionLine[];
  notes: string[];
}

/**
 * Throws a RangeError naming the person or the field on bad input. Works in integer units of the
 * step: the moved amount is floor(share × Σ shortfall) steps (never more than the share asked),
 * capped by what the on-track people can take (their headroom, or maxIncrease when smaller) and by
 * what the at-risk people can give without their new target falling under their projection.
 */
export function redistribute(input: RedistributionInput): Redistribution {
  const { share, people } = input;
  const step = input.step ?? 1;
  if (!(Number.isFinite(share) && share >= 0 && share <= 1))
    throw new RangeError(`The share to move must be between 0 and 1, got ${share}`);
  if (!(Number.isFinite(step) && step > 0))
    throw new RangeError(`The step must be a number > 0, got ${step}`);
  for (const p of people) {
    if (!Number.isFinite(p.target))
      throw new RangeError(`${p.name}'s target must be a number, got ${p.target}`);
    if (!Number.isFinite(p.actual))
      throw new RangeError(`${p.name}'s actual must be a number, got ${p.actual}`);
    if (!Number.isFinite(p.projected))
      throw new RangeError(`${p.name}'s projected must be a number, got ${p.projected}`);
    if (p.target < 0) throw new RangeError(`${p.name}'s target must be ≥ 0, got ${p.target}`);
    const max = p.maxIncrease ?? null;
    if (max !== null && !(Number.isFinite(max) && max >= 0))
      throw new RangeError(`${p.name}'s largest increase must be a number ≥ 0, got ${max}`);
  }

  const d = stepDecimals(step);
  const n = people.length;
  const status: RedistributionStatus[] = people.map((p) =>
    p.excluded ? 'excluded' : p.projected < p.target ? 'at_risk' : 'on_track',
  );
  const shortfall = people.map((p, i) => (status[i] === 'at_risk' ? p.target - p.projected : 0));
  const headroom = people.map((p, i) => (status[i] === 'on_track' ? p.projected - p.target : 0));
  // In units: what each receiver may take, and what each at-risk person may give up (whole steps
  // of their shortfall, so that the new target stays at or above their projection).
  const capUnits = people.map((p, i) =>
    status[i] === 'on_track'
      ? unitsFloor(Math.min(headroom[i] as number, p.maxIncrease ?? Infinity), step)
      : 0,
  );
  const giveUnits = shortfall.map((s) => (s > 0 ? unitsFloor(s, step) : 0));

  let totalShortfall = 0;
  let totalHeadroom = 0;
  let capSum = 0;
  let giveSum = 0;
  let atRisk = 0;
  for (let i = 0; i < n; i++) {
    totalShortfall += shortfall[i] as number;
    totalHeadroom += headroom[i] as number;
    capSum += capUnits[i] as number;
    giveSum += giveUnits[i] as number;
    if (status[i] === 'at_risk') atRisk++;
  }
  const requestedUnits = unitsFloor(share * totalShortfall, step);
  const movedUnits = Math.min(requestedUnits, capSum, giveSum);

  const zeros = new Array<number>(n).fill(0);
  const gain = movedUnits > 0 ? splitUnits(headroom, zeros, capUnits, movedUnits).units : zeros;
  const loss = movedUnits > 0 ? splitUnits(shortfall, zeros, giveUnits, movedUnits).units : zeros;

  const notes: string[] = [];
  const fmt = (x: number) => formatNumber(x, Math.max(d, 2));
  const requested = clean(requestedUnits * step, d);
  const moved = clean(movedUnits * step, d);
  if (atRisk === 0) notes.push('Nobody is at risk: nothing to move');
  else if (capSum === 0) notes.push('Nobody is on track with headroom: nothing can move');
  else if (requestedUnits === 0)
    notes.push(
      `A share of ${formatNumber(share * 100, 1)}% of the shortfall is less than one step: nothing to move`,
    );
  else if (movedUnits < requestedUnits) {
    notes.push(
      movedUnits === capSum
        ? `Only ${fmt(moved)} of the ${fmt(requested)} asked could move: the on-track people's headroom (caps) is smaller`
        : `Only ${fmt(moved)} of the ${fmt(requested)} asked could move: the at-risk people's shortfalls hold no more whole steps of ${fmt(step)}`,
    );
  }

  let teamTotal = 0;
  let totalDecimals = d;
  const lines = people.map((p, i): RedistributionLine => {
    const changeUnits = (gain[i] as number) - (loss[i] as number);
    const change = clean(changeUnits * step, d);
    // Clean to the step's decimals or the target's own, whichever is finer, so that 0.1-steps on a
    // target of 10.25 keep its hundredths.
    const targetDecimals = Math.max(d, stepDecimals(p.target));
    const newTarget = clean(p.target + change, targetDecimals);
    teamTotal += p.target;
    if (targetDecimals > totalDecimals) totalDecimals = targetDecimals;
    const line: RedistributionLine = {
      id: p.id,
      name: p.name,
      status: status[i] as RedistributionStatus,
      target: p.target,
      actual: p.actual,
      projected: p.projected,
      shortfall: shortfall[i] as number,
      headroom: headroom[i] as number,
      cap: clean((capUnits[i] as number) * step, d),
      change,
      newTarget,
      rationale: '',
    };
    if (input.explain ?? true) line.rationale = flatten(lineRationale(line, p, fmt));
    return line;
  });

  return {
    share,
    totalShortfall,
    totalHeadroom,
    requested,
    moved,
    teamTotal: clean(teamTotal, totalDecimals),
    lines,
    notes,
  };
}

function lineRationale(
  line: RedistributionLine,
  p: RedistributionPerson,
  fmt: (x: number) => string,
): string {
  const projected = `Projected ${fmt(line.projected)} of ${fmt(line.target)}`;
  if (line.status === 'excluded') return `Excluded: keeps ${fmt(line.target)} (${projected.toLowerCase()})`;
  if (line.status === 'at_risk') {
    const head = `${projected} (shortfall ${fmt(line.shortfall)})`;
    return line.change < 0
      ? `${head}: relieved of ${fmt(-line.change)} → ${fmt(line.newTarget)}`
      : `${head}: nothing moved → ${fmt(line.newTarget)}`;
  }
  const capped =
    p.maxIncrease != null && p.maxIncrease < line.headroom ? `, at most ${fmt(line.cap)} more` : '';
  const head = `${projected} (headroom ${fmt(line.headroom)}${capped})`;
  return line.change > 0
    ? `${head}: takes ${fmt(line.change)} of the shortfall → ${fmt(line.newTarget)}`
    : `${head}: takes none of the shortfall → ${fmt(line.newTarget)}`;
}
