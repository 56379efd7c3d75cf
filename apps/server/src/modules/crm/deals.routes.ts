import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  board,
  boardQuery,
  createDealBody,
  createObjectionBody,
  deal,
  dealsPage,
  dealsQuery,
  moveDealBody,
  objection,
  stageChange,
  updateDealBody,
} from './deals.schemas.ts';
import * as service from './deals.service.ts';

const tags = ['Deals'];

export const dealRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/deals',
    {
      schema: {
        tags,
        summary: 'List deals',
        description:
          'Filtered, sorted and paged on the server. Members see their own and their teammates’ deals, leaders their team tree, directors, admins and viewers all.',
        querystring: dealsQuery,
        response: { 200: dealsPage },
      },
    },
    async (req) => service.listDeals({ db, actor: actorOf(req), input: req.query }),
  );

  app.get(
    '/deals/board',
    {
      schema: {
        tags,
        summary: 'The pipeline board',
        description:
          'One column per stage with the count and total amount of matching deals, and the first deals of each.',
        querystring: boardQuery,
        response: { 200: board },
      },
    },
    async (req) => service.getBoard({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/deals',
    { schema: { tags, summary: 'Create a deal', body: createDealBody, response: { 201: deal } } },
    async (req, reply) =>
      reply.status(201).send(await service.createDeal({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/deals/:id',
    { schema: { tags, summary: 'Get a deal', params: idParams, response: { 200: deal } } },
    async (req) => service.getDeal({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/deals/:id',
    {
      schema: {
        tags,
        summary: 'Update or reassign a deal',
        description:
          'Everything but the stage (use the move endpoint). Send the version you read; a stale one gets 409.',
        params: idParams,
        body: updateDealBody,
        response: { 200: deal },
      },
    },
    async (req) => service.updateDeal({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/deals/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a deal to another stage',
        description:
          'Into won or lost closes it (lost needs a reason); out of them reopens it. Every move is kept in the stage history.',
        params: idParams,
        body: moveDealBody,
        response: { 200: deal },
      },
    },
    async (req) => service.moveDeal({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.get(
    '/deals/:id/history',
    {
      schema: {
        tags,
        summary: 'Stage history of a deal',
        description: 'Every stage the deal entered, oldest first, including reopenings and imported history.',
        params: idParams,
        response: { 200: z.array(stageChange) },
      },
    },
    async (req) => service.dealHistory({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/deals/:id/objections',
    {
      schema: {
        tags,
        summary: 'Objections raised on a deal',
        params: idParams,
        response: { 200: z.array(objection) },
      },
    },
    async (req) => service.listObjections({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/deals/:id/objections',
    {
      schema: {
        tags,
        summary: 'Log an objection',
        description: 'What the buyer objected to, how it was handled and whether that worked.',
        params: idParams,
        body: createObjectionBody,
        response: { 201: z.array(objection) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.logObjection({ db, actor: actorOf(req), id: req.params.id, input: req.body })),
  );
};
