import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams, okBody } from '../../platform/schemas.ts';
import { versionBody } from '../users/users.schemas.ts';
import { todayIso } from '../users/users.service.ts';
import {
  addMemberBody,
  createTeamBody,
  member,
  membersQuery,
  removeMemberQuery,
  team,
  teamsPage,
  teamsQuery,
  updateTeamBody,
} from './teams.schemas.ts';
import * as service from './teams.service.ts';

const tags = ['Teams'];

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/teams',
    {
      schema: {
        tags,
        summary: 'List teams',
        description:
          'Offices and teams with their parent, leader and member count; build the tree from parentId.',
        querystring: teamsQuery,
        response: { 200: teamsPage },
      },
    },
    async (req) => service.listTeams({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/teams',
    { schema: { tags, summary: 'Create an office or team', body: createTeamBody, response: { 201: team } } },
    async (req, reply) =>
      reply.status(201).send(await service.createTeam({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/teams/:id',
    { schema: { tags, summary: 'Get a team', params: idParams, response: { 200: team } } },
    async (req) => service.getTeam({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move or change the leader of a team',
        params: idParams,
        body: updateTeamBody,
        response: { 200: team },
      },
    },
    async (req) => service.updateTeam({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/teams/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive a team',
        description: 'Only once it has no current members and no teams under it. Its history stays.',
        params: idParams,
        body: versionBody,
        response: { 200: team },
      },
    },
    async (req) =>
      service.archiveTeam({ db, actor: actorOf(req), id: req.params.id, version: req.body.version }),
  );

  app.get(
    '/teams/:id/members',
    {
      schema: {
        tags,
        summary: 'Members of a team',
        params: idParams,
        querystring: membersQuery,
        response: { 200: z.array(member) },
      },
    },
    async (req) =>
      service.listMembers({
        db,
        actor: actorOf(req),
        teamId: req.params.id,
        includePast: req.query.includePast,
      }),
  );

  app.post(
    '/teams/:id/members',
    {
      schema: {
        tags,
        summary: 'Add or move a person into a team',
        description:
          'If the person is in another team, that membership ends the day before, so history is kept.',
        params: idParams,
        body: addMemberBody,
        response: { 201: z.array(member) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await service.addMember({
          db,
          actor: actorOf(req),
          teamId: req.params.id,
          input: { userId: req.body.userId, from: req.body.from ?? todayIso() },
        }),
      ),
  );

  app.delete(
    '/teams/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'End a person’s membership of a team',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        querystring: removeMemberQuery,
        response: { 200: okBody },
      },
    },
    async (req) => {
      await service.removeMember({
        db,
        actor: actorOf(req),
        teamId: req.params.id,
        userId: req.params.userId,
        to: req.query.to ?? todayIso(),
      });
      return { ok: true as const };
    },
  );
};
