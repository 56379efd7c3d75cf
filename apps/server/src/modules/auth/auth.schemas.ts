import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../platform/crypto.ts';
import { role, trimmed } from '../../platform/schemas.ts';

export const loginBody = z.object({
  email: z.string().trim().min(1, 'must not be empty').max(254),
  password: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH),
});

export const me = z
  .object({
    user: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      role,
      title: z.string().nullable(),
    }),
    organisation: z.object({ id: z.string(), name: z.string() }),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as the x-csrf-token header on every write made with the session cookie'),
    mustChangePassword: z
      .boolean()
      .describe('True after a temporary password: everything else answers 403 until it is changed'),
    ledTeamIds: z.array(z.string()).describe('Teams you lead, and every team below them'),
    abilities: z
      .object({
        manageUsers: z.boolean(),
        manageTeams: z.boolean(),
        readAudit: z.boolean(),
        manageOrganisation: z.boolean(),
      })
      .describe('What the navigation should offer'),
  })
  .meta({ id: 'Me' });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH),
  newPassword: z
    .string()
    .max(PASSWORD_MAX_LENGTH)
    .describe('At least 10 characters, not containing your email'),
});

export const apiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters, to tell tokens apart'),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const createTokenBody = z.object({
  name: trimmed(80).describe('What it is for, e.g. "BI export"'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('Leave out for a token that does not expire'),
});

export const createdToken = apiToken
  .extend({ token: z.string().describe('Shown once. Send as `Authorization: Bearer <token>`.') })
  .meta({ id: 'CreatedApiToken' });
