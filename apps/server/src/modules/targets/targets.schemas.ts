import { METRIC_IDS } from '@pacesetter/core';
import { z } from 'zod';
import { objectiveStatusEnum, targetChangeEnum, targetStatusEnum } from '../../db/schema/index.ts';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, trimmed, version } from '../../platform/schemas.ts';
import { metricDefinition } from '../kpi/kpi.schemas.ts';

/**
 * Metrics a target can name: results over a period. The open pipeline and velocity are snapshots of
 * "now", not something achieved over a period, so they are watched on the dashboards instead.
 */
export const TARGET_METRICS = METRIC_IDS.filter(
  (m) => !['pipeline_due', 'weighted_pipeline_due', 'open_deals', 'sales_velocity'].includes(m),
) as [string, ...string[]];

const targetMetric = z
  .enum(TARGET_METRICS)
  .describe(`A metric of the catalogue measured over a period: ${TARGET_METRICS.join(', ')}`);

const periodLabel = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .meta({ example: '2027-Q1' })
  .describe(
    'A year (2027), quarter (2027-Q1), month (2027-01), ISO week (2027-W05) or dates (2027-01-01..2027-03-31)',
  );

const reason = (what: string) => trimmed(2000).describe(what);
const share = z.number().min(0).max(1);
/** A target's figure: what the database column holds (18 digits, 4 after the point), with room. */
const MAX_FIGURE = 1e12;
const figure = z
  .number()
  .finite()
  .min(-MAX_FIGURE, 'must be at least −1,000,000,000,000')
  .max(MAX_FIGURE, 'must be at most 1,000,000,000,000');
const amount = figure.min(0, 'must not be negative');

// ---------------------------------------------------------------------------------------------
// Objectives

export const objectiveStatus = z.enum(objectiveStatusEnum.enumValues);

export const objective = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    status: objectiveStatus,
    targets: z.number().describe('Targets linked to it (closed ones too)'),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: z.object({ read: z.boolean(), write: z.boolean() }),
  })
  .meta({ id: 'Objective' });

export const objectivesQuery = z.object({
  status: objectiveStatus.optional(),
  activeOn: isoDate.optional().describe('Only objectives running on this day'),
  ...pageQuery,
});
export const objectivesPage = pageSchema(objective).meta({ id: 'ObjectivesPage' });

export const createObjectiveBody = z
  .object({
    title: trimmed(200),
    description: z.string().trim().max(4000).optional(),
    ownerId: z.uuid('must be a UUID').optional().describe('Default: you'),
    startDate: isoDate,
    endDate: isoDate,
  })
  .refine((b) => b.endDate >= b.startDate, { path: ['endDate'], message: 'must be on or after startDate' });
export type ObjectiveInput = z.infer<typeof createObjectiveBody>;

export const updateObjectiveBody = z.object({
  version,
  title: trimmed(200).optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  ownerId: z.uuid('must be a UUID').optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  status: objectiveStatus.optional(),
});
export type ObjectivePatch = z.infer<typeof updateObjectiveBody>;

// ---------------------------------------------------------------------------------------------
// SMART

export const smartLetter = z
  .object({
    letter: z.enum(['S', 'M', 'A', 'R', 'T']),
    name: z.enum(['Specific', 'Measurable', 'Achievable', 'Relevant', 'Time-bound']),
    pass: z.boolean(),
    reason: z.string(),
    figures: z.record(z.string(), z.number().nullable()).optional(),
  })
  .meta({ id: 'SmartLetter' });

export const smartResult = z
  .object({
    pass: z.boolean(),
    letters: z.array(smartLetter),
    failing: z.array(z.enum(['S', 'M', 'A', 'R', 'T'])),
  })
  .meta({ id: 'SmartResult' });

// ---------------------------------------------------------------------------------------------
// Targets

export const targetStatus = z
  .enum(targetStatusEnum.enumValues)
  .describe(
    'draft (being prepared), published (set; waiting for the owner to acknowledge), acknowledged, closed',
  );

const checkpoint = z.object({ date: isoDate, value: figure });

export const allocationLine = z
  .object({
    recipientId: z.string(),
    recipientKind: z.enum(['person', 'team']),
    name: z.string(),
    shares: z.object({ equal: z.number(), history: z.number(), capacity: z.number() }),
    share: z.number(),
    unbounded: z.number(),
    bound: z.enum(['min', 'max']).nullable(),
    value: z.number(),
    historyTotal: z.number(),
    history: z.array(z.number()).describe('The results over the look-back periods, oldest first'),
    lookback: z.array(z.string()).optional().describe('Those periods’ labels'),
    capacity: z.number(),
    capacityNote: z.string().nullable(),
    rationale: z.string(),
    editedFrom: z
      .number()
      .nullable()
      .describe('When the leader changed the computed value: what the method gave'),
  })
  .meta({ id: 'AllocationLine' });

export const targetProgress = z
  .object({
    asOf: isoDate,
    actual: z.number().nullable(),
    attainment: z.number().nullable().describe('actual ÷ target'),
    expectedByToday: z
      .number()
      .nullable()
      .describe('Pace: the target × elapsed share of working days, following the checkpoints'),
    paceRatio: z.number().nullable(),
    projected: z.number().nullable(),
    projectionMethod: z.enum(['pipeline', 'run_rate']).nullable(),
    projectedAttainment: z.number().nullable(),
    remaining: z.number().nullable(),
    pipelineCoverage: z
      .number()
      .nullable()
      .describe('Revenue targets: open pipeline due in the period ÷ what remains to win'),
    rag: z.enum(['green', 'amber', 'red']).nullable(),
    workingDaysElapsed: z.number(),
    workingDaysTotal: z.number(),
    state: z.enum(['not_started', 'running', 'over']),
  })
  .meta({ id: 'TargetProgress' });

const lastChange = z
  .object({
    version: z.number(),
    change: z.enum(targetChangeEnum.enumValues),
    reason: z.string().nullable(),
    changedAt: z.date(),
    changedByName: z.string().nullable(),
  })
  .meta({ id: 'TargetChange' });

export const target = z
  .object({
    id: z.string(),
    ownerKind: z.enum(['person', 'team']),
    personId: z.string().nullable(),
    teamId: z.string().nullable(),
    ownerName: z.string(),
    metricId: z.string(),
    metric: metricDefinition.nullable().describe('Null only if the metric has left the catalogue'),
    title: z.string(),
    description: z.string().nullable(),
    periodLabel: z.string().nullable(),
    startDate: isoDate,
    endDate: isoDate,
    checkpoints: z.array(checkpoint),
    value: z.number(),
    objectiveId: z.string().nullable(),
    objectiveTitle: z.string().nullable(),
    status: targetStatus,
    parentId: z.string().nullable().describe('The team target this one was cascaded from'),
    allocation: allocationLine.nullable().describe('Why this number: its line of the cascade'),
    cascade: z
      .object({
        method: z.enum(['equal', 'history', 'capacity', 'blend']),
        weights: z.object({ equal: z.number(), history: z.number(), capacity: z.number() }),
        lookback: z.number(),
        uplift: z.number(),
        bounds: z.array(
          z.object({
            recipientId: z.string(),
            min: z.number().nullable().optional(),
            max: z.number().nullable().optional(),
          }),
        ),
        exclude: z.array(z.string()),
        allocated: z.number(),
        at: z.string().describe('When it was applied (ISO timestamp)'),
      })
      .meta({ id: 'CascadeSettings' })
      .nullable()
      .describe("A team target's last cascade settings"),
    smart: smartResult.nullable(),
    smartOverride: z.string().nullable().describe('Why it was published although a letter failed'),
    publishedAt: z.date().nullable(),
    acknowledgedAt: z.date().nullable(),
    acknowledgedByName: z.string().nullable(),
    lastChange: lastChange.nullable(),
    progress: targetProgress.nullable(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: z.object({ read: z.boolean(), set: z.boolean(), acknowledge: z.boolean() }),
  })
  .meta({ id: 'Target' });

export const targetsQuery = z.object({
  personId: z.uuid('must be a UUID').optional(),
  teamId: z.uuid('must be a UUID').optional().describe("The team's own targets"),
  memberOfTeamId: z
    .uuid('must be a UUID')
    .optional()
    .describe('The targets of the people in this team now (its direct members)'),
  parentId: z.uuid('must be a UUID').optional().describe('Targets cascaded from this one'),
  objectiveId: z.uuid('must be a UUID').optional(),
  period: periodLabel.optional().describe('Targets whose dates overlap this period'),
  status: targetStatus.optional(),
  asOf: isoDate.optional().describe('"Today" for pace and projection (default: the server\'s date)'),
  projection: z.enum(['pipeline', 'run_rate']).default('pipeline'),
  ...pageQuery,
});
export type TargetsQuery = z.infer<typeof targetsQuery>;
export const targetsPage = pageSchema(target).meta({ id: 'TargetsPage' });

export const targetQuery = z.object({
  asOf: isoDate.optional(),
  projection: z.enum(['pipeline', 'run_rate']).default('pipeline'),
});

const targetFields = {
  personId: z.uuid('must be a UUID').optional().describe('A person’s target (or give teamId)'),
  teamId: z.uuid('must be a UUID').optional().describe('A team’s target (or give personId)'),
  metricId: targetMetric,
  title: trimmed(200).describe('What the target is, in words; vague wording fails Specific'),
  description: z.string().trim().max(4000).optional(),
  period: periodLabel.optional().describe('The period; or give startDate and endDate'),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  checkpoints: z.array(checkpoint).max(60).default([]),
  value: figure.describe('The figure to reach, in the metric’s unit (a ratio as 0–1)'),
  objectiveId: z.uuid('must be a UUID').nullable().optional(),
};

export const createTargetBody = z.object(targetFields);
export type TargetInput = z.infer<typeof createTargetBody>;

/** The live SMART check takes a draft that may still be incomplete. */
export const smartCheckBody = z.object({
  ...targetFields,
  metricId: targetMetric.optional(),
  title: z.string().trim().max(200).default(''),
  value: figure.nullable().optional(),
});
export type SmartCheckInput = z.infer<typeof smartCheckBody>;

export const smartCheckResult = smartResult
  .extend({
    history: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
    capacity: z.number().nullable(),
    capacityNote: z.string().nullable(),
  })
  .meta({ id: 'SmartCheck' });

export const updateTargetBody = z.object({
  version,
  reason: reason('Why it changed; required once the target is published').optional(),
  title: trimmed(200).optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  period: periodLabel.optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  checkpoints: z.array(checkpoint).max(60).optional(),
  value: figure.optional(),
  objectiveId: z.uuid('must be a UUID').nullable().optional(),
});
export type TargetPatch = z.infer<typeof updateTargetBody>;

export const publishTargetBody = z.object({
  version,
  overrideReason: reason('Required when a SMART letter fails: why publish it anyway').optional(),
});

export const acknowledgeTargetBody = z.object({
  version,
  comment: z.string().trim().max(2000).optional().describe('Kept in the history'),
});

export const closeTargetBody = z.object({ version, reason: reason('Why it is closed') });

export const targetVersion = z
  .object({
    version: z.number(),
    change: z.enum(targetChangeEnum.enumValues),
    reason: z.string().nullable(),
    changedAt: z.date(),
    changedBy: z.string().nullable(),
    changedByName: z.string().nullable(),
    value: z.number(),
    status: targetStatus,
    snapshot: z.record(z.string(), z.unknown()).describe('The target’s fields after the change'),
    redistributionId: z.string().nullable(),
  })
  .meta({ id: 'TargetVersion' });

export const targetVersions = z.object({ items: z.array(targetVersion) });

// ---------------------------------------------------------------------------------------------
// Cascade

export const cascadeSettings = z.object({
  method: z.enum(['equal', 'history', 'capacity', 'blend']),
  weights: z
    .object({ equal: z.number().min(0), history: z.number().min(0), capacity: z.number().min(0) })
    .optional()
    .describe('For blend: relative weights (default history 0.5, capacity 0.5)'),
  lookback: z.number().int().min(1).max(12).default(4).describe('Past periods of the same length'),
  uplift: z.number().min(0).max(1).default(0).describe('Over-assignment: 0.1 = people carry 110%'),
  bounds: z
    .array(
      z.object({
        recipientId: z.uuid('must be a UUID'),
        min: amount.nullable().optional(),
        max: amount.nullable().optional(),
      }),
    )
    .max(500)
    .default([]),
  exclude: z.array(z.uuid('must be a UUID')).max(500).default([]).describe('People or sub-teams left out'),
});
export type CascadeSettings = z.infer<typeof cascadeSettings>;

export const cascadePreview = z
  .object({
    targetId: z.string(),
    total: z.number(),
    uplift: z.number(),
    allocated: z.number().describe('What the lines add up to: total × (1 + uplift)'),
    method: z.enum(['equal', 'history', 'capacity', 'blend']),
    weights: z.object({ equal: z.number(), history: z.number(), capacity: z.number() }),
    lookback: z.array(z.string()).describe('The periods the history covers'),
    notes: z.array(z.string()),
    lines: z.array(
      allocationLine.extend({
        currentTargetId: z.string().nullable(),
        currentValue: z.number().nullable().describe('Its live target for this metric and period, if any'),
        smart: smartResult,
      }),
    ),
  })
  .meta({ id: 'CascadePreview' });

export const cascadeApplyBody = cascadeSettings.extend({
  version,
  values: z
    .array(z.object({ recipientId: z.uuid('must be a UUID'), value: amount }))
    .max(500)
    .optional()
    .describe('The leader’s final values; default: the computed ones. They must add up to `allocated`'),
  publish: z.boolean().default(false),
  overrideReason: reason('Required to publish lines with a failing SMART letter').optional(),
  reason: z.string().trim().max(2000).optional(),
});

export const cascadeResult = z.object({ target, children: z.array(target) }).meta({ id: 'CascadeResult' });

// ---------------------------------------------------------------------------------------------
// Redistribution

export const redistributionSettings = z.object({
  asOf: isoDate.optional().describe('"Today" for the projections (default: the server’s date)'),
  share: share.default(0.5).describe('Part of the at-risk shortfall to move, 0–1'),
  projection: z.enum(['pipeline', 'run_rate']).default('pipeline'),
  caps: z
    .array(z.object({ targetId: z.uuid('must be a UUID'), maxIncrease: amount.nullable() }))
    .max(500)
    .default([]),
  maxIncreaseShare: z
    .number()
    .min(0)
    .max(10)
    .nullable()
    .default(null)
    .describe(
      'Caps every increase at this share of the person’s target (0.25: at most +25%); null: headroom only',
    ),
  exclude: z.array(z.uuid('must be a UUID')).max(500).default([]).describe('Targets left as they are'),
});

export const redistributionLine = z
  .object({
    targetId: z.string(),
    targetVersion: z.number(),
    personId: z.string().nullable(),
    teamId: z.string().nullable(),
    name: z.string(),
    status: z.enum(['at_risk', 'on_track', 'excluded']),
    target: z.number(),
    actual: z.number(),
    projected: z.number(),
    shortfall: z.number(),
    headroom: z.number(),
    cap: z.number(),
    change: z.number(),
    newTarget: z.number(),
    rationale: z.string(),
    editedFrom: z.number().nullable().optional(),
  })
  .meta({ id: 'RedistributionLine' });

export const redistributionProposal = z
  .object({
    targetId: z.string(),
    asOf: isoDate,
    share: z.number(),
    projection: z.enum(['pipeline', 'run_rate']),
    totalShortfall: z.number(),
    totalHeadroom: z.number(),
    requested: z.number(),
    moved: z.number(),
    teamTotal: z.number().describe('Σ of the targets, the same before and after'),
    lines: z.array(redistributionLine),
    notes: z.array(z.string()),
  })
  .meta({ id: 'RedistributionProposal' });

export const redistributionApplyBody = redistributionSettings.extend({
  version: version.describe('The team target’s version you read'),
  changes: z
    .array(
      z.object({
        targetId: z.uuid('must be a UUID'),
        targetVersion: version,
        newTarget: amount,
      }),
    )
    .max(500)
    .optional()
    .describe('The final new values (after your edits); default: the proposal. The total may not change'),
  reason: reason('Why: shown to everyone whose target changes'),
});

export const redistribution = z
  .object({
    id: z.string(),
    targetId: z.string(),
    asOf: isoDate,
    share: z.number(),
    projectionMethod: z.string(),
    moved: z.number(),
    reason: z.string(),
    lines: z.array(redistributionLine),
    appliedBy: z.string().nullable(),
    appliedByName: z.string().nullable(),
    appliedAt: z.date(),
  })
  .meta({ id: 'Redistribution' });

export const redistributionsList = z.object({ items: z.array(redistribution) });
