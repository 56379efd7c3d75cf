import { METRIC_IDS } from '@pacesetter/core';
import { z } from 'zod';
import { isoDate } from '../../platform/schemas.ts';

const periodLabel = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .describe(
    'A period: 2017 (year), 2017-Q3 (quarter), 2017-03 (month), 2017-W12 (ISO week) or 2017-01-15..2017-02-14',
  );

export const metricId = z.enum(METRIC_IDS).meta({ id: 'MetricId' });

export const metricDefinition = z
  .object({
    id: metricId,
    name: z.string(),
    unit: z.enum(['currency', 'count', 'ratio', 'days', 'currency_per_day']),
    formula: z.string(),
    timing: z
      .enum(['leading', 'lagging'])
      .describe('Leading indicators move before results; lagging ones are the results'),
    nature: z
      .enum(['activity', 'outcome'])
      .describe('Something a person does, or something that results from it'),
    direction: z.enum(['higher_is_better', 'lower_is_better']),
    additive: z
      .boolean()
      .describe("Whether a team figure is the sum of its people's (so it can be a target's metric)"),
  })
  .meta({ id: 'MetricDefinition' });

export const metricsList = z.object({ items: z.array(metricDefinition) });

const csvList = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(50));

export const kpiQuery = z.object({
  by: z.enum(['person', 'team']).default('person'),
  ids: csvList(z.uuid()).describe('Comma-separated ids of people or teams'),
  metrics: csvList(metricId).describe('Comma-separated metric ids'),
  periods: csvList(periodLabel).describe('Comma-separated periods'),
});

export const kpiResult = z
  .object({
    currency: z.string(),
    rows: z.array(
      z.object({
        subjectType: z.enum(['person', 'team']),
        subjectId: z.string(),
        subjectName: z.string(),
        period: z.string(),
        start: z.string(),
        end: z.string(),
        metric: metricId,
        value: z
          .number()
          .nullable()
          .describe('Null when the figure has no data (e.g. a win rate with nothing closed)'),
      }),
    ),
  })
  .meta({ id: 'KpiResult' });

export const dashboardQuery = z.object({
  period: periodLabel,
  asOf: isoDate.optional().describe('"Today" for pace and projection (default: the server\'s date)'),
  trendPeriods: z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .default(4)
    .describe('Past periods in the trend and the baseline'),
  projection: z.enum(['pipeline', 'run_rate']).default('pipeline'),
});

const period = z
  .object({ label: z.string(), kind: z.string(), start: z.string(), end: z.string() })
  .meta({ id: 'Period' });
const values = z.record(z.string(), z.number().nullable()).describe('Metric id → value (null: no data)');
const calendar = z
  .object({
    workingDaysTotal: z.number(),
    workingDaysElapsed: z.number(),
    daysRemaining: z.number(),
    periodOver: z
      .boolean()
      .describe('The period ended before asOf: its figures are final and nothing is warned about'),
  })
  .meta({ id: 'PeriodCalendar' });

export const paceSchema = z
  .object({
    metric: metricId,
    goal: z.number().nullable(),
    goalSource: z.enum(['target', 'baseline']).nullable(),
    goalNote: z.string(),
    actual: z.number(),
    expectedByToday: z.number().nullable().describe("Goal × the share of the period's working days elapsed"),
    paceRatio: z.number().nullable(),
    projection: z.number(),
    projectionMethod: z.enum(['pipeline', 'run_rate']),
    projectionRatio: z.number().nullable(),
    rag: z.enum(['green', 'amber', 'red']).nullable(),
  })
  .meta({ id: 'Pace' });

export const warningSchema = z
  .object({
    status: z.enum(['on_track', 'at_risk', 'cannot_reach', 'insufficient_history', 'reached']),
    expected: z.number().nullable(),
    shortfall: z.number().nullable(),
    neededActivities: z.number().nullable(),
    projectedActivities: z.number().nullable(),
    steps: z.array(
      z.object({
        label: z.string(),
        value: z.number().nullable(),
        unit: z.string(),
        working: z.string().describe('The arithmetic, written out'),
      }),
    ),
    message: z.string(),
  })
  .meta({ id: 'EarlyWarning' });

const trend = z.array(z.object({ period, values }));

export const personDashboard = z
  .object({
    person: z.object({ id: z.string(), name: z.string() }),
    period,
    asOf: z.string(),
    currency: z.string(),
    calendar,
    metrics: z.array(metricDefinition),
    values,
    pace: paceSchema,
    warning: warningSchema.nullable(),
    trend,
    trendMetrics: z.array(metricDefinition),
  })
  .meta({ id: 'PersonDashboard' });

export const teamDashboard = z
  .object({
    team: z.object({ id: z.string(), name: z.string(), type: z.string() }),
    period,
    asOf: z.string(),
    currency: z.string(),
    calendar,
    canSeePeople: z
      .boolean()
      .describe('Whether the caller may see the per-person lines (leaders of the team, directors, admins)'),
    metrics: z.array(metricDefinition),
    values,
    pace: paceSchema,
    trend,
    trendMetrics: z.array(metricDefinition),
    people: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        active: z.boolean(),
        current: z
          .boolean()
          .describe("In the team at the period's end (or today); others left during the period"),
        values,
        pace: paceSchema,
        warning: warningSchema.nullable(),
        trend: z.array(z.number()).describe('Revenue won in each trend period'),
      }),
    ),
    activityOutcome: z
      .object({
        medianActivities: z.number().nullable(),
        medianOutcome: z.number().nullable(),
        people: z.array(
          z.object({
            personId: z.string(),
            activities: z.number(),
            outcome: z.number(),
            activityIndex: z.number().nullable(),
            outcomeIndex: z.number().nullable(),
            quadrant: z.string(),
            label: z.string(),
          }),
        ),
      })
      .nullable(),
    flags: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        kind: z.string(),
        metricId,
        severity: z.enum(['red', 'amber']),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'TeamDashboard' });

export const funnelQuery = z.object({
  period: periodLabel,
  pipelineId: z.uuid().optional().describe("Default: the organisation's default pipeline"),
});

const funnelStep = z.object({
  fromStageId: z.string(),
  fromName: z.string(),
  toName: z.string(),
  entered: z.number(),
  advanced: z.number(),
  conversion: z.number().nullable(),
  medianDays: z.number().nullable(),
  benchmarkConversion: z.number().nullable(),
  benchmarkMedianDays: z.number().nullable(),
  gap: z.number().nullable(),
});

export const funnelResult = z
  .object({
    period,
    pipeline: z.object({
      id: z.string(),
      name: z.string(),
      stages: z.array(z.object({ id: z.string(), name: z.string(), position: z.number(), kind: z.string() })),
    }),
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
    benchmark: z.array(funnelStep),
    people: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        steps: z.array(funnelStep),
        weakest: z
          .object({
            fromName: z.string(),
            toName: z.string(),
            basis: z.string(),
            conversion: z.number().nullable(),
            benchmarkConversion: z.number().nullable(),
            gap: z.number().nullable(),
            medianDays: z.number().nullable(),
            benchmarkMedianDays: z.number().nullable(),
            focus: z.string().nullable(),
            reason: z.string(),
          })
          .nullable(),
      }),
    ),
    coachingFocus: z.record(z.string(), z.string()).describe('Stage name → coaching focus in force'),
  })
  .meta({ id: 'Funnel' });
