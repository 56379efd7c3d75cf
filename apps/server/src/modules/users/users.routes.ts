import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams, okBody } from '../../platform/schemas.ts';
import {
  capacity,
  capacityQuery,
  createdPerson,
  createPersonBody,
  leave,
  leaveBody,
  membershipHistory,
  peoplePage,
  peopleQuery,
  person,
  updatePersonBody,
  versionBody,
} from './users.schemas.ts';
import * as service from './users.service.ts';

const tags = ['People'];

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List people',
        description: 'The organisation’s directory, sorted by name, with each person’s current team.',
        querystring: peopleQuery,
        response: { 200: peoplePage },
      },
    },
    async (req) => service.listPeople({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a person’s account',
        description:
          'Administrators only. Returns a temporary password once; the person replaces it at first login.',
        body: createPersonBody,
        response: { 201: createdPerson },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createUser({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'Get a person', params: idParams, response: { 200: person } } },
    async (req) => service.getPerson({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Update a person',
        description:
          'Name, email and title: the person or an admin. Role: admins. FTE and start date: their leaders, directors, admins.',
        params: idParams,
        body: updatePersonBody,
        response: { 200: person },
      },
    },
    async (req) => service.updatePerson({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/users/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate an account',
        description: 'Ends the person’s sessions and revokes their API tokens. Their history stays.',
        params: idParams,
        body: versionBody,
        response: { 200: person },
      },
    },
    async (req) =>
      service.setActive({
        db,
        actor: actorOf(req),
        id: req.params.id,
        version: req.body.version,
        active: false,
      }),
  );

  app.post(
    '/users/:id/reactivate',
    {
      schema: {
        tags,
        summary: 'Reactivate an account',
        params: idParams,
        body: versionBody,
        response: { 200: person },
      },
    },
    async (req) =>
      service.setActive({
        db,
        actor: actorOf(req),
        id: req.params.id,
        version: req.body.version,
        active: true,
      }),
  );

  app.post(
    '/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Reset a password',
        description:
          'Administrators only. Issues a temporary password, ends the person’s sessions and unlocks the account.',
        params: idParams,
        response: { 200: z.object({ temporaryPassword: z.string() }) },
      },
    },
    async (req) => service.resetPassword({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/users/:id/memberships',
    {
      schema: {
        tags,
        summary: 'Team history of a person',
        description: 'Every team the person has been in, with dates.',
        params: idParams,
        response: { 200: membershipHistory },
      },
    },
    async (req) => service.listMembershipHistory({ db, actor: actorOf(req), userId: req.params.id }),
  );

  app.get(
    '/users/:id/leave',
    {
      schema: {
        tags,
        summary: 'Planned leave of a person',
        params: idParams,
        response: { 200: z.array(leave) },
      },
    },
    async (req) => service.listLeave({ db, actor: actorOf(req), userId: req.params.id }),
  );

  app.post(
    '/users/:id/leave',
    {
      schema: {
        tags,
        summary: 'Add planned leave',
        params: idParams,
        body: leaveBody,
        response: { 201: leave },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.addLeave({ db, actor: actorOf(req), userId: req.params.id, input: req.body })),
  );

  app.delete(
    '/users/:id/leave/:leaveId',
    {
      schema: {
        tags,
        summary: 'Remove planned leave',
        params: z.object({ id: z.uuid(), leaveId: z.uuid() }),
        response: { 200: okBody },
      },
    },
    async (req) => {
      await service.removeLeave({ db, actor: actorOf(req), userId: req.params.id, id: req.params.leaveId });
      return { ok: true as const };
    },
  );

  app.get(
    '/users/:id/capacity',
    {
      schema: {
        tags,
        summary: 'Capacity of a person for a period',
        description:
          'Working days in the period, less days before the start date and planned leave, times FTE and the new-starter ramp. Targets cascaded by capacity use these figures.',
        params: idParams,
        querystring: capacityQuery,
        response: { 200: capacity },
      },
    },
    async (req) => service.getCapacity({ db, actor: actorOf(req), userId: req.params.id, period: req.query }),
  );
};
