/** Logging in and out, sessions, password changes and API tokens. */
import type { Actor, Role } from '../../platform/actor.ts';
import type { Config } from '../../platform/config.ts';
import {
  burnPasswordCheck,
  hashPassword,
  PASSWORD_MIN_LENGTH,
  randomToken,
  sha256,
  verifyPassword,
} from '../../platform/crypto.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, Invalid, NotFound, Unauthenticated } from '../../platform/errors.ts';
import { auditPolicy } from '../audit/audit.policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { organisationPolicy } from '../organisations/organisations.policy.ts';
import { findOrganisation } from '../organisations/organisations.repository.ts';
import { teamPolicy } from '../teams/teams.policy.ts';
import { userPolicy } from '../users/users.policy.ts';
import { findUserById, updatePassword } from '../users/users.repository.ts';
import * as repo from './auth.repository.ts';

export interface RequestAuth {
  actor: Actor;
  csrfToken: string | null;
  mustChangePassword: boolean;
  /** Hash of the session token, to end this session on logout. */
  sessionHash: string | null;
  /** The session's expiry was just pushed forward: the cookie's must be too. */
  renewed?: boolean;
}

/** Sliding sessions: extended on use, but the row is only rewritten every few minutes. */
const TOUCH_AFTER_MS = 5 * 60_000;
export const API_TOKEN_PREFIX = 'ps_';

async function actorFor(
  db: Db,
  row: { orgId: string; userId: string; name: string; role: Role },
  via: Actor['via'],
) {
  const led = row.role === 'viewer' ? [] : await repo.findLedTeamIds(db, row.orgId, row.userId);
  return {
    userId: row.userId,
    orgId: row.orgId,
    name: row.name,
    role: row.role,
    ledTeamIds: new Set(led),
    via,
  };
}

export async function resolveSession({ db, config, token }: { db: Db; config: Config; token: string }) {
  const tokenHash = sha256(token);
  const row = await repo.findSession(db, tokenHash);
  if (!row) return null;
  const renewed = Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS;
  if (renewed) {
    await repo.touchSession(db, tokenHash, new Date(Date.now() + config.sessionTtlHours * 3_600_000));
  }
  return {
    actor: await actorFor(db, row, 'session'),
    csrfToken: row.csrfToken,
    mustChangePassword: row.mustChangePassword,
    sessionHash: tokenHash,
    renewed,
  } satisfies RequestAuth;
}

export async function resolveApiToken({ db, token }: { db: Db; token: string }): Promise<RequestAuth | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await repo.findApiToken(db, sha256(token));
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await repo.touchApiToken(db, row.orgId, row.tokenId);
  }
  // A temporary password does not block integrations: the token was made by a user who chose theirs.
  return {
    actor: await actorFor(db, row, 'token'),
    csrfToken: null,
    mustChangePassword: false,
    sessionHash: null,
  };
}

export interface LoginInput {
  email: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

export async function login({ db, config, input }: { db: Db; config: Config; input: LoginInput }) {
  const user = await repo.findUserByEmail(db, input.email.trim());
  if (user?.status !== 'active') {
    await burnPasswordCheck(input.password);
    throw new Unauthenticated('Email or password is incorrect');
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    throw lockedError(user.lockedUntil);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const after = await repo.recordFailedLogin(
      db,
      user.orgId,
      user.id,
      config.loginMaxAttempts,
      config.lockoutMinutes,
    );
    if (after?.lockedUntil && after.lockedUntil.getTime() > Date.now()) {
      await recordAudit(
        db,
        { ...anonymousActor(user.orgId, input.ip), name: user.name },
        {
          action: 'auth.lockout',
          entityType: 'user',
          entityId: user.id,
          after: { failedLogins: after.failedLogins, lockedUntil: after.lockedUntil },
        },
      );
      throw lockedError(after.lockedUntil);
    }
    throw new Unauthenticated('Email or password is incorrect');
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db.transaction(async (tx) => {
    await repo.recordSuccessfulLogin(tx, user.orgId, user.id);
    await repo.insertSession(tx, {
      tokenHash: sha256(token),
      orgId: user.orgId,
      userId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + config.sessionTtlHours * 3_600_000),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
  });
  return { token, csrfToken, userId: user.id, orgId: user.orgId };
}

function lockedError(until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    'ACCOUNT_LOCKED',
    `Too many failed attempts: this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}. An administrator can unlock it by resetting the password.`,
    { retryAfterSeconds: seconds },
  );
}

function anonymousActor(orgId: string, ip?: string): Actor {
  return { userId: '', orgId, name: 'anonymous', role: 'viewer', ledTeamIds: new Set(), via: 'system', ip };
}

/** Sessions past their expiry can never be used again; the server deletes them hourly. */
export async function purgeExpiredSessions({ db }: { db: Db }): Promise<number> {
  return repo.deleteExpiredSessions(db);
}

export async function logout({ db, auth }: { db: Db; auth: RequestAuth }) {
  if (auth.sessionHash) await repo.deleteSession(db, auth.sessionHash);
}

export async function changePassword({
  db,
  auth,
  input,
}: {
  db: Db;
  auth: RequestAuth;
  input: { currentPassword: string; newPassword: string };
}) {
  const { actor } = auth;
  const user = await findUserById(db, actor.orgId, actor.userId);
  if (!user) throw new NotFound('user');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw Invalid.field('body.currentPassword', 'is not your current password');
  }
  assertPasswordAcceptable(input.newPassword, user.email, 'body.newPassword');
  if (input.newPassword === input.currentPassword) {
    throw Invalid.field('body.newPassword', 'must differ from the current password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updatePassword(tx, actor.orgId, actor.userId, passwordHash, false);
    // Other devices must log in again with the new password; this one stays.
    await repo.deleteUserSessions(tx, actor.orgId, actor.userId, auth.sessionHash ?? undefined);
    await recordAudit(tx, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: actor.userId,
    });
  });
}

export function assertPasswordAcceptable(password: string, email: string, path: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw Invalid.field(path, `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    throw Invalid.field(path, 'must not contain your email address');
  }
}

export async function listTokens({ db, actor }: { db: Db; actor: Actor }) {
  return repo.listApiTokens(db, actor.orgId, actor.userId);
}

export async function createToken({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { name: string; expiresInDays?: number };
}) {
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  return db.transaction(async (tx) => {
    const created = await repo.insertApiToken(tx, {
      orgId: actor.orgId,
      userId: actor.userId,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: created.id,
      after: { name: created.name, prefix: created.prefix, expiresAt: created.expiresAt },
    });
    return { ...created, token };
  });
}

export async function revokeToken({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  return db.transaction(async (tx) => {
    const revoked = await repo.revokeApiToken(tx, actor.orgId, actor.userId, id);
    if (!revoked) throw new NotFound('API token');
    await recordAudit(tx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: id });
    return revoked;
  });
}

/** The signed-in person, their organisation, and what the navigation should offer them. */
export async function getMe({
  db,
  orgId,
  userId,
  csrfToken,
  mustChangePassword,
}: {
  db: Db;
  orgId: string;
  userId: string;
  csrfToken: string | null;
  mustChangePassword?: boolean;
}) {
  const user = await findUserById(db, orgId, userId);
  const org = await findOrganisation(db, orgId);
  if (!user || !org) throw new NotFound('user');
  const actor = await actorFor(db, { orgId, userId, name: user.name, role: user.role }, 'session');
  const subject = { orgId };
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role, title: user.title },
    organisation: { id: org.id, name: org.name },
    csrfToken,
    mustChangePassword: mustChangePassword ?? user.mustChangePassword,
    ledTeamIds: [...actor.ledTeamIds],
    abilities: {
      manageUsers: userPolicy.can(actor, 'create', subject),
      manageTeams: teamPolicy.can(actor, 'create', subject),
      readAudit: auditPolicy.can(actor, 'read', subject),
      manageOrganisation: organisationPolicy.can(actor, 'update', subject),
    },
  };
}
