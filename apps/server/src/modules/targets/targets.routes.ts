import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import * as cascade from './cascade.service.ts';
import * as redistribution from './redistribution.service.ts';
import {
  acknowledgeTargetBody,
  cascadeApplyBody,
  cascadePreview,
  cascadeResult,
  cascadeSettings,
  closeTargetBody,
  createObjectiveBody,
  createTargetBody,
  objective,
  objectivesPage,
  objectivesQuery,
  publishTargetBody,
  redistributionApplyBody,
  redistributionProposal,
  redistribution as redistributionSchema,
  redistributionSettings,
  redistributionsList,
  smartCheckBody,
  smartCheckResult,
  target,
  targetQuery,
  targetsPage,
  targetsQuery,
  targetVersions,
  updateObjectiveBody,
  updateTargetBody,
} from './targets.schemas.ts';
import * as service from './targets.service.ts';

const objectiveTags = ['Objectives'];
const targetTags = ['Targets'];

const WHO_SEES =
  'Everyone sees teams’ targets; a person’s target is seen by the person, their leaders up the team tree, directors and admins. Anything else is 404.';
const WHO_SETS =
  'The owner’s leaders up the team tree, directors and admins (never the person for themselves).';

export const targetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  // -------------------------------------------------------------------------------------------
  // Objectives

  app.get(
    '/objectives',
    {
      schema: {
        tags: objectiveTags,
        summary: 'List organisational objectives',
        description: 'Latest-ending first. Everyone in the organisation reads them.',
        querystring: objectivesQuery,
        response: { 200: objectivesPage },
      },
    },
    async (req) => service.listObjectives({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/objectives',
    {
      schema: {
        tags: objectiveTags,
        summary: 'Create an objective',
        description: 'Directors and admins. Targets link to an objective to pass Relevant.',
        body: createObjectiveBody,
        response: { 201: objective },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createObjective({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/objectives/:id',
    {
      schema: {
        tags: objectiveTags,
        summary: 'Get an objective',
        params: idParams,
        response: { 200: objective },
      },
    },
    async (req) => service.getObjective({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/objectives/:id',
    {
      schema: {
        tags: objectiveTags,
        summary: 'Change an objective',
        description: 'Directors and admins. Send the version you read; a stale one gets 409.',
        params: idParams,
        body: updateObjectiveBody,
        response: { 200: objective },
      },
    },
    async (req) => service.updateObjective({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  // -------------------------------------------------------------------------------------------
  // Targets

  app.get(
    '/targets',
    {
      schema: {
        tags: targetTags,
        summary: 'List targets with their progress',
        description: `Latest-ending first. Each target comes with its progress as of \`asOf\` (attainment, pace, projection, red/amber/green) measured by the KPI engine. ${WHO_SEES}`,
        querystring: targetsQuery,
        response: { 200: targetsPage },
      },
    },
    async (req) => service.listTargets({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/targets/smart-check',
    {
      schema: {
        tags: targetTags,
        summary: 'Check a draft target against SMART',
        description: `Letter by letter, with the reason and, for Achievable, the owner's own results over the past four periods of the same length scaled by their capacity. Writes nothing: the editor calls it as the leader types. ${WHO_SETS}`,
        body: smartCheckBody,
        response: { 200: smartCheckResult },
      },
    },
    async (req) => service.smartCheck({ db, actor: actorOf(req), input: req.body }),
  );

  app.post(
    '/targets',
    {
      schema: {
        tags: targetTags,
        summary: 'Create a target (a draft)',
        description: `A person’s or a team’s target for a catalogue metric and period, linked to an objective. It starts as a draft with its SMART check; one live target per owner, metric and dates (409 otherwise). ${WHO_SETS}`,
        body: createTargetBody,
        response: { 201: target },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createTarget({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/targets/:id',
    {
      schema: {
        tags: targetTags,
        summary: 'Get a target with its progress',
        description: WHO_SEES,
        params: idParams,
        querystring: targetQuery,
        response: { 200: target },
      },
    },
    async (req) => service.getTarget({ db, actor: actorOf(req), id: req.params.id, options: req.query }),
  );

  app.patch(
    '/targets/:id',
    {
      schema: {
        tags: targetTags,
        summary: 'Change a target',
        description: `A new version each time, kept with who, when and why. Once published a change needs a \`reason\`, and a change of value, dates or checkpoints sends it back to its owner to acknowledge. Send the version you read; a stale one gets 409. ${WHO_SETS}`,
        params: idParams,
        body: updateTargetBody,
        response: { 200: target },
      },
    },
    async (req) => service.updateTarget({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/publish',
    {
      schema: {
        tags: targetTags,
        summary: 'Publish a draft target',
        description: `Runs the SMART check again; if a letter fails, \`overrideReason\` is required and kept with the target. ${WHO_SETS}`,
        params: idParams,
        body: publishTargetBody,
        response: { 200: target },
      },
    },
    async (req) => service.publishTarget({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/acknowledge',
    {
      schema: {
        tags: targetTags,
        summary: 'Acknowledge a published target',
        description:
          'The person it is for (a team’s target: the team’s leader) confirms they have seen it and why they got that number.',
        params: idParams,
        body: acknowledgeTargetBody,
        response: { 200: target },
      },
    },
    async (req) => service.acknowledgeTarget({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/close',
    {
      schema: {
        tags: targetTags,
        summary: 'Close a target',
        description: `It stays in the history with its reason; a new target may then be set for the same owner, metric and dates. ${WHO_SETS}`,
        params: idParams,
        body: closeTargetBody,
        response: { 200: target },
      },
    },
    async (req) => service.closeTarget({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.get(
    '/targets/:id/versions',
    {
      schema: {
        tags: targetTags,
        summary: 'A target’s history',
        description: `Every version, newest first: the change, who made it, when, why and the target as it then stood. ${WHO_SEES}`,
        params: idParams,
        response: { 200: targetVersions },
      },
    },
    async (req) => service.listTargetVersions({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/targets/:id/cascade/preview',
    {
      schema: {
        tags: targetTags,
        summary: 'Preview a cascade of a team’s target',
        description: `How the team’s target would split between its people and sub-teams: equal, historical share (over \`lookback\` past periods of the same length), capacity (FTE, ramp-up, leave) or a blend; with bounds and uplift. Lines add up exactly to the target × (1 + uplift); each has its rationale and SMART check. Writes nothing. ${WHO_SETS}`,
        params: idParams,
        body: cascadeSettings,
        response: { 200: cascadePreview },
      },
    },
    async (req) => cascade.previewCascade({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/cascade',
    {
      schema: {
        tags: targetTags,
        summary: 'Apply a cascade',
        description: `Creates (or revises) the recipients’ targets with the computed values or yours (\`values\`, which must add up exactly), each keeping its line of the split. With \`publish\`, the team target (if a draft) and the recipients’ targets are published; failing SMART letters then need \`overrideReason\`. ${WHO_SETS}`,
        params: idParams,
        body: cascadeApplyBody,
        response: { 200: cascadeResult },
      },
    },
    async (req) => cascade.applyCascade({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/redistribution/preview',
    {
      schema: {
        tags: targetTags,
        summary: 'Propose a mid-period redistribution',
        description: `Projects each cascaded target to the period’s end (KPI engine: weighted pipeline or run-rate), classifies at risk / on track, and moves \`share\` of the at-risk shortfall to the on-track targets in proportion to their headroom (within caps). The team total never changes. Writes nothing. ${WHO_SETS}`,
        params: idParams,
        body: redistributionSettings,
        response: { 200: redistributionProposal },
      },
    },
    async (req) =>
      redistribution.proposeRedistribution({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/targets/:id/redistributions',
    {
      schema: {
        tags: targetTags,
        summary: 'Apply a redistribution',
        description: `Applies the proposal (or your edited values, which must keep the team total) with a reason. Each changed target gets a new version pointing at this redistribution and goes back to its owner to acknowledge. ${WHO_SETS}`,
        params: idParams,
        body: redistributionApplyBody,
        response: {
          200: z
            .object({ redistribution: redistributionSchema, children: z.array(target) })
            .meta({ id: 'RedistributionResult' }),
        },
      },
    },
    async (req) =>
      redistribution.applyRedistribution({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.get(
    '/targets/:id/redistributions',
    {
      schema: {
        tags: targetTags,
        summary: 'Redistributions of a team’s target',
        description: `Newest first, with each line’s figures before and after. ${WHO_SETS}`,
        params: idParams,
        response: { 200: redistributionsList },
      },
    },
    async (req) => redistribution.listRedistributions({ db, actor: actorOf(req), id: req.params.id }),
  );
};
