import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import {
  adjustForecastBody,
  adjustment,
  adjustmentsPage,
  adjustmentsQuery,
  dealsQuery,
  forecastDealsPage,
  periodQuery,
  personForecastResponse,
  submission,
  submissionsPage,
  submissionsQuery,
  submitForecastBody,
  teamForecastResponse,
  trackRecordQuery,
  trackRecordResponse,
} from './forecasts.schemas.ts';
import * as service from './forecasts.service.ts';

const tags = ['Forecasts'];
const teamParams = z.object({ teamId: z.uuid('must be a UUID') });
const personParams = z.object({ personId: z.uuid('must be a UUID') });

export const forecastRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.post(
    '/forecasts',
    {
      schema: {
        tags,
        summary: 'Submit your forecast',
        description:
          'Your call for a period still running or to come: what you expect to win. Each submission is kept; the latest counts. Viewers cannot submit.',
        body: submitForecastBody,
        response: { 201: submission },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.submitForecast({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/forecasts/submissions',
    {
      schema: {
        tags,
        summary: 'A person’s submissions',
        description:
          'Newest first. Yours, or, for their leaders up the team tree, directors and admins, another person’s (else 404).',
        querystring: submissionsQuery,
        response: { 200: submissionsPage },
      },
    },
    async (req) => service.listSubmissions({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/forecasts/adjustments',
    {
      schema: {
        tags,
        summary: 'Adjust a person’s forecast or a team’s total',
        description:
          'For the person’s (or team’s) leaders up the tree, directors and admins, with a note saying why. The latest adjustment replaces the figure; the submissions stay.',
        body: adjustForecastBody,
        response: { 201: adjustment },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.adjustForecast({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/forecasts/adjustments',
    {
      schema: {
        tags,
        summary: 'Adjustments of a person’s forecast or a team’s total',
        description:
          'Newest first. A person’s: the person, their leaders, directors and admins (else 404). A team’s: its leaders, directors and admins.',
        querystring: adjustmentsQuery,
        response: { 200: adjustmentsPage },
      },
    },
    async (req) => service.listAdjustments({ db, actor: actorOf(req), input: req.query }),
  );

  app.get(
    '/forecasts/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'A team’s forecast, rolled up its tree',
        description:
          'Every sub-team’s figures, and (for the team’s leaders, directors and admins) every current member’s submission, adjustment and effective figure, with the deals behind each by forecast category. Everyone else sees the totals.',
        params: teamParams,
        querystring: periodQuery,
        response: { 200: teamForecastResponse },
      },
    },
    async (req) =>
      service.getTeamForecast({
        db,
        actor: actorOf(req),
        teamId: req.params.teamId,
        period: req.query.period,
      }),
  );

  app.get(
    '/forecasts/people/:personId',
    {
      schema: {
        tags,
        summary: 'A person’s forecast',
        description:
          'Their line of the roll-up: yours, or as their leader, a director or an admin (else 404).',
        params: personParams,
        querystring: periodQuery,
        response: { 200: personForecastResponse },
      },
    },
    async (req) =>
      service.getPersonForecast({
        db,
        actor: actorOf(req),
        personId: req.params.personId,
        period: req.query.period,
      }),
  );

  app.get(
    '/forecasts/deals',
    {
      schema: {
        tags,
        summary: 'The deals behind a forecast figure',
        description:
          'Open deals expected to close in the period and deals won in it, of a person (default: you) or of everyone now in a team’s tree (its leaders, directors and admins), by close date.',
        querystring: dealsQuery,
        response: { 200: forecastDealsPage },
      },
    },
    async (req) => service.listForecastDeals({ db, actor: actorOf(req), input: req.query }),
  );

  app.get(
    '/forecasts/track-record',
    {
      schema: {
        tags,
        summary: 'How accurate past forecasts were',
        description:
          'For each of the last finished periods: the latest submission made before the period ended, the revenue actually won, accuracy (1 − |forecast − actual| ÷ actual) and bias, and the means. Of a person (default: you), or of every current member of a team’s tree (its leaders, directors and admins).',
        querystring: trackRecordQuery,
        response: { 200: trackRecordResponse },
      },
    },
    async (req) => service.getTrackRecord({ db, actor: actorOf(req), input: req.query }),
  );
};
