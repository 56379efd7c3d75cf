import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, trimmed, version } from '../../platform/schemas.ts';
import { crmPolicy } from './crm.policy.ts';

export const crmAbilities = z
  .object(
    Object.fromEntries(crmPolicy.actions.map((a) => [a, z.boolean()])) as Record<
      (typeof crmPolicy.actions)[number],
      z.ZodBoolean
    >,
  )
  .meta({ id: 'RecordAbilities' });

export const customerStatus = z
  .enum(['prospect', 'customer', 'former_customer'])
  .describe('For after-sales and retention: customers at a period’s start and end');

export const account = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    sector: z.string().nullable(),
    employees: z.number().nullable(),
    annualRevenue: z.number().nullable(),
    country: z.string().nullable(),
    parentId: z.string().nullable(),
    parentName: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    customerStatus,
    customerSince: z.string().nullable(),
    customerUntil: z.string().nullable(),
    openDeals: z.number().describe('Open deals on this account'),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: crmAbilities,
  })
  .meta({ id: 'Account' });

export const accountSort = z.enum(['name', '-name', 'createdAt', '-createdAt']);

export const accountsQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Matches the name'),
  ownerId: z.uuid().optional(),
  customerStatus: customerStatus.optional(),
  sector: z.string().max(100).optional(),
  country: z.string().max(100).optional(),
  sort: accountSort.default('name').describe('A leading minus sorts descending'),
  ...pageQuery,
});

export const accountsPage = pageSchema(account).meta({ id: 'AccountsPage' });

const accountFields = {
  externalId: z.string().trim().max(100).nullish(),
  sector: z.string().trim().max(100).nullish(),
  employees: z.number().int().min(0).nullish(),
  annualRevenue: z.number().min(0).nullish(),
  country: z.string().trim().max(100).nullish(),
  parentId: z.uuid().nullish().describe('The parent company'),
  ownerId: z.uuid().nullish().describe('Defaults to you'),
  customerStatus: customerStatus.optional(),
  customerSince: isoDate.nullish(),
  customerUntil: isoDate.nullish(),
};

export const createAccountBody = z.object({ name: trimmed(200), ...accountFields });
export const updateAccountBody = z.object({ version, name: trimmed(200).optional(), ...accountFields });

export type AccountInput = z.infer<typeof createAccountBody>;
export type AccountPatch = z.infer<typeof updateAccountBody>;

export const timelineItem = z
  .object({
    kind: z.enum(['activity', 'stage', 'objection']),
    id: z.string(),
    at: z.date().describe('When it happened (an objection: noon UTC of the day it was raised)'),
    dealId: z.string().nullable(),
    dealName: z.string().nullable(),
    personName: z.string().nullable().describe('Who did it: owner, who moved the deal, who logged it'),
    type: z.string().nullable().describe('activity: call, email…; objection: price, timing…'),
    title: z
      .string()
      .nullable()
      .describe('activity: subject; stage: the stage entered; objection: technique'),
    detail: z.string().nullable().describe('activity: outcome; stage: the stage left; objection: outcome'),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    source: z.string().nullable().describe('stage: user, import, history or system'),
  })
  .meta({ id: 'TimelineItem' });

export const timelineQuery = z.object(pageQuery);
export const timelinePage = pageSchema(timelineItem).meta({ id: 'TimelinePage' });
