import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { trimmed } from '../../platform/schemas.ts';

const periodLabel = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .describe(
    'A year (2026), quarter (2026-Q4), month (2026-11), ISO week (2026-W48) or dates (2026-10-01..2026-12-31)',
  )
  .meta({ example: '2026-Q4' });

const money = z.number().min(0, 'must not be negative').max(1e13, 'is too large');

export const forecastCategory = z
  .enum(['closed', 'commit', 'best_case', 'pipeline', 'omitted'])
  .describe(
    'closed: won in the period; the others: the owner’s call on an open deal expected to close in it',
  );

export const period = z
  .object({
    label: z.string(),
    kind: z.enum(['week', 'month', 'quarter', 'year', 'custom']),
    start: z.string(),
    end: z.string(),
  })
  .meta({ id: 'ForecastPeriod' });

const personRef = z.object({ id: z.string(), name: z.string() });

// ---------------------------------------------------------------------------------------------
// Submissions and adjustments

export const submitForecastBody = z.object({
  period: periodLabel,
  amount: money.describe('Your call: what you expect to win in the period, in the organisation’s currency'),
  bestCase: money.nullish().describe('What you could win if things go well; at least the amount'),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').nullish(),
});

export const submission = z
  .object({
    id: z.string(),
    personId: z.string(),
    period,
    currency: z.string(),
    amount: z.number(),
    bestCase: z.number().nullable(),
    note: z.string().nullable(),
    submittedAt: z.date(),
  })
  .meta({ id: 'ForecastSubmission' });

export const adjustForecastBody = z
  .object({
    period: periodLabel,
    personId: z.uuid().optional().describe('Adjust this person’s forecast…'),
    teamId: z.uuid().optional().describe('…or this team’s total (give exactly one)'),
    amount: money.describe('The figure that replaces theirs'),
    note: trimmed(2000).describe('Why: shown beside the figure'),
  })
  .superRefine((b, ctx) => {
    if (!!b.personId === !!b.teamId) {
      ctx.addIssue({
        code: 'custom',
        path: [b.personId ? 'teamId' : 'personId'],
        message: 'give exactly one of personId and teamId',
      });
    }
  });

export const adjustment = z
  .object({
    id: z.number(),
    period: z.string().describe('The period’s label'),
    personId: z.string().nullable(),
    teamId: z.string().nullable(),
    amount: z.number(),
    note: z.string(),
    adjustedBy: personRef.describe('Who adjusted'),
    adjustedAt: z.date(),
  })
  .meta({ id: 'ForecastAdjustment' });

const subjectQuery = {
  personId: z.uuid().optional(),
  teamId: z.uuid().optional(),
};

export const submissionsQuery = z.object({
  personId: z.uuid().optional().describe('Defaults to you'),
  period: periodLabel.optional().describe('Only this period’s submissions'),
  ...pageQuery,
});
export const submissionsPage = pageSchema(submission).meta({ id: 'ForecastSubmissionsPage' });

export const adjustmentsQuery = z.object({
  ...subjectQuery,
  period: periodLabel.optional().describe('Only this period’s adjustments'),
  ...pageQuery,
});
export const adjustmentsPage = pageSchema(adjustment).meta({ id: 'ForecastAdjustmentsPage' });

// ---------------------------------------------------------------------------------------------
// Roll-up

const categoryFigure = z.object({ deals: z.number(), amount: z.number() });

export const dealFigures = z
  .object({
    categories: z
      .object({
        closed: categoryFigure,
        commit: categoryFigure,
        best_case: categoryFigure,
        pipeline: categoryFigure,
        omitted: categoryFigure,
      })
      .describe('Deals and amount in each category on its own, in the organisation’s currency'),
    commit: z.number().describe('Closed + commit'),
    bestCase: z.number().describe('Closed + commit + best case'),
    weightedOpen: z
      .number()
      .describe('Open deals expected to close in the period, each weighted by its stage’s probability'),
    otherCurrencyDeals: z
      .number()
      .describe('Deals in another currency: listed with the deals, left out of these sums'),
  })
  .meta({ id: 'ForecastDealFigures' });

const submissionSummary = z.object({
  id: z.string(),
  amount: z.number(),
  bestCase: z.number().nullable(),
  note: z.string().nullable(),
  submittedAt: z.date(),
});

export const personForecast = z
  .object({
    personId: z.string(),
    name: z.string(),
    teamId: z.string().nullable().describe('Their current team'),
    submitted: submissionSummary.nullable().describe('Their latest submission for the period'),
    adjusted: adjustment.nullable().describe('The latest adjustment of their forecast'),
    effective: z.number().nullable().describe('adjusted ?? submitted; null when neither exists'),
    adjustedBeforeLatestSubmission: z
      .boolean()
      .describe('They submitted again after the adjustment: the adjustment still counts'),
    deals: dealFigures,
    can: z.object({ adjust: z.boolean() }),
  })
  .meta({ id: 'PersonForecast' });

export const teamForecast = z
  .object({
    teamId: z.string(),
    name: z.string(),
    type: z.enum(['office', 'sales', 'marketing']),
    parentId: z
      .string()
      .nullable()
      .describe('The team above, within this roll-up; null for the team asked for'),
    depth: z.number().describe('0 for the team asked for, 1 for its sub-teams, …'),
    subTeamIds: z.array(z.string()).describe('The sub-teams whose figures add up into this one'),
    people: z.number().describe('Current members of this team and the teams below it'),
    withoutForecast: z.number().describe('Of those, how many have neither a submission nor an adjustment'),
    submitted: z.number().describe('Σ the latest submissions of everyone in the tree, before any adjustment'),
    rolledUp: z.number().describe('Σ the effective figures of the direct members and the sub-teams'),
    adjusted: z.boolean().describe('The team’s total itself was adjusted'),
    adjustment: adjustment
      .nullable()
      .describe('The latest adjustment of the team’s total (for its leaders, directors and admins)'),
    difference: z.number().nullable().describe('effective − rolledUp when the team was adjusted'),
    effective: z.number().describe('The team’s forecast: its adjustment if any, else rolledUp'),
    deals: dealFigures.describe('The deals behind the forecasts of everyone in the tree'),
    canSeePeople: z.boolean(),
    members: z
      .array(personForecast)
      .nullable()
      .describe('The direct members’ lines; null unless you lead the team, or are a director or admin'),
    can: z.object({ adjust: z.boolean() }),
  })
  .meta({ id: 'TeamForecast' });

export const periodQuery = z.object({ period: periodLabel });

export const teamForecastResponse = z
  .object({
    period,
    currency: z.string(),
    teams: z.array(teamForecast).describe('The team asked for first, then the teams below it, depth first'),
  })
  .meta({ id: 'TeamForecastRollUp' });

export const personForecastResponse = z
  .object({ period, currency: z.string(), forecast: personForecast })
  .meta({ id: 'PersonForecastResponse' });

// ---------------------------------------------------------------------------------------------
// The deals behind a figure

export const dealsQuery = z.object({
  period: periodLabel,
  ...subjectQuery,
  category: forecastCategory.optional(),
  ...pageQuery,
});

export const forecastDeal = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    ownerName: z.string(),
    amount: z.number().nullable(),
    currency: z.string(),
    status: z.enum(['open', 'won']),
    stageId: z.string(),
    stageName: z.string(),
    probability: z.number(),
    expectedCloseDate: z.string().nullable(),
    closedOn: z.string().nullable(),
    category: forecastCategory,
  })
  .meta({ id: 'ForecastDeal' });

export const forecastDealsPage = pageSchema(forecastDeal).meta({ id: 'ForecastDealsPage' });

// ---------------------------------------------------------------------------------------------
// Track record

export const trackRecordQuery = z.object({
  ...subjectQuery,
  kind: z.enum(['week', 'month', 'quarter', 'year']).default('quarter'),
  periods: z.coerce.number().int().min(1).max(12).default(4).describe('How many past periods, 1–12'),
});

const personTrackRecord = z.object({
  personId: z.string(),
  name: z.string(),
  periods: z.array(
    z.object({
      period,
      submission: submissionSummary.nullable().describe('The latest submission made before the period ended'),
      forecast: z.number().nullable(),
      actual: z.number().describe('Revenue won in the period'),
      accuracy: z
        .number()
        .nullable()
        .describe('1 − |forecast − actual| ÷ actual; null without a forecast or revenue'),
      bias: z
        .number()
        .nullable()
        .describe('(forecast − actual) ÷ actual: above 0 over-forecast, below under'),
    }),
  ),
  meanAccuracy: z.number().nullable(),
  meanBias: z.number().nullable(),
  tendency: z.enum(['over', 'under', 'balanced']).nullable().describe('From the mean bias, beyond ±5 %'),
});

export const trackRecordResponse = z
  .object({
    kind: z.enum(['week', 'month', 'quarter', 'year']),
    currency: z.string(),
    team: personRef.nullable(),
    people: z.array(personTrackRecord),
  })
  .meta({ id: 'ForecastTrackRecord' });

export type SubmitForecastInput = z.infer<typeof submitForecastBody>;
export type AdjustForecastInput = z.infer<typeof adjustForecastBody>;
export type DealFigures = z.infer<typeof dealFigures>;
export type PersonForecast = z.infer<typeof personForecast>;
export type Adjustment = z.infer<typeof adjustment>;
export type TeamForecast = z.infer<typeof teamForecast>;
