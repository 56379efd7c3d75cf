import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, trimmed, version } from '../../platform/schemas.ts';
import { crmAbilities } from './accounts.schemas.ts';

export const dealStatus = z.enum(['open', 'won', 'lost']);
export const forecastCategory = z
  .enum(['pipeline', 'best_case', 'commit', 'closed', 'omitted'])
  .describe('The owner’s call for forecasting: pipeline, best case, commit, closed or omitted');

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
  .describe('Defaults to the organisation’s currency');
const money = z.number().min(0, 'must not be negative').max(1e13, 'is too large');

export const deal = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    productId: z.string().nullable(),
    productName: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string(),
    amount: z.number().nullable(),
    currency: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    stageName: z.string(),
    stageKind: dealStatus,
    probability: z.number().describe('The stage’s default probability, 0–100'),
    status: dealStatus,
    expectedCloseDate: z.string().nullable(),
    source: z.string().nullable(),
    competitor: z.string().nullable(),
    lostReason: z.string().nullable(),
    forecastCategory,
    createdOn: z.string(),
    engagedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    stageEnteredAt: z.date().nullable().describe('When the deal entered its current stage'),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: crmAbilities,
  })
  .meta({ id: 'Deal' });

export const dealSort = z.enum([
  '-updatedAt',
  'updatedAt',
  'name',
  '-name',
  'amount',
  '-amount',
  'expectedCloseDate',
  '-expectedCloseDate',
]);

const dealFilters = {
  search: z.string().trim().max(100).optional().describe('Matches the deal or account name'),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional().describe('Deals owned by current members of this team or the teams under it'),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  status: dealStatus.optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional().describe('Deals whose contact is this person'),
  closeFrom: isoDate.optional().describe('Close date (actual if closed, else expected) on or after'),
  closeTo: isoDate.optional().describe('Close date (actual if closed, else expected) on or before'),
};

export const dealsQuery = z.object({
  ...dealFilters,
  sort: dealSort.default('-updatedAt').describe('A leading minus sorts descending'),
  ...pageQuery,
});
export const dealsPage = pageSchema(deal).meta({ id: 'DealsPage' });

export const boardQuery = z.object({
  ...dealFilters,
  pipelineId: z.uuid().optional().describe('Defaults to the default pipeline'),
  perStage: z.coerce.number().int().min(1).max(200).default(50).describe('Deals shown per column'),
});

export const board = z
  .object({
    pipelineId: z.string(),
    columns: z.array(
      z.object({
        stageId: z.string(),
        name: z.string(),
        kind: dealStatus,
        probability: z.number(),
        count: z.number().describe('Deals in this stage matching the filters'),
        totals: z
          .array(z.object({ currency: z.string(), amount: z.number() }))
          .describe('Sum of amounts per currency'),
        deals: z.array(deal).describe('The most recently updated first, up to perStage'),
      }),
    ),
  })
  .meta({ id: 'Board' });

const dealFields = {
  externalId: z.string().trim().max(100).nullish(),
  accountId: z.uuid().nullish(),
  contactId: z.uuid().nullish(),
  productId: z.uuid().nullish(),
  amount: money.nullish(),
  currency: currency.optional(),
  expectedCloseDate: isoDate.nullish(),
  source: z.string().trim().max(100).nullish(),
  competitor: z.string().trim().max(100).nullish(),
  forecastCategory: forecastCategory.optional(),
  engagedOn: isoDate.nullish(),
};

export const createDealBody = z.object({
  name: trimmed(200),
  ownerId: z.uuid().optional().describe('Defaults to you'),
  pipelineId: z.uuid().optional().describe('Defaults to the default pipeline'),
  stageId: z.uuid().optional().describe('Defaults to the pipeline’s first stage'),
  createdOn: isoDate.optional().describe('Defaults to today'),
  closedOn: isoDate.optional().describe('For a deal created already won or lost; defaults to today'),
  lostReason: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200)
    .nullish()
    .describe('Required when the stage is a lost stage'),
  ...dealFields,
});

export const updateDealBody = z.object({
  version,
  name: trimmed(200).optional(),
  ownerId: z.uuid().optional().describe('Reassign; the deal keeps its history'),
  lostReason: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
  ...dealFields,
});

export const moveDealBody = z.object({
  version,
  stageId: z.uuid(),
  lostReason: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200)
    .optional()
    .describe('Required when moving to lost'),
  closedOn: isoDate.optional().describe('When moving to won or lost; defaults to today'),
});

export const stageChange = z
  .object({
    id: z.number(),
    fromStageId: z.string().nullable(),
    fromStageName: z.string().nullable(),
    toStageId: z.string(),
    toStageName: z.string(),
    changedAt: z.date(),
    changedById: z.string().nullable(),
    changedByName: z.string().nullable(),
    source: z
      .enum(['user', 'import', 'history', 'system'])
      .describe(
        'user: a person moved it; import: derived from the deal’s dates by a deals import; history: from a stage-history import',
      ),
  })
  .meta({ id: 'StageChange' });

export const objectionType = z.enum(['price', 'timing', 'competitor', 'authority', 'need', 'trust', 'other']);
export const objectionOutcome = z.enum(['resolved', 'partly_resolved', 'unresolved']);

export const objection = z
  .object({
    id: z.string(),
    dealId: z.string(),
    type: objectionType,
    technique: z.string().nullable(),
    outcome: objectionOutcome,
    notes: z.string().nullable(),
    raisedOn: z.string(),
    loggedById: z.string(),
    loggedByName: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'Objection' });

export const createObjectionBody = z.object({
  type: objectionType,
  technique: z.string().trim().max(200).nullish().describe('How it was handled, e.g. “feel, felt, found”'),
  outcome: objectionOutcome,
  notes: z.string().trim().max(2000).nullish(),
  raisedOn: isoDate.optional().describe('Defaults to today'),
});

export type CreateDealInput = z.infer<typeof createDealBody>;
export type UpdateDealInput = z.infer<typeof updateDealBody>;
export type DealFilters = z.infer<typeof dealsQuery>;
export type ObjectionInput = z.infer<typeof createObjectionBody>;
