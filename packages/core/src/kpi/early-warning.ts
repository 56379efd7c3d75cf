/**
 * Early warning from leading indicators (DESIGN.md "Performance monitoring"): from a person's own
 * conversion ratios over a look-back, whether today's pipeline and pace of activity can still reach
 * the period's goal, with every step of the arithmetic written out for the leader.
 *
 * The model, on the person's look-back history:
 * - win rate = won ÷ (won + lost)
 * - average deal size = revenue won ÷ won
 * - activities per opportunity = activities ÷ opportunities created
 * - share closing in time = share of the won deals' cycle lengths that are ≤ the days remaining
 *
 * and on the current period:
 * - expected from pipeline = open pipeline due in the period × win rate
 * - projected activities = activities so far ÷ working days elapsed × working days left
 * - expected from new activity = projected activities ÷ activities per opportunity × win rate
 *   × average deal size × share closing in time
 * - expected = won so far + expected from pipeline + expected from new activity
 * - shortfall = max(0, goal − expected)
 * - activities needed = (goal − won so far − expected from pipeline)
 *   ÷ (win rate × average deal size × share closing in time) × activities per opportunity
 *
 * The share closing in time treats every new opportunity as if it had all the days remaining, so
 * the activity part is generous late in the period: a warning from it is not a false alarm.
 *
 * Status: won so far ≥ goal → reached; fewer than 5 closed deals or no opportunities in the
 * look-back, or any factor unknown → insufficient_history (what is computable is still shown);
 * expected ≥ goal → on_track; expected ≥ 85 % of goal → at_risk; otherwise cannot_reach.
 */
import { averageDealSize, type Histogram, histogramCount, ratio, winRate } from './formulas.ts';

export interface EarlyWarningHistory {
  /** Activities logged in the look-back. */
  activities: number;
  /** Opportunities (deals) created in the look-back. */
  opportunities: number;
  won: number;
  lost: number;
  revenueWon: number;
  /** Cycle lengths in days of the deals won in the look-back. */
  cycleDays: Histogram;
}

export interface EarlyWarningInput {
  /** Revenue to reach in the period (a target, or the person's baseline). */
  goal: number;
  goalSource: 'target' | 'baseline';
  /** Revenue won so far in the period. */
  actual: number;
  workingDaysElapsed: number;
  workingDaysTotal: number;
  /** Calendar days left in the period. */
  daysRemaining: number;
  /** Open deals with an expected close in the rest of the period. */
  openPipelineDue: { deals: number; amount: number };
  /** Activities logged in the period so far. */
  activitiesSoFar: number;
  /** The person's look-back (e.g. the last 4 periods). */
  history: EarlyWarningHistory;
}

export interface WarningStep {
  label: string;
  value: number | null;
  unit: 'currency' | 'count' | 'ratio' | 'days';
  /** The arithmetic as text, e.g. "6 deals worth 24,000 due × 50% win rate = 12,000". */
  working: string;
}

export type EarlyWarningStatus = 'on_track' | 'at_risk' | 'cannot_reach' | 'insufficient_history' | 'reached';

export interface EarlyWarning {
  status: EarlyWarningStatus;
  expected: number | null;
  shortfall: number | null;
  /** Activities needed in the rest of the period to close the gap the pipeline leaves. */
  neededActivities: number | null;
  /** Activities the rest of the period will bring at the pace so far. */
  projectedActivities: number | null;
  steps: WarningStep[];
  message: string;
}

/** Fewer closed deals than this in the look-back make the win rate too noisy to warn on. */
export const MIN_CLOSED_DEALS = 5;
/** Expected at or above this share of the goal is "at risk" rather than "cannot reach". */
export const AT_RISK_SHARE = 0.85;

/** The person's own ratios from the look-back; null where the history cannot say. */
interface Rates {
  winRate: number | null;
  avgDealSize: number | null;
  activitiesPerOpportunity: number | null;
  shareInTime: number | null;
}

/** The parts of the forecast, kept apart so each can be shown with its working. */
interface Parts {
  rates: Rates;
  pipelinePart: number | null;
  projectedActivities: number | null;
  activityPart: number | null;
  expected: number | null;
  /** Revenue one more activity is expected to bring in time; null when unknown. */
  valuePerActivity: number | null;
  neededActivities: number | null;
}

export function earlyWarning(input: EarlyWarningInput): EarlyWarning {
  const parts = computeParts(input);
  const shortfall = parts.expected === null ? null : Math.max(0, input.goal - parts.expected);
  const status = statusOf(input, parts);
  return {
    status,
    expected: parts.expected,
    shortfall,
    neededActivities: parts.neededActivities,
    projectedActivities: parts.projectedActivities,
    steps: stepsOf(input, parts, shortfall),
    message: messageOf(input, parts, status, shortfall),
  };
}

function historyRates(h: EarlyWarningHistory, daysRemaining: number): Rates {
  return {
    winRate: winRate(h.won, h.lost),
    avgDealSize: averageDealSize(h.revenueWon, h.won),
    // Opportunities with no activity logged say nothing about what an activity brings.
    activitiesPerOpportunity: h.activities > 0 ? ratio(h.activities, h.opportunities) : null,
    shareInTime: shareWithin(h.cycleDays, daysRemaining),
  };
}

function countWithin(h: Histogram, days: number): number {
  let within = 0;
  for (const [value, count] of h) if (value <= days) within += count;
  return within;
}

/** Share of the histogram's values that are ≤ `days`; null when it is empty. */
export function shareWithin(h: Histogram, days: number): number | null {
  return ratio(countWithin(h, days), histogramCount(h));
}

/** Activities the rest of the period brings at the pace so far; null before the first working day. */
export function projectRemainingActivities(
  activitiesSoFar: number,
  workingDaysElapsed: number,
  workingDaysTotal: number,
): number | null {
  if (workingDaysElapsed <= 0) return null;
  const left = Math.max(0, workingDaysTotal - workingDaysElapsed);
  return (activitiesSoFar / workingDaysElapsed) * left;
}

/**
 * The product of factors where a zero makes the answer known even if another factor is not: no
 * activity brings nothing, whatever the conversion would have been.
 */
function productOf(...factors: (number | null)[]): number | null {
  if (factors.some((f) => f === 0)) return 0;
  let p = 1;
  for (const f of factors) {
    if (f === null) return null;
    p *= f;
  }
  return p;
}

function computeParts(input: EarlyWarningInput): Parts {
  const rates = historyRates(input.history, input.daysRemaining);
  const pipelinePart = productOf(input.openPipelineDue.amount, rates.winRate);
  const projectedActivities = projectRemainingActivities(
    input.activitiesSoFar,
    input.workingDaysElapsed,
    input.workingDaysTotal,
  );
  const perOpportunity = rates.activitiesPerOpportunity === null ? null : 1 / rates.activitiesPerOpportunity;
  const activityPart = productOf(
    projectedActivities,
    perOpportunity,
    rates.winRate,
    rates.avgDealSize,
    rates.shareInTime,
  );
  const expected =
    pipelinePart === null || activityPart === null ? null : input.actual + pipelinePart + activityPart;
  const valuePerActivity = productOf(perOpportunity, rates.winRate, rates.avgDealSize, rates.shareInTime);
  return {
    rates,
    pipelinePart,
    projectedActivities,
    activityPart,
    expected,
    valuePerActivity,
    neededActivities: neededActivitiesFor(input, pipelinePart, valuePerActivity),
  };
}

/** Whole activities needed after the pipeline; null when activity cannot close the gap in time. */
function neededActivitiesFor(
  input: EarlyWarningInput,
  pipelinePart: number | null,
  valuePerActivity: number | null,
): number | null {
  if (pipelinePart === null) return null;
  const gap = input.goal - input.actual - pipelinePart;
  if (gap <= 0) return 0;
  if (valuePerActivity === null || valuePerActivity <= 0) return null;
  // Float noise must not turn an exact 225 into 226.
  return Math.ceil(gap / valuePerActivity - 1e-9);
}

/** Why the history cannot be trusted or the projection made; null when it can. */
function insufficiency(input: EarlyWarningInput, parts: Parts): string | null {
  const h = input.history;
  const closed = h.won + h.lost;
  if (closed < MIN_CLOSED_DEALS)
    return `only ${closed} closed ${closed === 1 ? 'deal' : 'deals'} in the look-back (${MIN_CLOSED_DEALS} are needed for a reliable win rate)`;
  if (h.opportunities <= 0) return 'no opportunities were created in the look-back';
  if (parts.expected !== null) return null;
  if (parts.projectedActivities === null)
    return 'no working day of the period has passed yet, so there is no pace of activity to project';
  if (parts.rates.activitiesPerOpportunity === null) return 'no activities were logged in the look-back';
  return 'the look-back has no cycle lengths for its won deals';
}

function statusOf(input: EarlyWarningInput, parts: Parts): EarlyWarningStatus {
  if (input.actual >= input.goal) return 'reached';
  if (insufficiency(input, parts) !== null || parts.expected === null) return 'insufficient_history';
  // Equal on paper must not read as short because of float noise in the product.
  const slack = 1e-9 * Math.max(1, Math.abs(input.goal));
  if (parts.expected >= input.goal - slack) return 'on_track';
  if (parts.expected >= AT_RISK_SHARE * input.goal - slack) return 'at_risk';
  return 'cannot_reach';
}

// ---------------------------------------------------------------------------------------------
// Presentation: the working and the sentence. Numbers use thousands separators, ratios percentages.

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function num(n: number): string {
  return whole.format(n);
}

function dec(n: number): string {
  return oneDecimal.format(n);
}

function pct(r: number): string {
  const p = Math.round(r * 100);
  return p === 0 && r > 0 ? '<1%' : `${p}%`;
}

function plural(n: number, one: string, many: string): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

function goalPhrase(input: EarlyWarningInput): string {
  return `${input.goalSource === 'target' ? 'the target' : 'the baseline'} of ${num(input.goal)}`;
}

function stepsOf(input: EarlyWarningInput, parts: Parts, shortfall: number | null): WarningStep[] {
  const h = input.history;
  const r = parts.rates;
  const left = Math.max(0, input.workingDaysTotal - input.workingDaysElapsed);
  return [
    {
      label: input.goalSource === 'target' ? 'Target' : 'Baseline',
      value: input.goal,
      unit: 'currency',
      working:
        input.goalSource === 'target'
          ? `${num(input.goal)}, the target for the period`
          : `${num(input.goal)}, the usual revenue of a period (no target is set)`,
    },
    {
      label: 'Won so far',
      value: input.actual,
      unit: 'currency',
      working: `${num(input.actual)} won in the period so far`,
    },
    {
      label: 'Win rate',
      value: r.winRate,
      unit: 'ratio',
      working:
        r.winRate === null
          ? 'No closed deals in the look-back'
          : `${num(h.won)} won ÷ (${num(h.won)} won + ${num(h.lost)} lost) = ${pct(r.winRate)}`,
    },
    {
      label: 'Average deal size',
      value: r.avgDealSize,
      unit: 'currency',
      working:
        r.avgDealSize === null
          ? 'No won deals in the look-back'
          : `${num(h.revenueWon)} won ÷ ${plural(h.won, 'deal', 'deals')} = ${num(r.avgDealSize)}`,
    },
    {
      label: 'Activities per opportunity',
      value: r.activitiesPerOpportunity,
      unit: 'count',
      working:
        r.activitiesPerOpportunity === null
          ? `${plural(h.activities, 'activity', 'activities')} and ${plural(h.opportunities, 'opportunity', 'opportunities')} in the look-back: no ratio`
          : `${plural(h.activities, 'activity', 'activities')} ÷ ${plural(h.opportunities, 'opportunity', 'opportunities')} = ${dec(r.activitiesPerOpportunity)}`,
    },
    {
      label: 'Wins closing in time',
      value: r.shareInTime,
      unit: 'ratio',
      working:
        r.shareInTime === null
          ? 'No cycle lengths of won deals in the look-back'
          : `${num(countWithin(h.cycleDays, input.daysRemaining))} of ${plural(histogramCount(h.cycleDays), 'past win', 'past wins')} closed within ${plural(input.daysRemaining, 'day', 'days')} = ${pct(r.shareInTime)}`,
    },
    {
      label: 'Expected from open pipeline',
      value: parts.pipelinePart,
      unit: 'currency',
      working: `${plural(input.openPipelineDue.deals, 'deal', 'deals')} worth ${num(input.openPipelineDue.amount)} due × ${r.winRate === null ? 'unknown' : pct(r.winRate)} win rate = ${parts.pipelinePart === null ? 'unknown' : num(parts.pipelinePart)}`,
    },
    {
      label: 'Projected activities',
      value: parts.projectedActivities,
      unit: 'count',
      working:
        parts.projectedActivities === null
          ? 'No working day has passed yet: no pace to project'
          : `${plural(input.activitiesSoFar, 'activity', 'activities')} ÷ ${plural(input.workingDaysElapsed, 'working day', 'working days')} × ${plural(left, 'working day', 'working days')} left = ${num(parts.projectedActivities)}`,
    },
    {
      label: 'Expected from new activity',
      value: parts.activityPart,
      unit: 'currency',
      working: `${parts.projectedActivities === null ? 'unknown' : num(parts.projectedActivities)} activities ÷ ${r.activitiesPerOpportunity === null ? 'unknown' : dec(r.activitiesPerOpportunity)} per opportunity × ${r.winRate === null ? 'unknown' : pct(r.winRate)} win rate × ${r.avgDealSize === null ? 'unknown' : num(r.avgDealSize)} average deal × ${r.shareInTime === null ? 'unknown' : pct(r.shareInTime)} closing in time = ${parts.activityPart === null ? 'unknown' : num(parts.activityPart)}`,
    },
    {
      label: 'Expected by period end',
      value: parts.expected,
      unit: 'currency',
      working: `${num(input.actual)} won + ${parts.pipelinePart === null ? 'unknown' : num(parts.pipelinePart)} from pipeline + ${parts.activityPart === null ? 'unknown' : num(parts.activityPart)} from new activity = ${parts.expected === null ? 'unknown' : num(parts.expected)}`,
    },
    {
      label: 'Shortfall',
      value: shortfall,
      unit: 'currency',
      working:
        parts.expected === null || shortfall === null
          ? 'Unknown: the expected figure cannot be computed'
          : `${num(input.goal)} − ${num(parts.expected)} expected = ${num(shortfall)}`,
    },
    neededStep(input, parts),
  ];
}

function neededStep(input: EarlyWarningInput, parts: Parts): WarningStep {
  const step = { label: 'Activities needed', value: parts.neededActivities, unit: 'count' as const };
  const r = parts.rates;
  if (parts.pipelinePart === null) return { ...step, working: 'Unknown: no win rate' };
  const gap = input.goal - input.actual - parts.pipelinePart;
  if (gap <= 0)
    return { ...step, working: `Won so far + pipeline already cover ${num(input.goal)}: none needed` };
  if (r.shareInTime === 0)
    return {
      ...step,
      working: `None of the past wins closed within ${input.daysRemaining} days: activity cannot close the gap in time`,
    };
  if (
    parts.neededActivities === null ||
    r.winRate === null ||
    r.avgDealSize === null ||
    r.shareInTime === null ||
    r.activitiesPerOpportunity === null
  )
    return { ...step, working: `${num(gap)} still to find, but activity's yield is unknown or zero` };
  return {
    ...step,
    working: `(${num(input.goal)} − ${num(input.actual)} won − ${num(parts.pipelinePart)} pipeline = ${num(gap)}) ÷ (${pct(r.winRate)} win rate × ${num(r.avgDealSize)} × ${pct(r.shareInTime)} in time) × ${dec(r.activitiesPerOpportunity)} activities per opportunity = ${num(parts.neededActivities)}`,
  };
}

function messageOf(
  input: EarlyWarningInput,
  parts: Parts,
  status: EarlyWarningStatus,
  shortfall: number | null,
): string {
  const goal = goalPhrase(input);
  const won = num(input.actual);
  switch (status) {
    case 'reached':
      return `Already won ${won}, which reaches ${goal}.`;
    case 'insufficient_history':
      return `Not enough to judge ${goal} yet: ${insufficiency(input, parts) ?? 'a figure is missing'}.`;
    case 'on_track':
      return `On track: ${won} won so far, and the open pipeline and the current pace of activity should bring about ${num(parts.expected ?? 0)} against ${goal}.`;
    case 'at_risk':
    case 'cannot_reach': {
      const lead = status === 'at_risk' ? 'At risk' : `Cannot reach ${goal} at this pace`;
      const against = status === 'at_risk' ? ` of ${goal}` : '';
      return `${lead}: ${won} won so far, and the open pipeline and the current pace of activity should bring about ${num(parts.expected ?? 0)}, ${num(shortfall ?? 0)} short${against}; ${remedy(input, parts)}.`;
    }
  }
}

/** What activity could still do about the gap, in words. */
function remedy(input: EarlyWarningInput, parts: Parts): string {
  if (parts.rates.shareInTime === 0)
    return `new activity cannot help in time, as none of the past wins closed within the ${plural(input.daysRemaining, 'day', 'days')} left`;
  if (parts.neededActivities === null) return 'new activity on its own is not expected to close the gap';
  return `closing it would take ${plural(parts.neededActivities, 'activity', 'activities')} in the rest of the period against ${num(parts.projectedActivities ?? 0)} at the current pace`;
}
