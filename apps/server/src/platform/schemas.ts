/** Small zod building blocks shared by every module's schemas. */
import { isIsoDate } from '@pacesetter/core';
import { z } from 'zod';
import { ROLES } from './actor.ts';

export const isoDate = z
  .string()
  .refine(isIsoDate, 'must be a calendar date written YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-03-31' });

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const version = z
  .number()
  .int()
  .min(1)
  .describe('The version you read; a stale one gets 409 VERSION_CONFLICT');

export const role = z
  .enum(ROLES)
  .describe(
    'admin: everything incl. users and audit; director: all teams and people; leader: their team tree; member: own records and shared team data; viewer: read-only',
  );

export const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const okBody = z.object({ ok: z.literal(true) });
