import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, role, trimmed, version } from '../../platform/schemas.ts';
import { userPolicy } from './users.policy.ts';

const email = z.email('must be an email address').max(254);
const fte = z.number().min(0).max(1).describe('Full-time equivalent, 0–1 (0.5 = half time)');

export const personListItem = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    role,
    status: z.enum(['active', 'deactivated']),
    mustChangePassword: z.boolean(),
    lockedUntil: z.date().nullable().describe('Only shown to administrators'),
    lastLoginAt: z.date().nullable(),
    teamId: z.string().nullable().describe('Current team'),
    teamName: z.string().nullable(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'PersonListItem' });

export const abilities = z
  .object(
    Object.fromEntries(userPolicy.actions.map((a) => [a, z.boolean()])) as Record<
      (typeof userPolicy.actions)[number],
      z.ZodBoolean
    >,
  )
  .meta({ id: 'PersonAbilities', description: 'What the caller may do with this person' });

export const person = personListItem
  .extend({
    fte: z.number().nullable().describe('Null when you may not see this person’s capacity'),
    startDate: z.string().nullable(),
    externalId: z
      .string()
      .nullable()
      .describe('Their id in the system they were imported from (a Salesforce User Id, say), set by imports'),
    can: abilities,
  })
  .meta({ id: 'Person' });

export const createdPerson = person
  .extend({
    temporaryPassword: z
      .string()
      .nullable()
      .describe('Shown once: hand it to the person; they must choose their own at first login'),
  })
  .meta({ id: 'CreatedPerson' });

export const peopleQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Matches name, email or title'),
  role: role.optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  teamId: z.uuid().optional().describe('Current members of this team'),
  ...pageQuery,
});

export const peoplePage = pageSchema(personListItem).meta({ id: 'PeoplePage' });

export const createPersonBody = z.object({
  name: trimmed(120),
  email,
  role,
  title: z.string().trim().max(120).nullish(),
  teamId: z.uuid().nullish().describe('Team to join from the start date (or today)'),
  fte: fte.optional(),
  startDate: isoDate.nullish(),
});

export const updatePersonBody = z.object({
  version,
  name: trimmed(120).optional(),
  email: email.optional(),
  title: z.string().trim().max(120).nullable().optional(),
  role: role.optional(),
  fte: fte.optional(),
  startDate: isoDate.nullable().optional(),
});

export const versionBody = z.object({ version });

export const leave = z
  .object({ id: z.string(), startDate: z.string(), endDate: z.string(), note: z.string().nullable() })
  .meta({ id: 'Leave' });

export const leaveBody = z.object({
  startDate: isoDate,
  endDate: isoDate,
  note: z.string().trim().max(200).nullish(),
});

export const capacityQuery = z.object({ start: isoDate, end: isoDate });

export const capacity = z
  .object({
    periodWorkingDays: z.number(),
    employedWorkingDays: z.number(),
    leaveWorkingDays: z.number(),
    availableDays: z.number(),
    fte: z.number(),
    rampFactor: z.number().describe('Share of full productivity for a new starter (1 once ramped)'),
    tenureMonths: z.number().nullable(),
    effectiveDays: z.number().describe('availableDays × fte × rampFactor'),
    share: z.number().describe('effectiveDays ÷ periodWorkingDays'),
  })
  .meta({ id: 'Capacity' });

export const membershipHistory = z.array(
  z
    .object({
      id: z.string(),
      teamId: z.string(),
      teamName: z.string(),
      validFrom: z.string(),
      validTo: z.string().nullable().describe('Last day in the team; null while current'),
    })
    .meta({ id: 'Membership' }),
);
