import { z } from 'zod';
import { trimmed, version } from '../../platform/schemas.ts';

export const stageKind = z
  .enum(['open', 'won', 'lost'])
  .describe('open stages are worked in order; won and lost close the deal');

export const stage = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    kind: stageKind,
    probability: z.number().int().describe('Default chance of winning from this stage, 0–100'),
  })
  .meta({ id: 'Stage' });

export const pipeline = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    version: z.number(),
    stages: z.array(stage).describe('In board order: open stages by position, then won, then lost'),
    can: z.object({ manage: z.boolean() }),
  })
  .meta({ id: 'Pipeline' });

const stageInput = z.object({
  id: z.uuid().optional().describe('Keep and update an existing stage; leave out to add one'),
  name: trimmed(60),
  kind: stageKind.default('open'),
  probability: z.number().int().min(0, 'must be 0–100').max(100, 'must be 0–100'),
});

export const createPipelineBody = z.object({
  name: trimmed(80),
  isDefault: z.boolean().optional(),
  stages: z
    .array(stageInput)
    .min(3, 'needs at least one open stage, a won stage and a lost stage')
    .max(30)
    .optional()
    .describe(
      'In order. Leave out for the standard Prospecting → Qualification → Proposal → Negotiation → Won / Lost',
    ),
});

export const updatePipelineBody = z.object({
  version,
  name: trimmed(80).optional(),
  isDefault: z.literal(true).optional().describe('Make this the default pipeline for new deals'),
  stages: z
    .array(stageInput)
    .min(3)
    .max(30)
    .optional()
    .describe(
      'The full new list, in order. A stage left out is retired; one that still holds deals (open or closed) cannot be.',
    ),
});

export type StageInput = z.infer<typeof stageInput>;
