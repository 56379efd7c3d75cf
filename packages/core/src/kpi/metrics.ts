/**
 * The metric catalogue: every KPI a dashboard, a target or the CLI can name, with its unit, its
 * formula in words, and the two tags the seeds insist on — leading or lagging, activity or outcome —
 * so that no screen confuses "calls made" (something a person does) with "revenue won" (something
 * that happens to them later).
 *
 * `computeMetric` turns the totals the database summed for a person or a team over a period into
 * one metric's value, with the formulas of formulas.ts.
 */

import { ACTIVITY_TYPES } from '../import/fields.ts';
import {
  averageDealSize,
  customerRetention,
  type Histogram,
  histogramCount,
  medianOfHistogram,
  salesVelocity,
  winRate,
} from './formulas.ts';

export type MetricUnit = 'currency' | 'count' | 'ratio' | 'days' | 'currency_per_day';
export type MetricTiming = 'leading' | 'lagging';
export type MetricNature = 'activity' | 'outcome';
/** Whether a bigger number is better (a lost deal count is not). */
export type MetricDirection = 'higher_is_better' | 'lower_is_better';

type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface MetricDefinition {
  id: MetricId;
  name: string;
  unit: MetricUnit;
  formula: string;
  timing: MetricTiming;
  nature: MetricNature;
  direction: MetricDirection;
  /** Whether the figure can be a target's metric (a ratio of a team is not a sum of its people's). */
  additive: boolean;
}

export const METRIC_IDS = [
  'revenue_won',
  'deals_won',
  'deals_lost',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'deals_created',
  'pipeline_due',
  'weighted_pipeline_due',
  'open_deals',
  'sales_velocity',
  'activities',
  'calls',
  'emails',
  'meetings',
  'demos',
  'customer_retention',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

const catalogue: MetricDefinition[] = [
  {
    id: 'revenue_won',
    name: 'Revenue won',
    unit: 'currency',
    formula: 'Sum of the amount of deals won with a close date in the period',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'deals_won',
    name: 'Deals won',
    unit: 'count',
    formula: 'Count of deals closed won in the period',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'deals_lost',
    name: 'Deals lost',
    unit: 'count',
    formula: 'Count of deals closed lost in the period',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'lower_is_better',
    additive: true,
  },
  {
    id: 'win_rate',
    name: 'Win rate',
    unit: 'ratio',
    formula: 'Won ÷ (won + lost), of the deals closed in the period',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: false,
  },
  {
    id: 'avg_deal_size',
    name: 'Average deal size',
    unit: 'currency',
    formula: 'Revenue won ÷ deals won',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: false,
  },
  {
    id: 'sales_cycle_days',
    name: 'Sales cycle length',
    unit: 'days',
    formula:
      'Median days from first engagement (or, when none is recorded, deal creation) to close, of the deals won in the period',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'lower_is_better',
    additive: false,
  },
  {
    id: 'deals_created',
    name: 'Opportunities created',
    unit: 'count',
    formula: 'Count of deals created in the period',
    timing: 'leading',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'pipeline_due',
    name: 'Pipeline due',
    unit: 'currency',
    formula: 'Amount of the open deals expected to close in the period (as of now)',
    timing: 'leading',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'weighted_pipeline_due',
    name: 'Weighted pipeline due',
    unit: 'currency',
    formula:
      "Amount × the stage's probability, of the open deals expected to close in the period (as of now)",
    timing: 'leading',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'open_deals',
    name: 'Open deals',
    unit: 'count',
    formula: 'Count of deals open now, whatever their expected close date',
    timing: 'leading',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'sales_velocity',
    name: 'Sales velocity',
    unit: 'currency_per_day',
    formula: 'Open deals × average deal size × win rate ÷ sales cycle length (per day)',
    timing: 'leading',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: false,
  },
  {
    id: 'activities',
    name: 'Activities',
    unit: 'count',
    formula: 'Count of calls, emails, meetings and demos logged in the period',
    timing: 'leading',
    nature: 'activity',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'calls',
    name: 'Call volume',
    unit: 'count',
    formula: 'Count of calls in the period',
    timing: 'leading',
    nature: 'activity',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'emails',
    name: 'Emails sent',
    unit: 'count',
    formula: 'Count of emails in the period',
    timing: 'leading',
    nature: 'activity',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'meetings',
    name: 'Meetings held',
    unit: 'count',
    formula: 'Count of meetings in the period',
    timing: 'leading',
    nature: 'activity',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'demos',
    name: 'Demos given',
    unit: 'count',
    formula: 'Count of demos in the period',
    timing: 'leading',
    nature: 'activity',
    direction: 'higher_is_better',
    additive: true,
  },
  {
    id: 'customer_retention',
    name: 'Customer retention',
    unit: 'ratio',
    formula:
      '(Customers at period end − new customers in the period) ÷ customers at period start, of the accounts the person or team owns',
    timing: 'lagging',
    nature: 'outcome',
    direction: 'higher_is_better',
    additive: false,
  },
];

export const METRICS: ReadonlyMap<MetricId, MetricDefinition> = new Map(catalogue.map((m) => [m.id, m]));

export function isMetricId(value: string): value is MetricId {
  return METRICS.has(value as MetricId);
}

export function metricDefinition(id: MetricId): MetricDefinition {
  return METRICS.get(id) as MetricDefinition;
}

/** What the database sums for a person or a team over a period; the input of every metric. */
export interface KpiTotals {
  dealsCreated: number;
  dealsWon: number;
  dealsLost: number;
  revenueWon: number;
  /**
   * Won deals in the reporting currency, whose amounts make up `revenueWon` (deals in other
   * currencies count as won but add no revenue); absent means all of them.
   */
  revenueDeals?: number;
  /** Cycle lengths in days of the deals won in the period. */
  cycleDays: Histogram;
  activities: Record<ActivityType, number>;
  /** Open deals now (all expected close dates). */
  openDeals: number;
  /** Open deals now expected to close in the period: count, amount and probability-weighted amount. */
  pipelineDue: { deals: number; amount: number; weighted: number };
  /** Accounts owned that were customers at the period's start and end, and became customers in it. */
  customers: { atStart: number; atEnd: number; newInPeriod: number };
}

export function emptyTotals(): KpiTotals {
  return {
    dealsCreated: 0,
    dealsWon: 0,
    dealsLost: 0,
    revenueWon: 0,
    revenueDeals: 0,
    cycleDays: [],
    activities: { call: 0, email: 0, meeting: 0, demo: 0, task: 0, note: 0 },
    openDeals: 0,
    pipelineDue: { deals: 0, amount: 0, weighted: 0 },
    customers: { atStart: 0, atEnd: 0, newInPeriod: 0 },
  };
}

/** Adds totals together: a team's are the sum of its people's (medians come from the merged histograms). */
export function addTotals(a: KpiTotals, b: KpiTotals): KpiTotals {
  const activities = { ...a.activities };
  for (const t of ACTIVITY_TYPES) activities[t] += b.activities[t];
  return {
    dealsCreated: a.dealsCreated + b.dealsCreated,
    dealsWon: a.dealsWon + b.dealsWon,
    dealsLost: a.dealsLost + b.dealsLost,
    revenueWon: a.revenueWon + b.revenueWon,
    revenueDeals: (a.revenueDeals ?? a.dealsWon) + (b.revenueDeals ?? b.dealsWon),
    cycleDays: [...a.cycleDays, ...b.cycleDays],
    activities,
    openDeals: a.openDeals + b.openDeals,
    pipelineDue: {
      deals: a.pipelineDue.deals + b.pipelineDue.deals,
      amount: a.pipelineDue.amount + b.pipelineDue.amount,
      weighted: a.pipelineDue.weighted + b.pipelineDue.weighted,
    },
    customers: {
      atStart: a.customers.atStart + b.customers.atStart,
      atEnd: a.customers.atEnd + b.customers.atEnd,
      newInPeriod: a.customers.newInPeriod + b.customers.newInPeriod,
    },
  };
}

/** Outreach that counts as activity: calls, emails, meetings and demos (not tasks or notes). */
export function activityCount(totals: KpiTotals): number {
  const a = totals.activities;
  return a.call + a.email + a.meeting + a.demo;
}

export function computeMetric(id: MetricId, t: KpiTotals): number | null {
  switch (id) {
    case 'revenue_won':
      return t.revenueWon;
    case 'deals_won':
      return t.dealsWon;
    case 'deals_lost':
      return t.dealsLost;
    case 'win_rate':
      return winRate(t.dealsWon, t.dealsLost);
    case 'avg_deal_size':
      return averageDealSize(t.revenueWon, t.revenueDeals ?? t.dealsWon);
    case 'sales_cycle_days':
      return medianOfHistogram(t.cycleDays);
    case 'deals_created':
      return t.dealsCreated;
    case 'pipeline_due':
      return t.pipelineDue.amount;
    case 'weighted_pipeline_due':
      return t.pipelineDue.weighted;
    case 'open_deals':
      return t.openDeals;
    case 'sales_velocity':
      return salesVelocity(
        t.openDeals,
        averageDealSize(t.revenueWon, t.revenueDeals ?? t.dealsWon),
        winRate(t.dealsWon, t.dealsLost),
        medianOfHistogram(t.cycleDays),
      );
    case 'activities':
      return activityCount(t);
    case 'calls':
      return t.activities.call;
    case 'emails':
      return t.activities.email;
    case 'meetings':
      return t.activities.meeting;
    case 'demos':
      return t.activities.demo;
    case 'customer_retention':
      return customerRetention(t.customers.atStart, t.customers.atEnd, t.customers.newInPeriod);
  }
}

/** Every metric of the catalogue for one set of totals. */
export function computeAll(t: KpiTotals): Record<MetricId, number | null> {
  const out = {} as Record<MetricId, number | null>;
  for (const id of METRIC_IDS) out[id] = computeMetric(id, t);
  return out;
}

/** Won deals with a cycle length (for the record: histograms can hide an empty one). */
export function cycleSampleSize(t: KpiTotals): number {
  return histogramCount(t.cycleDays);
}
