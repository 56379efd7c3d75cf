import { z } from 'zod';
import { isoDate } from '../../platform/schemas.ts';

export const importKind = z
  .enum(['people', 'accounts', 'contacts', 'products', 'deals', 'stage-history', 'activities'])
  .describe(
    'What the file holds. stage-history: one row per stage change of existing deals (Salesforce OpportunityHistory).',
  );

const dateFormat = z.enum(['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D-MMM-YYYY', 'auto']);
const decimal = z.enum(['.', ',']);
const delimiter = z.enum([',', ';', '\t', '|']);

export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Check every row and report, writing nothing (the default). false: import, all or nothing.'),
  preset: z
    .enum(['maven', 'salesforce', 'hubspot', 'pipedrive'])
    .optional()
    .describe('Column names of a known export'),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .describe(
      'JSON object: field key → column header, overriding the suggested mapping, e.g. {"owner":"Deal Owner"}. An empty header leaves the field out even when the suggestion would map it, e.g. {"owner":""}: the import then neither reads nor changes it.',
    ),
  dateFormat: dateFormat
    .optional()
    .describe('How dates are written in the file (default from the preset, else auto)'),
  decimal: decimal.optional().describe('Decimal separator of amounts'),
  delimiter: delimiter.optional().describe('Column separator (default: detected)'),
  pipelineId: z
    .uuid()
    .optional()
    .describe('Deals: the pipeline whose stages the file names (default pipeline)'),
  membersFrom: isoDate
    .optional()
    .describe(
      'People: their first day in the team they are put in (default: a new person’s start date, else today)',
    ),
});

/**
 * A saved mapping holds what a user chose on top of the suggestion, so that it applies the same way
 * to the next file: an empty header records a field deliberately left out.
 */
const savedColumns = z
  .record(
    z.string().describe('A field key of the kind (GET /api/imports/fields)'),
    z
      .string()
      .trim()
      .max(200)
      .describe(
        'The column header that fills the field, or "" for a field that is deliberately not imported (it stays unmapped even when the suggestion or preset would map it, so a re-import never changes it)',
      ),
  )
  .describe(
    'Field key → column header. Send these as the import’s `mapping` to apply them. Required fields may not be "".',
  );

const savedMappingSettings = z.object({
  columns: savedColumns,
  dateFormat: dateFormat.optional().describe('As the import’s dateFormat (none: auto)'),
  decimal: decimal.optional().describe('As the import’s decimal (none: read from each amount’s shape)'),
  delimiter: delimiter.optional().describe('As the import’s delimiter (none: detected)'),
});

export const saveMappingBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  kind: importKind,
  mapping: savedMappingSettings,
});

export const savedMapping = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: importKind,
    mapping: savedMappingSettings,
    createdAt: z.date(),
  })
  .meta({ id: 'SavedMapping' });

export const rowError = z
  .object({
    line: z.number().describe('Line in the file (1 is the header)'),
    column: z.string().describe('The column header'),
    field: z.string(),
    value: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'ImportRowError' });

export const importResult = z
  .object({
    kind: importKind,
    dryRun: z.boolean(),
    committed: z.boolean().describe('True when the rows were written'),
    headers: z.array(z.string()),
    mapping: z.object({
      columns: z.record(z.string(), z.string().optional()),
      dateFormat: z.string(),
      decimal: z.enum(['.', ',']).optional(),
    }),
    rows: z.number(),
    created: z.number(),
    updated: z.number(),
    errorCount: z.number(),
    errors: z.array(rowError).describe('The first 1,000 problems, in file order'),
  })
  .meta({ id: 'ImportResult' });

export const importCatalogue = z
  .object({
    kinds: z.record(
      z.string(),
      z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          type: z.string(),
          required: z.boolean().optional(),
          enumValues: z.array(z.string()).optional(),
          description: z.string(),
        }),
      ),
    ),
    presets: z.array(
      z.object({ id: z.string(), label: z.string(), description: z.string(), kinds: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'ImportCatalogue' });
