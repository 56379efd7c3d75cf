import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/auth.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  contact,
  contactsPage,
  contactsQuery,
  createContactBody,
  updateContactBody,
} from './contacts.schemas.ts';
import * as service from './contacts.service.ts';

const tags = ['Contacts'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        description:
          'Filtered, sorted and paged on the server. You see your own, your team’s and unowned contacts; leaders their team tree; directors, admins and viewers all.',
        querystring: contactsQuery,
        response: { 200: contactsPage },
      },
    },
    async (req) => service.listContacts({ db, actor: actorOf(req), input: req.query }),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        description:
          'A consent time (consentAt) needs lawfulBasis `consent` and a consentSource. Someone marked doNotContact cannot have calls, emails, meetings or demos logged to them.',
        body: createContactBody,
        response: { 201: contact },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createContact({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/contacts/:id',
    { schema: { tags, summary: 'Get a contact', params: idParams, response: { 200: contact } } },
    async (req) => service.getContact({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update or reassign a contact',
        description:
          'Send the version you read; a stale one gets 409. Reassigning needs a leader of the owner, a director or an admin.',
        params: idParams,
        body: updateContactBody,
        response: { 200: contact },
      },
    },
    async (req) => service.updateContact({ db, actor: actorOf(req), id: req.params.id, input: req.body }),
  );
};
