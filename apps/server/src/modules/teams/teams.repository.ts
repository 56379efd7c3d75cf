import { and, asc, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { teamMemberships, teams, users } from '../../db/schema/index.ts';
import { type Executor, queryRows } from '../../platform/db.ts';

const leader = alias(users, 'leader');

const memberCount = sql<number>`(select count(*)::int from ${teamMemberships} m
  where m.org_id = ${teams.orgId} and m.team_id = ${teams.id} and m.valid_to is null)`;

const teamColumns = {
  id: teams.id,
  orgId: teams.orgId,
  name: teams.name,
  type: teams.type,
  parentId: teams.parentId,
  leaderId: teams.leaderId,
  leaderName: leader.name,
  memberCount,
  archivedAt: teams.archivedAt,
  version: teams.version,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
};

function selectTeams(db: Executor) {
  return db
    .select(teamColumns)
    .from(teams)
    .leftJoin(leader, and(eq(leader.orgId, teams.orgId), eq(leader.id, teams.leaderId)));
}

export type TeamRow = NonNullable<Awaited<ReturnType<typeof findTeam>>>;

export async function findTeam(db: Executor, orgId: string, id: string) {
  const [row] = await selectTeams(db)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, id)))
    .limit(1);
  return row;
}

export async function listTeams(
  db: Executor,
  orgId: string,
  f: { includeArchived: boolean; after?: { name: string; id: string }; limit: number },
) {
  const where: (SQL | undefined)[] = [eq(teams.orgId, orgId)];
  if (!f.includeArchived) where.push(isNull(teams.archivedAt));
  if (f.after)
    where.push(or(gt(teams.name, f.after.name), and(eq(teams.name, f.after.name), gt(teams.id, f.after.id))));
  return selectTeams(db)
    .where(and(...where))
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(f.limit + 1);
}

export async function insertTeam(db: Executor, row: typeof teams.$inferInsert) {
  const [created] = await db.insert(teams).values(row).returning({ id: teams.id });
  return created!;
}

export async function updateTeam(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: Partial<Pick<typeof teams.$inferInsert, 'name' | 'type' | 'parentId' | 'leaderId' | 'archivedAt'>>,
) {
  const [row] = await db
    .update(teams)
    .set({ ...patch, version: sql`${teams.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(teams.orgId, orgId), eq(teams.id, id), eq(teams.version, version)))
    .returning({ id: teams.id });
  return row;
}

export async function nameTaken(db: Executor, orgId: string, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      and(
        eq(teams.orgId, orgId),
        sql`lower(${teams.name}) = lower(${name})`,
        isNull(teams.archivedAt),
        exceptId ? sql`${teams.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return !!row;
}

/** The team and all teams below it. */
export async function findSubtreeIds(db: Executor, orgId: string, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive tree as (
      select id from ${teams} where org_id = ${orgId} and id = ${id}
      union
      select t.id from ${teams} t join tree on t.parent_id = tree.id where t.org_id = ${orgId}
    )
    select id from tree`,
  );
  return rows.map((r) => r.id);
}

export async function countActiveChildren(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.parentId, id), isNull(teams.archivedAt)));
  return row?.n ?? 0;
}

export async function currentMembership(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(teamMemberships)
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        eq(teamMemberships.userId, userId),
        isNull(teamMemberships.validTo),
      ),
    )
    .limit(1);
  return row;
}

/** The last day of the person's latest ended membership, if any: a new one must start after it. */
export async function lastMembershipEnd(db: Executor, orgId: string, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ validTo: sql<string | null>`max(${teamMemberships.validTo})` })
    .from(teamMemberships)
    .where(and(eq(teamMemberships.orgId, orgId), eq(teamMemberships.userId, userId)));
  return row?.validTo ?? null;
}

/** A leader who leaves stops leading: their teams show "no leader" until someone is named. */
export async function clearLeaderships(db: Executor, orgId: string, userId: string) {
  return db
    .update(teams)
    .set({ leaderId: null, version: sql`${teams.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(teams.orgId, orgId), eq(teams.leaderId, userId)))
    .returning({ id: teams.id, name: teams.name });
}

export async function insertMembership(db: Executor, row: typeof teamMemberships.$inferInsert) {
  const [created] = await db.insert(teamMemberships).values(row).returning();
  return created!;
}

export async function setMembershipEnd(db: Executor, orgId: string, id: string, validTo: string) {
  await db
    .update(teamMemberships)
    .set({ validTo })
    .where(and(eq(teamMemberships.orgId, orgId), eq(teamMemberships.id, id)));
}

export async function capMembershipEnds(db: Executor, orgId: string, userId: string, lastDay: string) {
  await db
    .update(teamMemberships)
    .set({ validTo: lastDay })
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        eq(teamMemberships.userId, userId),
        sql`${teamMemberships.validTo} > ${lastDay}::date`,
        sql`${teamMemberships.validFrom} <= ${lastDay}::date`,
      ),
    );
}

export async function deleteMembership(db: Executor, orgId: string, id: string) {
  await db.delete(teamMemberships).where(and(eq(teamMemberships.orgId, orgId), eq(teamMemberships.id, id)));
}

export async function setMembershipTeam(db: Executor, orgId: string, id: string, teamId: string) {
  await db
    .update(teamMemberships)
    .set({ teamId })
    .where(and(eq(teamMemberships.orgId, orgId), eq(teamMemberships.id, id)));
}

export async function listTeamMembers(db: Executor, orgId: string, teamId: string, includePast: boolean) {
  const where: SQL[] = [eq(teamMemberships.orgId, orgId), eq(teamMemberships.teamId, teamId)];
  if (!includePast) where.push(isNull(teamMemberships.validTo));
  return db
    .select({
      membershipId: teamMemberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      title: users.title,
      role: users.role,
      status: users.status,
      fte: users.fte,
      startDate: users.startDate,
      validFrom: teamMemberships.validFrom,
      validTo: teamMemberships.validTo,
    })
    .from(teamMemberships)
    .innerJoin(users, and(eq(users.orgId, teamMemberships.orgId), eq(users.id, teamMemberships.userId)))
    .where(and(...where))
    .orderBy(sql`${teamMemberships.validTo} is not null`, asc(users.name), asc(teamMemberships.validFrom))
    .limit(1000);
}
