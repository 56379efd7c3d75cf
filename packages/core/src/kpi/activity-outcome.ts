/**
 * Activity vs outcome (DESIGN.md "Performance monitoring"): places each person by how much they do
 * against what it brings, relative to the team's median, so "busy but ineffective" and "effective
 * but under-active" show as such instead of hiding in a revenue ranking.
 */
import { median } from './formulas.ts';

export interface ActivityOutcomeInput {
  personId: string;
  /** Activities logged in the period. */
  activities: number;
  /** The outcome measured (revenue won, deals won, …) in the period. */
  outcome: number;
}

export type ActivityOutcomeQuadrant =
  | 'busy_but_ineffective'
  | 'effective_but_under_active'
  | 'high_performer'
  | 'needs_support'
  | 'typical';

export const ACTIVITY_OUTCOME_LABELS: Record<ActivityOutcomeQuadrant, string> = {
  busy_but_ineffective: 'Busy but ineffective',
  effective_but_under_active: 'Effective but under-active',
  high_performer: 'High performer',
  needs_support: 'Needs support',
  typical: 'Typical',
};

export interface ActivityOutcomePlacement {
  personId: string;
  activities: number;
  outcome: number;
  /** activities ÷ the team's median activities; null when that median is not positive. */
  activityIndex: number | null;
  /** outcome ÷ the team's median outcome; null when that median is not positive. */
  outcomeIndex: number | null;
  quadrant: ActivityOutcomeQuadrant;
  label: string;
}

export interface ActivityOutcome {
  medianActivities: number | null;
  medianOutcome: number | null;
  people: ActivityOutcomePlacement[];
}

export interface ActivityOutcomeOptions {
  /** How far from the median (as a share of it) counts as high or low. Default 0.2. */
  band?: number;
}

/** Keeps an index computed as exactly 1.2 on paper from missing the band by float noise. */
const EPSILON = 1e-9;

/**
 * Index = value ÷ team median (over the people given); high at ≥ 1 + band, low at ≤ 1 − band.
 * High activity with low outcome is busy but ineffective, low activity with high outcome is
 * effective but under-active, high both a high performer, low both needs support; anything else,
 * and anyone whose index is unknown (a median of 0), is typical.
 */
export function activityOutcome(
  people: ActivityOutcomeInput[],
  options: ActivityOutcomeOptions = {},
): ActivityOutcome {
  const band = options.band ?? 0.2;
  if (!(band > 0 && band < 1)) throw new RangeError(`band must be between 0 and 1 (exclusive), got ${band}`);
  const medianActivities = median(people.map((p) => p.activities));
  const medianOutcome = median(people.map((p) => p.outcome));
  return {
    medianActivities,
    medianOutcome,
    people: people.map((p) => {
      const activityIndex = indexOf(p.activities, medianActivities);
      const outcomeIndex = indexOf(p.outcome, medianOutcome);
      const quadrant = quadrantOf(activityIndex, outcomeIndex, band);
      return { ...p, activityIndex, outcomeIndex, quadrant, label: ACTIVITY_OUTCOME_LABELS[quadrant] };
    }),
  };
}

/** Null when the median is 0 (or negative): "twice nothing" says nothing. */
function indexOf(value: number, teamMedian: number | null): number | null {
  return teamMedian === null || teamMedian <= 0 ? null : value / teamMedian;
}

type Level = 'high' | 'low' | 'mid';

function levelOf(index: number, band: number): Level {
  if (index >= 1 + band - EPSILON) return 'high';
  if (index <= 1 - band + EPSILON) return 'low';
  return 'mid';
}

export function quadrantOf(
  activityIndex: number | null,
  outcomeIndex: number | null,
  band: number,
): ActivityOutcomeQuadrant {
  if (activityIndex === null || outcomeIndex === null) return 'typical';
  const activity = levelOf(activityIndex, band);
  const outcome = levelOf(outcomeIndex, band);
  if (activity === 'high' && outcome === 'low') return 'busy_but_ineffective';
  if (activity === 'low' && outcome === 'high') return 'effective_but_under_active';
  if (activity === 'high' && outcome === 'high') return 'high_performer';
  if (activity === 'low' && outcome === 'low') return 'needs_support';
  return 'typical';
}
