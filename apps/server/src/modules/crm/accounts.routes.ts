import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  account,
  accountsPage,
  accountsQuery,
  createAccountBody,
  timelinePage,
  timelineQuery,
  updateAccountBody,
} from './accounts.schemas.ts';
import * as service from './accounts.service.ts';

const tags = ['Accounts'];

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        description:
          'Filtered, sorted and paged on the server. You see your own, your team’s and unowned accounts; leaders their team tree; directors, admins and viewers all.',
        querystring: accountsQuery,
        response: { 200: accountsPage },
      },
    },
    async (req) => service.listAccounts({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/accounts',
    { schema: { tags, summary: 'Create an account', body: createAccountBody, response: { 201: account } } },
    async (req, reply) =>
      reply.status(201).send(await service.createAccount({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/accounts/:id',
    { schema: { tags, summary: 'Get an account', params: idParams, response: { 200: account } } },
    async (req) => service.getAccount({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update or reassign an account',
        description:
          'Send the version you read; a stale one gets 409. Reassigning needs a leader of the owner, a director or an admin.',
        params: idParams,
        body: updateAccountBody,
        response: { 200: account },
      },
    },
    async (req) => service.updateAccount({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.get(
    '/accounts/:id/timeline',
    {
      schema: {
        tags,
        summary: 'What happened with an account',
        description:
          'Newest first: the account’s activities, and the stage changes and objections of its deals — those you may see. Paged with nextCursor.',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (req) =>
      service.getAccountTimeline({ db, actor: actorOf(req), id: req.params.id, input: req.query }),
  );
};
