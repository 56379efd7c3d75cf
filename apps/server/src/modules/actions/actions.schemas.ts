import { METRIC_IDS } from '@pacesetter/core';
import { z } from 'zod';
import { correctiveActionKindEnum, correctiveActionStatusEnum } from '../../db/schema/index.ts';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, trimmed, version } from '../../platform/schemas.ts';

export const actionKind = z
  .enum(correctiveActionKindEnum.enumValues)
  .describe('training, coaching, revised_script, process_change or other');
export const actionStatus = z.enum(correctiveActionStatusEnum.enumValues);
const metricId = z.enum(METRIC_IDS).describe('A metric of the catalogue');
const periodLabel = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .meta({ example: '2026-Q4' })
  .describe(
    'A year (2026), quarter (2026-Q4), month (2026-11), ISO week (2026-W47) or dates (2026-10-01..2026-10-31)',
  );

export const effect = z
  .object({
    baseline: z.number().nullable().describe('The metric over the baseline period'),
    review: z.number().nullable().describe('The metric over the review period'),
    change: z.number().nullable().describe('review − baseline; null when either is undefined'),
    improved: z
      .boolean()
      .nullable()
      .describe(
        'Whether the metric moved the right way (a lower_is_better metric improves when it falls); false when it did not move; null when either value is undefined',
      ),
  })
  .meta({ id: 'CorrectiveActionEffect' });

export const correctiveAction = z
  .object({
    id: z.string(),
    personId: z.string().describe('Whose performance it is about'),
    personName: z.string(),
    ownerId: z.string().describe('Who carries it out'),
    ownerName: z.string(),
    kind: actionKind,
    title: z.string(),
    flag: z.string().nullable().describe('The flag it came from, as the dashboard worded it'),
    metricId: z.string().describe('A metric of the catalogue'),
    metricName: z.string(),
    metricUnit: z
      .enum(['currency', 'count', 'ratio', 'days', 'currency_per_day'])
      .nullable()
      .describe('Null only if the metric has left the catalogue'),
    metricDirection: z.enum(['higher_is_better', 'lower_is_better']).nullable(),
    stageName: z.string().nullable().describe('For a funnel flag: the stage the conversion starts from'),
    baselineValue: z
      .number()
      .nullable()
      .describe('The metric over the baseline period, when the action was created'),
    baselineStart: isoDate.nullable(),
    baselineEnd: isoDate.nullable(),
    dueDate: isoDate,
    status: actionStatus,
    reviewValue: z.number().nullable(),
    reviewStart: isoDate.nullable(),
    reviewEnd: isoDate.nullable(),
    reviewNote: z.string().nullable(),
    reviewedAt: z.date().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    effect: effect.nullable().describe('Whether the metric moved; null until the action is reviewed'),
    createdBy: z.string(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: z
      .object({ read: z.boolean(), update: z.boolean(), set_status: z.boolean(), review: z.boolean() })
      .describe('What you may do with this action'),
  })
  .meta({ id: 'CorrectiveAction' });

export const correctiveActionsQuery = z.object({
  personId: z.uuid('must be a UUID').optional().describe('Actions about this person'),
  ownerId: z.uuid('must be a UUID').optional().describe('Actions this person carries out'),
  status: actionStatus.optional(),
  ...pageQuery,
});

export const correctiveActionsPage = pageSchema(correctiveAction).meta({ id: 'CorrectiveActionsPage' });

export const createCorrectiveActionBody = z.object({
  personId: z.uuid('must be a UUID'),
  ownerId: z.uuid('must be a UUID').optional().describe('Defaults to you'),
  kind: actionKind,
  title: trimmed(200),
  flag: z.string().trim().max(1000).nullish(),
  metricId,
  stageName: z.string().trim().min(1, 'must not be empty').max(80).nullish(),
  dueDate: isoDate,
  baselinePeriod: periodLabel
    .optional()
    .describe('Where the metric stands now; defaults to the current month'),
});

export const updateCorrectiveActionBody = z.object({
  version,
  title: trimmed(200).optional(),
  kind: actionKind.optional(),
  ownerId: z.uuid('must be a UUID').optional(),
  dueDate: isoDate.optional(),
  status: actionStatus.optional(),
});

export const reviewCorrectiveActionBody = z.object({
  version,
  reviewPeriod: periodLabel
    .optional()
    .describe('The period to measure again; defaults to the action’s creation day to today'),
  note: z.string().trim().max(4000).nullish(),
});

export type CorrectiveActionInput = z.infer<typeof createCorrectiveActionBody>;
export type CorrectiveActionPatch = z.infer<typeof updateCorrectiveActionBody>;
export type CorrectiveActionReview = z.infer<typeof reviewCorrectiveActionBody>;
export type CorrectiveActionsQuery = z.infer<typeof correctiveActionsQuery>;

export const observation = z
  .object({
    id: z.string(),
    personId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    observedOn: isoDate,
    body: z.string(),
    createdAt: z.date(),
    can: z
      .object({ delete: z.boolean() })
      .describe('Whether you may delete it: its author, within 24 hours of writing it'),
  })
  .meta({ id: 'Observation' });

export const observationsQuery = z.object({ ...pageQuery });
export const observationsPage = pageSchema(observation).meta({ id: 'ObservationsPage' });

export const createObservationBody = z.object({
  body: trimmed(4000),
  observedOn: isoDate.optional().describe('Defaults to today; not in the future'),
});

export type ObservationInput = z.infer<typeof createObservationBody>;
