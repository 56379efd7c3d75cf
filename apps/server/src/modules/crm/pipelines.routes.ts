import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import { createPipelineBody, pipeline, updatePipelineBody } from './pipelines.schemas.ts';
import * as service from './pipelines.service.ts';

const tags = ['Pipelines'];

export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'List pipelines with their stages',
        description: 'The default pipeline comes first. Every organisation has one, created on first use.',
        response: { 200: z.array(pipeline) },
      },
    },
    async (req) => service.listPipelines({ db, actor: actorOf(req) }),
  );

  app.get(
    '/pipelines/:id',
    { schema: { tags, summary: 'Get a pipeline', params: idParams, response: { 200: pipeline } } },
    async (req) => service.getPipeline({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline',
        description:
          'Administrators only. Needs at least one open stage, exactly one won and one lost stage.',
        body: createPipelineBody,
        response: { 201: pipeline },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createPipeline({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    '/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reorder or change the stages of a pipeline',
        params: idParams,
        body: updatePipelineBody,
        response: { 200: pipeline },
      },
    },
    async (req) => service.updatePipeline({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );
};
