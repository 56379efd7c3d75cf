import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../platform/crypto.ts';
import { trimmed, version } from '../../platform/schemas.ts';

export const setupStatus = z.object({
  setupRequired: z.boolean().describe('True until the first organisation exists'),
  signupOpen: z.boolean().describe('Whether more organisations may be created (PACESETTER_SIGNUP=open)'),
});

export const setupBody = z.object({
  organisationName: trimmed(120),
  name: trimmed(120).describe('Your name: you become the first administrator'),
  email: z.email('must be an email address').max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH).describe('At least 10 characters'),
});

export const settings = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
      .optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    timeZone: z.string().max(60).optional(),
    coachingFocus: z
      .record(z.string().trim().min(1).max(80), z.string().trim().min(1).max(200))
      .refine((m) => Object.keys(m).length <= 50, 'at most 50 stages')
      .optional()
      .describe(
        'The coaching focus the funnel diagnostics suggest when a stage is a person\'s weakest, by stage name (case-insensitive): e.g. {"Proposal": "Value articulation"}. Stages not named here use the built-in suggestions.',
      ),
  })
  .meta({ id: 'OrganisationSettings' });

export const organisation = z
  .object({
    id: z.string(),
    name: z.string(),
    settings,
    version: z.number(),
    createdAt: z.date(),
    can: z.object({ read: z.boolean(), update: z.boolean() }),
  })
  .meta({ id: 'Organisation' });

export const updateOrganisationBody = z.object({
  version,
  name: trimmed(120).optional(),
  settings: settings.optional(),
});
