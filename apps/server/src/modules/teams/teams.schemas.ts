import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { isoDate, role, trimmed, version } from '../../platform/schemas.ts';
import { teamPolicy } from './teams.policy.ts';

export const teamType = z
  .enum(['office', 'sales', 'marketing'])
  .describe('office: groups teams (no members of its own); sales or marketing: a team of people');

export const team = z
  .object({
    id: z.string(),
    name: z.string(),
    type: teamType,
    parentId: z.string().nullable(),
    leaderId: z.string().nullable(),
    leaderName: z.string().nullable(),
    memberCount: z.number().describe('Current members'),
    archivedAt: z.date().nullable(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: z
      .object(
        Object.fromEntries(teamPolicy.actions.map((a) => [a, z.boolean()])) as Record<
          (typeof teamPolicy.actions)[number],
          z.ZodBoolean
        >,
      )
      .meta({ id: 'TeamAbilities' }),
  })
  .meta({ id: 'Team' });

export const teamsQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  ...pageQuery,
  limit: z.coerce.number().int().min(1).max(1000).default(500).describe('Rows per page, 1–1000'),
});

export const teamsPage = pageSchema(team).meta({ id: 'TeamsPage' });

export const createTeamBody = z.object({
  name: trimmed(120),
  type: teamType,
  parentId: z.uuid().nullish().describe('The office or team this one sits under'),
  leaderId: z.uuid().nullish().describe('A person with the leader, director or admin role'),
});

export const updateTeamBody = z.object({
  version,
  name: trimmed(120).optional(),
  type: teamType.optional(),
  parentId: z.uuid().nullable().optional(),
  leaderId: z.uuid().nullable().optional(),
});

export const member = z
  .object({
    membershipId: z.string(),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    role,
    status: z.enum(['active', 'deactivated']),
    fte: z.number().nullable().describe('Null unless you lead this team, are a director/admin, or it is you'),
    startDate: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable().describe('Last day in the team; null while current'),
  })
  .meta({ id: 'TeamMember' });

export const membersQuery = z.object({
  includePast: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Include people who have left the team, with their dates'),
});

export const addMemberBody = z.object({
  userId: z.uuid(),
  from: isoDate
    .optional()
    .describe('First day in the team (default today). A current membership elsewhere ends the day before.'),
});

export const removeMemberQuery = z.object({
  to: isoDate.optional().describe('Last day in the team (default today)'),
});
