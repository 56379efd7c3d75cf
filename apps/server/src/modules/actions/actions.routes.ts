import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams, okBody } from '../../platform/schemas.ts';
import {
  correctiveAction,
  correctiveActionsPage,
  correctiveActionsQuery,
  createCorrectiveActionBody,
  createObservationBody,
  observation,
  observationsPage,
  observationsQuery,
  reviewCorrectiveActionBody,
  updateCorrectiveActionBody,
} from './actions.schemas.ts';
import * as service from './actions.service.ts';

const actionTags = ['Corrective actions'];
const observationTags = ['Observations'];

const WHO_SEES =
  'You see the actions about you and those you own; leaders also those about anyone in their team tree; directors and admins all. Anything else is 404.';

export const actionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/corrective-actions',
    {
      schema: {
        tags: actionTags,
        summary: 'List corrective actions',
        description: `Soonest due first (what needs doing next), then by id. ${WHO_SEES}`,
        querystring: correctiveActionsQuery,
        response: { 200: correctiveActionsPage },
      },
    },
    async (req) => service.listCorrectiveActions({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/corrective-actions',
    {
      schema: {
        tags: actionTags,
        summary: 'Raise a corrective action',
        description:
          'The person’s leaders (up the team tree), directors and admins. Measures the metric over the baseline period (default: the current month) and keeps it to compare the review with.',
        body: createCorrectiveActionBody,
        response: { 201: correctiveAction },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.createCorrectiveAction({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/corrective-actions/:id',
    {
      schema: {
        tags: actionTags,
        summary: 'Get a corrective action',
        description: WHO_SEES,
        params: idParams,
        response: { 200: correctiveAction },
      },
    },
    async (req) => service.getCorrectiveAction({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/corrective-actions/:id',
    {
      schema: {
        tags: actionTags,
        summary: 'Change a corrective action or its status',
        description:
          'The person it is about and its owner may change the status only; the person’s leaders, directors and admins anything. Send the version you read; a stale one gets 409.',
        params: idParams,
        body: updateCorrectiveActionBody,
        response: { 200: correctiveAction },
      },
    },
    async (req) =>
      service.updateCorrectiveAction({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/corrective-actions/:id/review',
    {
      schema: {
        tags: actionTags,
        summary: 'Review whether the metric moved',
        description:
          'The person’s leaders, directors and admins. Measures the metric over the review period (default: from the day the action was raised to today) and answers with `effect`: baseline, review, change and whether it improved (a lower-is-better metric improves when it falls). Reviewing again replaces the review.',
        params: idParams,
        body: reviewCorrectiveActionBody,
        response: { 200: correctiveAction },
      },
    },
    async (req) =>
      service.reviewCorrectiveAction({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.get(
    '/people/:id/observations',
    {
      schema: {
        tags: observationTags,
        summary: 'List observations on a person',
        description:
          'Newest first (by the day observed, then by when written). The person, their leaders up the team tree, directors and admins; anyone else gets 403.',
        params: idParams,
        querystring: observationsQuery,
        response: { 200: observationsPage },
      },
    },
    async (req) =>
      service.listObservations({ db, actor: actorOf(req), personId: req.params.id, input: req.query }),
  );

  app.post(
    '/people/:id/observations',
    {
      schema: {
        tags: observationTags,
        summary: 'Write an observation on a person',
        description: 'The person’s leaders up the team tree, directors and admins.',
        params: idParams,
        body: createObservationBody,
        response: { 201: observation },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await service.createObservation({
          db,
          actor: actorOf(req),
          personId: req.params.id,
          input: req.body,
        }),
      ),
  );

  app.delete(
    '/observations/:id',
    {
      schema: {
        tags: observationTags,
        summary: 'Delete an observation',
        description: 'Its author, within 24 hours of writing it; after that it stays (403).',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => service.deleteObservation({ db, actor: actorOf(req), id: req.params.id }),
  );
};
