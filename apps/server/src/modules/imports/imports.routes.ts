import { Readable } from 'node:stream';
import { IMPORT_FIELDS, IMPORT_PRESETS, type ImportMapping } from '@pacesetter/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/auth.ts';
import { accountsQuery } from '../crm/accounts.schemas.ts';
import { activitiesQuery } from '../crm/activities.schemas.ts';
import { contactsQuery } from '../crm/contacts.schemas.ts';
import { dealsQuery } from '../crm/deals.schemas.ts';
import { exportCsv } from './exports.service.ts';
import {
  importCatalogue,
  importKind,
  importQuery,
  importResult,
  savedMapping,
  saveMappingBody,
} from './imports.schemas.ts';
import * as service from './imports.service.ts';
import * as mappings from './mappings.service.ts';

const tags = ['Imports'];

const EXPORT_FILTERS = [
  'search',
  'sort',
  'ownerId',
  'teamId',
  'accountId',
  'contactId',
  'dealId',
  'pipelineId',
  'stageId',
  'status',
  'closeFrom',
  'closeTo',
  'customerStatus',
  'sector',
  'country',
  'doNotContact',
  'type',
  'from',
  'to',
  'openTasks',
] as const;

/** Each export takes its list's filters (and sort), without the paging. */
const exportQueries = {
  accounts: accountsQuery.omit({ limit: true, cursor: true }),
  contacts: contactsQuery.omit({ limit: true, cursor: true }),
  deals: dealsQuery.omit({ limit: true, cursor: true }),
  activities: activitiesQuery.omit({ limit: true, cursor: true }),
};

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  // The file is streamed to the importer as it arrives, never held in memory whole.
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'text/plain'], (_req, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/imports/fields',
    {
      schema: {
        tags,
        summary: 'What can be imported',
        description:
          'The fields of each kind of record, and the presets for known exports (their column names).',
        response: { 200: importCatalogue },
      },
    },
    async () => ({
      kinds: Object.fromEntries(
        Object.entries(IMPORT_FIELDS).map(([kind, fields]) => [
          kind,
          fields.map(({ aliases: _a, enumValues, ...f }) => ({
            ...f,
            ...(enumValues && { enumValues: [...enumValues] }),
          })),
        ]),
      ),
      presets: IMPORT_PRESETS.map((p) => ({
        id: p.id,
        label: p.label,
        description: p.description,
        kinds: Object.keys(p.mappings),
      })),
    }),
  );

  app.get(
    '/imports/mappings',
    {
      schema: {
        tags,
        summary: 'Saved column mappings',
        querystring: z.object({ kind: importKind.optional() }),
        response: { 200: z.array(savedMapping) },
      },
    },
    async (req) => mappings.listMappings({ db, actor: actorOf(req), kind: req.query.kind }),
  );

  app.post(
    '/imports/mappings',
    {
      schema: {
        tags,
        summary: 'Save a column mapping',
        description:
          'For files that keep coming in the same layout: pick it by name next time. A field mapped to "" is recorded as deliberately not imported. Refused (400) when a column key is not a field of the kind, or a required field is mapped to "".',
        body: saveMappingBody,
        response: { 201: savedMapping },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await mappings.saveMapping({ db, actor: actorOf(req), input: req.body })),
  );

  app.delete(
    '/imports/mappings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved column mapping',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => mappings.deleteMapping({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/imports/:kind',
    {
      schema: {
        tags,
        summary: 'Import a CSV file',
        description:
          'Send the file as the body (Content-Type: text/csv). With dryRun=true (the default) every row is checked and nothing is written. With dryRun=false the rows are written in one transaction: if any row is wrong nothing is written, and the answer is 422 with every problem (line, column, reason). Re-importing the same file updates the records it created instead of duplicating them.',
        params: z.object({ kind: importKind }),
        querystring: importQuery,
        consumes: ['text/csv'],
        response: { 200: importResult, 422: importResult },
      },
    },
    async (req, reply) => {
      const q = req.query;
      let mapping: Partial<ImportMapping> | undefined;
      if (q.mapping) {
        try {
          const columns = JSON.parse(q.mapping) as unknown;
          if (!columns || typeof columns !== 'object' || Array.isArray(columns)) throw new Error();
          mapping = { columns: columns as Record<string, string> };
        } catch {
          throw Invalid.field('query.mapping', 'must be a JSON object of field key → column header');
        }
      }
      if (q.dateFormat) mapping = { ...mapping, dateFormat: q.dateFormat };
      if (q.decimal) mapping = { ...mapping, decimal: q.decimal };
      const body = req.body as Readable | undefined;
      if (!body || typeof (body as Readable).on !== 'function') {
        throw Invalid.field('body', 'send the CSV file as the request body with Content-Type: text/csv');
      }
      const result = await service.runImport({
        db,
        actor: actorOf(req),
        kind: req.params.kind,
        source: body,
        options: {
          dryRun: q.dryRun,
          preset: q.preset,
          mapping,
          delimiter: q.delimiter,
          pipelineId: q.pipelineId,
          membersFrom: q.membersFrom,
        },
      });
      return reply.status(!result.dryRun && !result.committed ? 422 : 200).send(result);
    },
  );

  app.get(
    '/exports/:kind',
    {
      schema: {
        tags: ['Exports'],
        summary: 'Export a list as CSV',
        description:
          'Exactly what the list shows for the same filters and sort (GET /api/accounts, /contacts, /deals or /activities), every page, streamed. The columns are the import field keys, so the file imports again as it is.',
        params: z.object({ kind: z.enum(['accounts', 'contacts', 'deals', 'activities']) }),
        // Documented loosely here; each kind's own list schema checks them in the handler.
        querystring: z.object(
          Object.fromEntries(
            EXPORT_FILTERS.map((k) => [k, z.string().max(200).optional().describe('As the list takes it')]),
          ) as Record<(typeof EXPORT_FILTERS)[number], z.ZodOptional<z.ZodString>>,
        ),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const parsed = exportQueries[kind].safeParse(req.query);
      if (!parsed.success) {
        throw new Invalid(
          parsed.error.issues.map((i) => ({ path: ['query', ...i.path].join('.'), message: i.message })),
        );
      }
      const lines = exportCsv({ db, actor: actorOf(req), kind, filters: parsed.data });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${kind}-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .send(Readable.from(lines));
    },
  );
};
