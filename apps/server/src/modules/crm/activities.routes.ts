import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams, okBody } from '../../platform/schemas.ts';
import {
  activitiesPage,
  activitiesQuery,
  activity,
  createActivityBody,
  updateActivityBody,
} from './activities.schemas.ts';
import * as service from './activities.service.ts';

const tags = ['Activities'];

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/activities',
    {
      schema: {
        tags,
        summary: 'List activities',
        description:
          'Newest first unless sorted otherwise, filtered and paged on the server. You see your own and your team’s; leaders their team tree; directors, admins and viewers all.',
        querystring: activitiesQuery,
        response: { 200: activitiesPage },
      },
    },
    async (req) => service.listActivities({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/activities',
    {
      schema: {
        tags,
        summary: 'Log an activity',
        description:
          'Linked contact, deal and account must be ones you can see. A call, email, meeting or demo cannot be logged to a contact marked doNotContact; notes and tasks can.',
        body: createActivityBody,
        response: { 201: activity },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createActivity({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/activities/:id',
    { schema: { tags, summary: 'Get an activity', params: idParams, response: { 200: activity } } },
    async (req) => service.getActivity({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/activities/:id',
    {
      schema: {
        tags,
        summary: 'Update, complete or reassign an activity',
        description:
          'Send the version you read; a stale one gets 409. `done: true` marks a task done now, `done: false` reopens it.',
        params: idParams,
        body: updateActivityBody,
        response: { 200: activity },
      },
    },
    async (req) => service.updateActivity({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.delete(
    '/activities/:id',
    {
      schema: {
        tags,
        summary: 'Delete an activity',
        description:
          'Its owner, their leaders, directors and admins may delete it; the audit log keeps a copy.',
        params: idParams,
        response: { 200: okBody },
      },
    },
    async (req) => service.deleteActivity({ db, actor: actorOf(req), id: req.params.id }),
  );
};
