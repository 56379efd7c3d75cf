import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  dashboardQuery,
  funnelQuery,
  funnelResult,
  kpiQuery,
  kpiResult,
  metricsList,
  personDashboard,
  teamDashboard,
} from './kpi.schemas.ts';
import * as service from './kpi.service.ts';

const tags = ['KPIs'];

export const kpiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'The metric catalogue',
        description:
          'Every metric with its unit, formula and tags (leading or lagging, activity or outcome).',
        response: { 200: metricsList },
      },
    },
    async () => ({ items: service.listMetrics() }),
  );

  app.get(
    '/kpis',
    {
      schema: {
        tags,
        summary: 'Metrics for people or teams over periods',
        description:
          'One row per subject × period × metric, from the KPI roll-ups. A team counts each person over the days they were in it (or in a team below it). Open-pipeline metrics describe the deals open now.',
        querystring: kpiQuery,
        response: { 200: kpiResult },
      },
    },
    async (req) => service.computeKpis({ db, actor: actorOf(req), query: req.query }),
  );

  app.get(
    '/people/:id/dashboard',
    {
      schema: {
        tags,
        summary: "A person's dashboard",
        description:
          "Headline metrics (leading and lagging), pace and projection of revenue won against the goal (a target, or until targets exist the person's median of the past periods), red/amber/green, the early warning with its arithmetic, and the trend. The person, their leaders, directors and admins.",
        params: idParams,
        querystring: dashboardQuery,
        response: { 200: personDashboard },
      },
    },
    async (req) =>
      service.getPersonDashboard({ db, actor: actorOf(req), personId: req.params.id, options: req.query }),
  );

  app.get(
    '/teams/:id/dashboard',
    {
      schema: {
        tags,
        summary: "A team's dashboard",
        description:
          "The team's totals (everyone may see them) and, for its leaders, directors and admins, each person's figures, pace, early warning and place on activity vs outcome, with the flags.",
        params: idParams,
        querystring: dashboardQuery,
        response: { 200: teamDashboard },
      },
    },
    async (req) =>
      service.getTeamDashboard({ db, actor: actorOf(req), teamId: req.params.id, options: req.query }),
  );

  app.get(
    '/people/:id/funnel',
    {
      schema: {
        tags,
        summary: "A person's funnel diagnostics",
        description:
          "Stage-to-stage conversion (cohort: deals that entered the stage in the period) and median days in stage, against their team's benchmark; the weakest step with its coaching focus.",
        params: idParams,
        querystring: funnelQuery,
        response: { 200: funnelResult },
      },
    },
    async (req) =>
      service.getFunnel({
        db,
        actor: actorOf(req),
        subject: { personId: req.params.id },
        options: req.query,
      }),
  );

  app.get(
    '/teams/:id/funnel',
    {
      schema: {
        tags,
        summary: "A team's funnel diagnostics",
        description:
          "The team's funnel, and each person's against it (for the team's leaders, directors and admins).",
        params: idParams,
        querystring: funnelQuery,
        response: { 200: funnelResult },
      },
    },
    async (req) =>
      service.getFunnel({ db, actor: actorOf(req), subject: { teamId: req.params.id }, options: req.query }),
  );
};
