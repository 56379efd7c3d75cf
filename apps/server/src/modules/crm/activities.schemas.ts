import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, trimmed, version } from '../../platform/schemas.ts';
import { crmAbilities } from './accounts.schemas.ts';
import { dateTime } from './contacts.schemas.ts';

export const activityType = z
  .enum(['call', 'email', 'meeting', 'demo', 'task', 'note'])
  .describe('Calls, emails, meetings and demos are outreach: never to a contact marked doNotContact');

export const activity = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    type: activityType,
    subject: z.string(),
    occurredAt: z.date(),
    durationMinutes: z.number().nullable(),
    outcome: z.string().nullable(),
    notes: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    dealId: z.string().nullable(),
    dealName: z.string().nullable(),
    dealExternalId: z.string().nullable().describe('The deal’s id in the system it was imported from'),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    dueDate: z.string().nullable().describe('Tasks only'),
    doneAt: z.date().nullable().describe('Tasks only: when it was marked done'),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: crmAbilities,
  })
  .meta({ id: 'Activity' });

export const activitySort = z.enum(['-occurredAt', 'occurredAt']);

export const activitiesQuery = z.object({
  type: activityType.optional(),
  ownerId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  from: dateTime.optional().describe('Activities at or after this time (ISO 8601)'),
  to: dateTime.optional().describe('Activities before this time (ISO 8601), e.g. the first of next month'),
  openTasks: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Only tasks not yet done'),
  sort: activitySort.default('-occurredAt').describe('A leading minus sorts newest first'),
  ...pageQuery,
});

export const activitiesPage = pageSchema(activity).meta({ id: 'ActivitiesPage' });

const activityFields = {
  occurredAt: dateTime.optional().describe('When it happened; default now (for a task: when it was set)'),
  durationMinutes: z.number().int().min(0).max(1440).nullish(),
  outcome: z.string().trim().max(200).nullish().describe('How it went, in a few words'),
  notes: z.string().max(20_000).nullish(),
  contactId: z.uuid().nullish(),
  dealId: z.uuid().nullish().describe('Without an accountId, the activity takes the deal’s account'),
  accountId: z.uuid().nullish(),
  dueDate: isoDate.nullish().describe('Tasks only'),
  done: z.boolean().optional().describe('Tasks only: true marks it done now, false reopens it'),
};

export const createActivityBody = z.object({
  type: activityType,
  subject: trimmed(200),
  ownerId: z.uuid().optional().describe('Defaults to you'),
  ...activityFields,
});
export const updateActivityBody = z.object({
  version,
  type: activityType
    .optional()
    .describe('Changing a task into anything else drops its due date and done mark'),
  subject: trimmed(200).optional(),
  ownerId: z.uuid().optional(),
  ...activityFields,
});

export type ActivityInput = z.infer<typeof createActivityBody>;
export type ActivityPatch = z.infer<typeof updateActivityBody>;
