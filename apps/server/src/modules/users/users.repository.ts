import { and, asc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { plannedLeave, teamMemberships, teams, users } from '../../db/schema/index.ts';
import type { Role } from '../../platform/actor.ts';
import { type Executor, queryRows } from '../../platform/db.ts';

/** Columns safe to return: never the password hash. */
export const userColumns = {
  id: users.id,
  orgId: users.orgId,
  email: users.email,
  name: users.name,
  externalId: users.externalId,
  title: users.title,
  role: users.role,
  status: users.status,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  fte: users.fte,
  startDate: users.startDate,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

const currentTeam = {
  teamId: teamMemberships.teamId,
  teamName: teams.name,
};

function withCurrentTeam(db: Executor) {
  return db
    .select({ ...userColumns, ...currentTeam })
    .from(users)
    .leftJoin(
      teamMemberships,
      and(
        eq(teamMemberships.orgId, users.orgId),
        eq(teamMemberships.userId, users.id),
        isNull(teamMemberships.validTo),
      ),
    )
    .leftJoin(teams, and(eq(teams.orgId, teamMemberships.orgId), eq(teams.id, teamMemberships.teamId)));
}

export type UserRow = Awaited<ReturnType<typeof findUser>>;

export async function findUser(db: Executor, orgId: string, id: string) {
  const [row] = await withCurrentTeam(db)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)))
    .limit(1);
  return row;
}

/** With the password hash, for the auth service only. */
export async function findUserById(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id)))
    .limit(1);
  return row;
}

export interface UserFilter {
  search?: string;
  role?: Role;
  status?: 'active' | 'deactivated';
  teamId?: string;
  after?: { name: string; id: string };
  limit: number;
}

export async function listUsers(db: Executor, orgId: string, f: UserFilter) {
  const where: (SQL | undefined)[] = [eq(users.orgId, orgId)];
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(users.title, pattern)));
  }
  if (f.role) where.push(eq(users.role, f.role));
  if (f.status) where.push(eq(users.status, f.status));
  if (f.teamId) where.push(eq(teamMemberships.teamId, f.teamId));
  if (f.after) {
    where.push(or(gt(users.name, f.after.name), and(eq(users.name, f.after.name), gt(users.id, f.after.id))));
  }
  return withCurrentTeam(db)
    .where(and(...where))
    .orderBy(asc(users.name), asc(users.id))
    .limit(f.limit + 1);
}

export async function insertUser(db: Executor, row: typeof users.$inferInsert) {
  const [created] = await db.insert(users).values(row).returning({ id: users.id });
  return created!;
}

export async function emailTaken(db: Executor, email: string, exceptUserId?: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), exceptUserId ? sql`${users.id} <> ${exceptUserId}` : undefined))
    .limit(1);
  return !!row;
}

export type UserPatch = Partial<
  Pick<typeof users.$inferInsert, 'name' | 'email' | 'title' | 'role' | 'status' | 'fte' | 'startDate'>
>;

/** Optimistic update: returns undefined when the version no longer matches (or the user is not there). */
export async function updateUser(db: Executor, orgId: string, id: string, version: number, patch: UserPatch) {
  const [row] = await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.orgId, orgId), eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return row;
}

export async function updatePassword(
  db: Executor,
  orgId: string,
  id: string,
  passwordHash: string,
  mustChange: boolean,
) {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      failedLogins: 0,
      lockedUntil: null,
      version: sql`${users.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(users.orgId, orgId), eq(users.id, id)));
}

export async function countActiveAdmins(db: Executor, orgId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.status, 'active')));
  return row?.n ?? 0;
}

/** The person's current team and every team above it: the teams whose leaders may see them. */
export async function findTeamPathOfUser(db: Executor, orgId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive up as (
      select t.id, t.parent_id from ${teams} t
      join ${teamMemberships} m on m.org_id = t.org_id and m.team_id = t.id
      where m.org_id = ${orgId} and m.user_id = ${userId} and m.valid_to is null
      union
      select p.id, p.parent_id from ${teams} p join up on p.id = up.parent_id where p.org_id = ${orgId}
    )
    select id from up`,
  );
  return rows.map((r) => r.id);
}

export async function listLeave(db: Executor, orgId: string, userId: string) {
  return db
    .select()
    .from(plannedLeave)
    .where(and(eq(plannedLeave.orgId, orgId), eq(plannedLeave.userId, userId)))
    .orderBy(asc(plannedLeave.startDate))
    .limit(500);
}

export async function insertLeave(db: Executor, row: typeof plannedLeave.$inferInsert) {
  const [created] = await db.insert(plannedLeave).values(row).returning();
  return created!;
}

export async function deleteLeave(db: Executor, orgId: string, userId: string, id: string) {
  const [row] = await db
    .delete(plannedLeave)
    .where(and(eq(plannedLeave.orgId, orgId), eq(plannedLeave.userId, userId), eq(plannedLeave.id, id)))
    .returning();
  return row;
}

export async function listMembershipsOfUser(db: Executor, orgId: string, userId: string) {
  return db
    .select({
      id: teamMemberships.id,
      teamId: teamMemberships.teamId,
      teamName: teams.name,
      validFrom: teamMemberships.validFrom,
      validTo: teamMemberships.validTo,
    })
    .from(teamMemberships)
    .innerJoin(teams, and(eq(teams.orgId, teamMemberships.orgId), eq(teams.id, teamMemberships.teamId)))
    .where(and(eq(teamMemberships.orgId, orgId), eq(teamMemberships.userId, userId)))
    .orderBy(asc(teamMemberships.validFrom))
    .limit(500);
}
