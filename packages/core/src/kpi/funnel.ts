/**
 * Funnel diagnostics (DESIGN.md "Performance monitoring"): stage-to-stage conversion and time in
 * stage for a person against the team benchmark, and the weakest stage named with a coaching focus.
 *
 * The database supplies cohort counts per stage; this module only divides, takes medians and
 * compares, so the dashboard, the 1:1 snapshot and the tests read the same figures.
 */
import { type Histogram, medianOfHistogram, mergeHistograms, ratio } from './formulas.ts';

export interface FunnelStage {
  id: string;
  name: string;
  position: number;
  kind: 'open' | 'won' | 'lost';
}

export interface StageFlow {
  stageId: string;
  /** Deals of the cohort: those that entered this stage in the period. */
  entered: number;
  /**
   * How many of them later reached the next open stage or any stage beyond it (won counts as
   * beyond every open stage).
   */
  advanced: number;
  /** Days spent in this stage by those of the cohort that left it. */
  daysInStage: Histogram;
}

export interface FunnelCounts {
  stages: StageFlow[];
}

/**
 * The team's counts from its people's: entered and advanced summed and day histograms merged, per
 * stage. Stages come out in the order they are first seen.
 */
export function mergeFunnelCounts(...counts: FunnelCounts[]): FunnelCounts {
  const byStage = new Map<string, { entered: number; advanced: number; days: Histogram[] }>();
  for (const c of counts) {
    for (const flow of c.stages) {
      const acc = byStage.get(flow.stageId) ?? { entered: 0, advanced: 0, days: [] };
      acc.entered += flow.entered;
      acc.advanced += flow.advanced;
      acc.days.push(flow.daysInStage);
      byStage.set(flow.stageId, acc);
    }
  }
  return {
    stages: [...byStage].map(([stageId, acc]) => ({
      stageId,
      entered: acc.entered,
      advanced: acc.advanced,
      daysInStage: mergeHistograms(...acc.days),
    })),
  };
}

export interface FunnelStep {
  fromStageId: string;
  fromName: string;
  toName: string;
  entered: number;
  advanced: number;
  /** advanced ÷ entered; null when no deal entered. */
  conversion: number | null;
  medianDays: number | null;
  benchmarkConversion: number | null;
  benchmarkMedianDays: number | null;
  /** conversion − benchmark conversion, in ratio points (−0.19 = 19 points below the team). */
  gap: number | null;
}

const NO_FLOW: StageFlow = { stageId: '', entered: 0, advanced: 0, daysInStage: [] };

function flowOf(counts: FunnelCounts, stageId: string): StageFlow {
  return counts.stages.find((s) => s.stageId === stageId) ?? NO_FLOW;
}

/**
 * One step per open stage, in position order: from that stage to the next open stage, and from the
 * last open stage to the won stage ("Negotiation → Won"). A stage no deal entered has null
 * conversion and median, not 0.
 */
export function funnelSteps(
  stages: FunnelStage[],
  person: FunnelCounts,
  benchmark: FunnelCounts,
): FunnelStep[] {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const open = ordered.filter((s) => s.kind === 'open');
  const wonName = ordered.find((s) => s.kind === 'won')?.name ?? 'Won';
  return open.map((stage, i) => {
    const mine = flowOf(person, stage.id);
    const team = flowOf(benchmark, stage.id);
    const conversion = ratio(mine.advanced, mine.entered);
    const benchmarkConversion = ratio(team.advanced, team.entered);
    return {
      fromStageId: stage.id,
      fromName: stage.name,
      toName: open[i + 1]?.name ?? wonName,
      entered: mine.entered,
      advanced: mine.advanced,
      conversion,
      medianDays: medianOfHistogram(mine.daysInStage),
      benchmarkConversion,
      benchmarkMedianDays: medianOfHistogram(team.daysInStage),
      gap: conversion === null || benchmarkConversion === null ? null : conversion - benchmarkConversion,
    };
  });
}

export interface WeakestStage {
  fromName: string;
  toName: string;
  /** Whether the step is named for converting too few deals or for holding them too long. */
  basis: 'conversion' | 'time';
  conversion: number | null;
  benchmarkConversion: number | null;
  gap: number | null;
  medianDays: number | null;
  benchmarkMedianDays: number | null;
  /** The coaching focus for the FROM stage, or null when the mapping has none. */
  focus: string | null;
  /** A sentence with the figures, for the leader to read. */
  reason: string;
}

export interface WeakestStageOptions {
  /** Steps with fewer deals entered are too small to judge. Default 5. */
  minEntered?: number;
  /** A conversion shortfall must exceed this many ratio points to count. Default 0.05. */
  tolerance?: number;
}

/** Median days in stage above the benchmark by more than this share counts as slow. */
const SLOW_FACTOR = 1.5;
/** Keeps float noise (0.3 − 0.5 vs 0.2 − 0.4) from breaking a tie that is equal on paper. */
const EPSILON = 1e-9;

/**
 * The step to coach: the largest conversion shortfall against the benchmark beyond the tolerance,
 * among steps with at least `minEntered` deals (ties go to the earlier stage). When no step falls
 * short on conversion, the step whose median days in stage most exceeds the benchmark by more than
 * 50 % is named instead, for slowness. Null when nothing stands out.
 */
export function weakestStage(
  steps: FunnelStep[],
  focusByStageName: Record<string, string>,
  options: WeakestStageOptions = {},
): WeakestStage | null {
  const minEntered = options.minEntered ?? 5;
  const tolerance = options.tolerance ?? 0.05;
  const judged = steps.filter((s) => s.entered >= minEntered);

  const byConversion = pickLargest(judged, (s) =>
    s.gap !== null && -s.gap > tolerance + EPSILON ? -s.gap : null,
  );
  if (byConversion) return describe(byConversion, 'conversion', focusByStageName);

  const bySlowness = pickLargest(judged, (s) => {
    if (s.medianDays === null || s.benchmarkMedianDays === null || s.benchmarkMedianDays <= 0) return null;
    const r = s.medianDays / s.benchmarkMedianDays;
    return r > SLOW_FACTOR + EPSILON ? r : null;
  });
  return bySlowness ? describe(bySlowness, 'time', focusByStageName) : null;
}

/** The step with the largest score (null = not a candidate); the earlier step wins a tie. */
function pickLargest(steps: FunnelStep[], score: (s: FunnelStep) => number | null): FunnelStep | null {
  let best: FunnelStep | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const s of steps) {
    const v = score(s);
    if (v !== null && v > bestScore + EPSILON) {
      best = s;
      bestScore = v;
    }
  }
  return best;
}

function describe(
  step: FunnelStep,
  basis: WeakestStage['basis'],
  focusByStageName: Record<string, string>,
): WeakestStage {
  const label = `${step.fromName} → ${step.toName}`;
  const reason =
    basis === 'conversion'
      ? `${label}: ${percent(step.conversion)} of ${step.entered} deals advanced against the team's ${percent(step.benchmarkConversion)}`
      : `${label}: deals stayed a median of ${days(step.medianDays)} in ${step.fromName} against the team's ${days(step.benchmarkMedianDays)}, so they move slowly there`;
  return {
    fromName: step.fromName,
    toName: step.toName,
    basis,
    conversion: step.conversion,
    benchmarkConversion: step.benchmarkConversion,
    gap: step.gap,
    medianDays: step.medianDays,
    benchmarkMedianDays: step.benchmarkMedianDays,
    focus: focusFor(step.fromName, focusByStageName),
    reason,
  };
}

/** Looks a stage up case-insensitively, ignoring surrounding spaces ("proposal " finds "Proposal"). */
function focusFor(stageName: string, focusByStageName: Record<string, string>): string | null {
  const key = stageName.trim().toLowerCase();
  for (const [name, focus] of Object.entries(focusByStageName))
    if (name.trim().toLowerCase() === key) return focus;
  return null;
}

function percent(r: number | null): string {
  return r === null ? 'no data' : `${Math.round(r * 100)}%`;
}

function days(d: number | null): string {
  if (d === null) return 'no data';
  const shown = Math.round(d * 10) / 10;
  return `${shown} ${shown === 1 ? 'day' : 'days'}`;
}

/** Suggested coaching focus per stage of the default pipeline (stage → skill). */
export const DEFAULT_COACHING_FOCUS: Record<string, string> = {
  Prospecting: 'Prospecting and call openings',
  Qualification: 'Questioning and needs analysis',
  Engaging: 'Needs analysis and value articulation',
  Proposal: 'Value articulation and objection handling',
  Negotiation: 'Objection handling and closing',
};
