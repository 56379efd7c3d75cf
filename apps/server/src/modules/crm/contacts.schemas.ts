import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { trimmed, version } from '../../platform/schemas.ts';
import { crmAbilities } from './accounts.schemas.ts';

export const lawfulBasis = z
  .enum(['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'])
  .describe('GDPR Art. 6 lawful basis for holding this person’s data');

/** An ISO 8601 date and time with an offset (`Z` or `+02:00`), as a Date. */
export const dateTime = z.iso
  .datetime({ offset: true, message: 'must be a date and time in ISO 8601, e.g. 2026-03-31T14:30:00Z' })
  .transform((s) => new Date(s));

export const contact = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    firstName: z.string().nullable().describe('May be missing on imported contacts'),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    jobTitle: z.string().nullable(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    lawfulBasis: lawfulBasis.nullable(),
    consentSource: z.string().nullable(),
    consentAt: z.date().nullable(),
    marketingOptOut: z.boolean(),
    doNotContact: z.boolean(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: crmAbilities,
  })
  .meta({ id: 'Contact' });

export const contactSort = z.enum(['name', '-name', 'createdAt', '-createdAt']);

export const contactsQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Matches the name or the email'),
  accountId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  doNotContact: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only those who asked not to be contacted (true), or only the others (false)'),
  sort: contactSort
    .default('name')
    .describe('By last name then first name; a leading minus sorts descending'),
  ...pageQuery,
});

export const contactsPage = pageSchema(contact).meta({ id: 'ContactsPage' });

const contactFields = {
  externalId: z.string().trim().max(100).nullish(),
  email: z.email('must be an email address').max(254).nullish(),
  phone: z.string().trim().max(50).nullish(),
  jobTitle: z.string().trim().max(200).nullish(),
  accountId: z.uuid().nullish().describe('Their company'),
  ownerId: z.uuid().nullish().describe('Defaults to you'),
  lawfulBasis: lawfulBasis.nullish(),
  consentSource: z.string().trim().max(200).nullish().describe('Where consent was given, e.g. a form'),
  consentAt: dateTime
    .nullish()
    .describe('When consent was given; needs lawfulBasis `consent` and a consentSource'),
  marketingOptOut: z.boolean().optional().describe('No marketing to them'),
  doNotContact: z.boolean().optional().describe('No calls, emails, meetings or demos may be logged to them'),
};

export const createContactBody = z.object({
  firstName: trimmed(100),
  lastName: trimmed(100),
  ...contactFields,
});
export const updateContactBody = z.object({
  version,
  firstName: trimmed(100).optional(),
  lastName: trimmed(100).optional(),
  ...contactFields,
});

export type ContactInput = z.infer<typeof createContactBody>;
export type ContactPatch = z.infer<typeof updateContactBody>;
