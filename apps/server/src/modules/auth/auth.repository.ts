import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { apiTokens, sessions, teams, users } from '../../db/schema/index.ts';
import { type Executor, queryRows } from '../../platform/db.ts';

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row;
}

const lockExpired = sql`(${users.lockedUntil} is not null and ${users.lockedUntil} <= now())`;

export async function recordFailedLogin(
  db: Executor,
  orgId: string,
  userId: string,
  maxAttempts: number,
  lockMinutes: number,
) {
  const [row] = await db
    .update(users)
    // A lock that has run out starts a fresh count: one more mistake must not lock again at once.
    .set({
      failedLogins: sql`case when ${lockExpired} then 1 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case
        when (case when ${lockExpired} then 1 else ${users.failedLogins} + 1 end) >= ${maxAttempts}
          then now() + make_interval(mins => ${lockMinutes})
        when ${lockExpired} then null
        else ${users.lockedUntil} end`,
    })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return row;
}

export async function recordSuccessfulLogin(db: Executor, orgId: string, userId: string) {
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
}

export async function insertSession(db: Executor, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

const sessionUser = {
  orgId: users.orgId,
  userId: users.id,
  name: users.name,
  role: users.role,
  mustChangePassword: users.mustChangePassword,
};

/** A live session of an active user. */
export async function findSession(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ ...sessionUser, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
    .where(
      and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), eq(users.status, 'active')),
    )
    .limit(1);
  return row;
}

export async function touchSession(db: Executor, tokenHash: string, expiresAt: Date) {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()`, expiresAt })
    .where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user, except optionally the one in use. */
export async function deleteUserSessions(
  db: Executor,
  orgId: string,
  userId: string,
  keepTokenHash?: string,
) {
  const where = [eq(sessions.orgId, orgId), eq(sessions.userId, userId)];
  if (keepTokenHash) where.push(sql`${sessions.tokenHash} <> ${keepTokenHash}`);
  await db.delete(sessions).where(and(...where));
}

export async function deleteExpiredSessions(db: Executor): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(sql`${sessions.expiresAt} <= now()`)
    .returning({ tokenHash: sessions.tokenHash });
  return deleted.length;
}

export async function findApiToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ ...sessionUser, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
        eq(users.status, 'active'),
      ),
    )
    .limit(1);
  return row;
}

export async function touchApiToken(db: Executor, orgId: string, id: string) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id)));
}

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export async function listApiTokens(db: Executor, orgId: string, userId: string) {
  return db
    .select(tokenColumns)
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId)))
    .orderBy(apiTokens.createdAt)
    .limit(200);
}

export async function insertApiToken(db: Executor, row: typeof apiTokens.$inferInsert) {
  const [created] = await db.insert(apiTokens).values(row).returning(tokenColumns);
  return created!;
}

export async function revokeApiToken(db: Executor, orgId: string, userId: string, id: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.orgId, orgId),
        eq(apiTokens.userId, userId),
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning(tokenColumns);
  return row;
}

export async function revokeUserApiTokens(db: Executor, orgId: string, userId: string) {
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/** The teams a person leads and every team below them, which is a leader's scope. */
export async function findLedTeamIds(db: Executor, orgId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive tree as (
      select id from ${teams} where org_id = ${orgId} and leader_id = ${userId} and archived_at is null
      union
      select t.id from ${teams} t join tree on t.parent_id = tree.id
      where t.org_id = ${orgId} and t.archived_at is null
    )
    select id from tree`,
  );
  return rows.map((r) => r.id);
}
