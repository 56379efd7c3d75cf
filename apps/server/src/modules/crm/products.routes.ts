import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  createProductBody,
  product,
  productsPage,
  productsQuery,
  updateProductBody,
} from './products.schemas.ts';
import * as service from './products.service.ts';

const tags = ['Products'];

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/products',
    {
      schema: {
        tags,
        summary: 'List products',
        description: 'The organisation’s product catalogue, by name. Everyone in the organisation sees it.',
        querystring: productsQuery,
        response: { 200: productsPage },
      },
    },
    async (req) => service.listProducts({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/products',
    {
      schema: {
        tags,
        summary: 'Add a product',
        description: 'Administrators and directors. Names are unique in the organisation, case aside.',
        body: createProductBody,
        response: { 201: product },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createProduct({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/products/:id',
    { schema: { tags, summary: 'Get a product', params: idParams, response: { 200: product } } },
    async (req) => service.getProduct({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/products/:id',
    {
      schema: {
        tags,
        summary: 'Change a product',
        description: 'Administrators and directors. Send the version you read; a stale one gets 409.',
        params: idParams,
        body: updateProductBody,
        response: { 200: product },
      },
    },
    async (req) => service.updateProduct({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );
};
