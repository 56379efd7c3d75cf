/**
 * SQL for objectives, targets, their versions and redistributions. Every statement is scoped to one
 * organisation; reads of targets also carry the caller's visibility (`visibleTargets`), so a target
 * the caller may not read is simply not found and lists never filter in memory.
 */
import { and, asc, count, desc, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  objectives,
  redistributions,
  targets,
  targetVersions,
  teamMemberships,
  teams,
  users,
} from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { arrayLiteral } from '../../platform/bulk.ts';
import { type Executor, queryRows } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';

// ---------------------------------------------------------------------------------------------
// Objectives

const objectiveOwner = alias(users, 'objective_owner');

function selectObjectives(db: Executor, orgId: string) {
  const linked = db
    .select({ objectiveId: targets.objectiveId, n: count().as('n') })
    .from(targets)
    .where(eq(targets.orgId, orgId))
    .groupBy(targets.objectiveId)
    .as('linked');
  return db
    .select({
      id: objectives.id,
      title: objectives.title,
      description: objectives.description,
      ownerId: objectives.ownerId,
      ownerName: objectiveOwner.name,
      startDate: objectives.startDate,
      endDate: objectives.endDate,
      status: objectives.status,
      targets: sql<number>`coalesce(${linked.n}, 0)::int`,
      version: objectives.version,
      createdAt: objectives.createdAt,
      updatedAt: objectives.updatedAt,
    })
    .from(objectives)
    .innerJoin(
      objectiveOwner,
      and(eq(objectiveOwner.orgId, objectives.orgId), eq(objectiveOwner.id, objectives.ownerId)),
    )
    .leftJoin(linked, eq(linked.objectiveId, objectives.id));
}

export type ObjectiveRow = Awaited<ReturnType<typeof findObjective>> & {};

export async function findObjective(db: Executor, orgId: string, id: string) {
  const [row] = await selectObjectives(db, orgId).where(
    and(eq(objectives.orgId, orgId), eq(objectives.id, id)),
  );
  return row;
}

export interface ObjectiveFilter {
  status?: 'active' | 'achieved' | 'dropped';
  activeOn?: string;
  after?: CursorValue[];
  limit: number;
}

/** Newest-ending first; keyset on (end date, id). */
export async function listObjectives(db: Executor, orgId: string, f: ObjectiveFilter) {
  const where: (SQL | undefined)[] = [eq(objectives.orgId, orgId)];
  if (f.status) where.push(eq(objectives.status, f.status));
  if (f.activeOn) {
    where.push(
      sql`${objectives.startDate} <= ${f.activeOn}::date and ${objectives.endDate} >= ${f.activeOn}::date`,
    );
  }
  if (f.after) {
    where.push(sql`(${objectives.endDate}, ${objectives.id}) < (${f.after[0]}::date, ${f.after[1]}::uuid)`);
  }
  return selectObjectives(db, orgId)
    .where(and(...where))
    .orderBy(desc(objectives.endDate), desc(objectives.id))
    .limit(f.limit + 1);
}

export async function insertObjective(db: Executor, row: typeof objectives.$inferInsert) {
  const [created] = await db.insert(objectives).values(row).returning({ id: objectives.id });
  return created!;
}

export type ObjectivePatchRow = Partial<
  Pick<
    typeof objectives.$inferInsert,
    'title' | 'description' | 'ownerId' | 'startDate' | 'endDate' | 'status'
  >
>;

export async function updateObjective(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: ObjectivePatchRow,
) {
  const [row] = await db
    .update(objectives)
    .set({ ...patch, version: sql`${objectives.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(objectives.orgId, orgId), eq(objectives.id, id), eq(objectives.version, version)))
    .returning({ id: objectives.id });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Targets

const person = alias(users, 'target_person');
const acknowledger = alias(users, 'target_acknowledger');

/**
 * The targets the actor may read, as SQL (the `read` rule of targets.policy.ts): admins and
 * directors all; everyone the teams' targets and their own once published (a draft is the setter's
 * work in progress); a leader (not a viewer) also the targets, drafts included, of the teams they
 * lead down the tree and of anyone currently in them.
 */
export function visibleTargets(actor: Actor): SQL | undefined {
  if (actor.role === 'admin' || actor.role === 'director') return undefined;
  const mine = and(
    ne(targets.status, 'draft'),
    or(sql`${targets.teamId} is not null`, eq(targets.personId, actor.userId)),
  );
  const led = actor.role === 'viewer' ? [] : [...actor.ledTeamIds];
  if (led.length === 0) return mine;
  const ledPeople = sql`array(select ${teamMemberships.userId} from ${teamMemberships} where ${and(
    eq(teamMemberships.orgId, actor.orgId),
    isNull(teamMemberships.validTo),
    inArray(teamMemberships.teamId, led),
  )})`;
  return or(
    mine,
    inArray(targets.teamId, led),
    and(sql`${targets.personId} = any(${ledPeople})`, ne(targets.personId, actor.userId)),
  );
}

function selectTargets(db: Executor) {
  return db
    .select({
      orgId: targets.orgId,
      id: targets.id,
      personId: targets.personId,
      teamId: targets.teamId,
      ownerName: sql<string>`coalesce(${person.name}, ${teams.name})`,
      teamLeaderId: teams.leaderId,
      metricId: targets.metricId,
      title: targets.title,
      description: targets.description,
      periodLabel: targets.periodLabel,
      startDate: targets.startDate,
      endDate: targets.endDate,
      checkpoints: targets.checkpoints,
      value: targets.value,
      objectiveId: targets.objectiveId,
      objectiveTitle: objectives.title,
      status: targets.status,
      parentId: targets.parentId,
      allocation: targets.allocation,
      cascade: targets.cascade,
      smart: targets.smart,
      smartOverride: targets.smartOverride,
      publishedAt: targets.publishedAt,
      acknowledgedAt: targets.acknowledgedAt,
      acknowledgedByName: acknowledger.name,
      createdBy: targets.createdBy,
      version: targets.version,
      createdAt: targets.createdAt,
      updatedAt: targets.updatedAt,
    })
    .from(targets)
    .leftJoin(person, and(eq(person.orgId, targets.orgId), eq(person.id, targets.personId)))
    .leftJoin(teams, and(eq(teams.orgId, targets.orgId), eq(teams.id, targets.teamId)))
    .leftJoin(objectives, and(eq(objectives.orgId, targets.orgId), eq(objectives.id, targets.objectiveId)))
    .leftJoin(
      acknowledger,
      and(eq(acknowledger.orgId, targets.orgId), eq(acknowledger.id, targets.acknowledgedBy)),
    );
}

export type TargetRow = NonNullable<Awaited<ReturnType<typeof findTarget>>>;

/** A target the actor may read (or any, for the actor's own organisation, when `actor` is a system one). */
export async function findTarget(db: Executor, actor: Actor, id: string) {
  const [row] = await selectTargets(db).where(
    and(eq(targets.orgId, actor.orgId), eq(targets.id, id), visibleTargets(actor)),
  );
  return row;
}

/** Locks the target's row for the rest of the transaction, so concurrent changes queue. */
export async function lockTarget(db: Executor, orgId: string, id: string) {
  await db.execute(
    sql`select 1 from ${targets} where ${targets.orgId} = ${orgId} and ${targets.id} = ${id} for update`,
  );
}

export interface TargetFilter {
  personId?: string;
  teamId?: string;
  memberOfTeamId?: string;
  parentId?: string;
  objectiveId?: string;
  overlaps?: { start: string; end: string };
  status?: 'draft' | 'published' | 'acknowledged' | 'closed';
  after?: CursorValue[];
  limit: number;
}

/** Latest-ending first, then by id; keyset on (end date, id). */
export async function listTargets(db: Executor, actor: Actor, f: TargetFilter) {
  const where: (SQL | undefined)[] = [eq(targets.orgId, actor.orgId), visibleTargets(actor)];
  if (f.personId) where.push(eq(targets.personId, f.personId));
  if (f.teamId) where.push(eq(targets.teamId, f.teamId));
  if (f.memberOfTeamId) {
    where.push(
      sql`${targets.personId} = any(array(select ${teamMemberships.userId} from ${teamMemberships} where ${and(
        eq(teamMemberships.orgId, actor.orgId),
        eq(teamMemberships.teamId, f.memberOfTeamId),
        isNull(teamMemberships.validTo),
      )}))`,
    );
  }
  if (f.parentId) where.push(eq(targets.parentId, f.parentId));
  if (f.objectiveId) where.push(eq(targets.objectiveId, f.objectiveId));
  if (f.status) where.push(eq(targets.status, f.status));
  if (f.overlaps) {
    where.push(
      sql`${targets.startDate} <= ${f.overlaps.end}::date and ${targets.endDate} >= ${f.overlaps.start}::date`,
    );
  }
  if (f.after) {
    where.push(sql`(${targets.endDate}, ${targets.id}) < (${f.after[0]}::date, ${f.after[1]}::uuid)`);
  }
  return selectTargets(db)
    .where(and(...where))
    .orderBy(desc(targets.endDate), desc(targets.id))
    .limit(f.limit + 1);
}

/** The live (not closed) targets cascaded from a target, whoever may read them. */
export async function listChildren(db: Executor, orgId: string, parentId: string) {
  return selectTargets(db)
    .where(and(eq(targets.orgId, orgId), eq(targets.parentId, parentId), ne(targets.status, 'closed')))
    .orderBy(asc(sql`coalesce(${person.name}, ${teams.name})`));
}

/** The owner's live target for a metric and exact dates, if any. */
export async function findLiveTarget(
  db: Executor,
  orgId: string,
  owner: { personId?: string | null; teamId?: string | null },
  metricId: string,
  start: string,
  end: string,
) {
  const [row] = await selectTargets(db).where(
    and(
      eq(targets.orgId, orgId),
      owner.personId ? eq(targets.personId, owner.personId) : eq(targets.teamId, owner.teamId ?? ''),
      eq(targets.metricId, metricId),
      eq(targets.startDate, start),
      eq(targets.endDate, end),
      ne(targets.status, 'closed'),
    ),
  );
  return row;
}

/**
 * Published or acknowledged targets of a metric for exact dates, per owner: the dashboards pace
 * against them instead of a baseline.
 */
export async function publishedTargetsFor(
  db: Executor,
  orgId: string,
  metricId: string,
  start: string,
  end: string,
  owners: { personIds: readonly string[]; teamIds: readonly string[] },
) {
  const who: SQL[] = [];
  if (owners.personIds.length) who.push(inArray(targets.personId, [...owners.personIds]));
  if (owners.teamIds.length) who.push(inArray(targets.teamId, [...owners.teamIds]));
  if (who.length === 0) return [];
  return db
    .select({
      id: targets.id,
      personId: targets.personId,
      teamId: targets.teamId,
      value: targets.value,
      checkpoints: targets.checkpoints,
      status: targets.status,
    })
    .from(targets)
    .where(
      and(
        eq(targets.orgId, orgId),
        eq(targets.metricId, metricId),
        eq(targets.startDate, start),
        eq(targets.endDate, end),
        inArray(targets.status, ['published', 'acknowledged']),
        or(...who),
      ),
    );
}

export async function insertTarget(db: Executor, row: typeof targets.$inferInsert) {
  const [created] = await db
    .insert(targets)
    .values(row)
    .returning({ id: targets.id, version: targets.version });
  return created!;
}

export type TargetPatchRow = Partial<
  Pick<
    typeof targets.$inferInsert,
    | 'title'
    | 'description'
    | 'periodLabel'
    | 'startDate'
    | 'endDate'
    | 'checkpoints'
    | 'value'
    | 'objectiveId'
    | 'status'
    | 'allocation'
    | 'cascade'
    | 'smart'
    | 'smartOverride'
    | 'publishedAt'
    | 'publishedBy'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'parentId'
  >
>;

/** Applies the patch if the target is still at `version`; the new version, or undefined when stale. */
export async function updateTarget(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: TargetPatchRow,
) {
  const [row] = await db
    .update(targets)
    .set({ ...patch, version: sql`${targets.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(targets.orgId, orgId), eq(targets.id, id), eq(targets.version, version)))
    .returning({ id: targets.id, version: targets.version });
  return row;
}

/** The stored fields of a target, as its versions keep them. */
export async function targetSnapshot(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(targets)
    .where(and(eq(targets.orgId, orgId), eq(targets.id, id)));
  if (!row) return undefined;
  const { orgId: _o, cascade: _c, smart: _s, createdAt: _a, updatedAt: _u, ...rest } = row;
  return rest;
}

export async function insertVersion(db: Executor, row: typeof targetVersions.$inferInsert) {
  await db.insert(targetVersions).values(row);
}

const changer = alias(users, 'changer');

export async function listVersions(db: Executor, orgId: string, targetId: string) {
  return db
    .select({
      version: targetVersions.version,
      change: targetVersions.change,
      reason: targetVersions.reason,
      changedAt: targetVersions.changedAt,
      changedBy: targetVersions.changedBy,
      changedByName: changer.name,
      snapshot: targetVersions.snapshot,
      redistributionId: targetVersions.redistributionId,
    })
    .from(targetVersions)
    .leftJoin(changer, and(eq(changer.orgId, targetVersions.orgId), eq(changer.id, targetVersions.changedBy)))
    .where(and(eq(targetVersions.orgId, orgId), eq(targetVersions.targetId, targetId)))
    .orderBy(desc(targetVersions.version));
}

/** Each target's latest version row (what changed last, who, why). */
export async function lastChanges(db: Executor, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectDistinctOn([targetVersions.targetId], {
      targetId: targetVersions.targetId,
      version: targetVersions.version,
      change: targetVersions.change,
      reason: targetVersions.reason,
      changedAt: targetVersions.changedAt,
      changedByName: changer.name,
    })
    .from(targetVersions)
    .leftJoin(changer, and(eq(changer.orgId, targetVersions.orgId), eq(changer.id, targetVersions.changedBy)))
    .where(and(eq(targetVersions.orgId, orgId), inArray(targetVersions.targetId, [...ids])))
    .orderBy(targetVersions.targetId, desc(targetVersions.version));
}

// ---------------------------------------------------------------------------------------------
// Redistributions

export async function insertRedistribution(db: Executor, row: typeof redistributions.$inferInsert) {
  const [created] = await db.insert(redistributions).values(row).returning({ id: redistributions.id });
  return created!;
}

const applier = alias(users, 'applier');

export async function listRedistributions(db: Executor, orgId: string, targetId: string) {
  return db
    .select({
      id: redistributions.id,
      targetId: redistributions.targetId,
      asOf: redistributions.asOf,
      share: redistributions.share,
      projectionMethod: redistributions.projectionMethod,
      moved: redistributions.moved,
      reason: redistributions.reason,
      lines: redistributions.lines,
      appliedBy: redistributions.appliedBy,
      appliedByName: applier.name,
      appliedAt: redistributions.appliedAt,
    })
    .from(redistributions)
    .leftJoin(
      applier,
      and(eq(applier.orgId, redistributions.orgId), eq(applier.id, redistributions.appliedBy)),
    )
    .where(and(eq(redistributions.orgId, orgId), eq(redistributions.targetId, targetId)))
    .orderBy(desc(redistributions.appliedAt))
    .limit(100);
}

// ---------------------------------------------------------------------------------------------
// Who a cascade reaches

/** A team's direct sub-teams (not archived) and the people directly in it on `day`. */
export async function cascadeRecipients(db: Executor, orgId: string, teamId: string, day: string) {
  const [subTeams, people] = await Promise.all([
    db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.orgId, orgId), eq(teams.parentId, teamId), isNull(teams.archivedAt)))
      .orderBy(asc(teams.name)),
    db
      .select({ id: users.id, name: users.name, fte: users.fte, startDate: users.startDate })
      .from(teamMemberships)
      .innerJoin(users, and(eq(users.orgId, teamMemberships.orgId), eq(users.id, teamMemberships.userId)))
      .where(
        and(
          eq(teamMemberships.orgId, orgId),
          eq(teamMemberships.teamId, teamId),
          sql`${teamMemberships.validFrom} <= ${day}::date`,
          sql`(${teamMemberships.validTo} is null or ${teamMemberships.validTo} >= ${day}::date)`,
          eq(users.status, 'active'),
        ),
      )
      .orderBy(asc(users.name)),
  ]);
  return { subTeams, people };
}

/** The people of a team's whole tree on `day`, with what their capacity is computed from. */
export async function subtreePeople(db: Executor, orgId: string, teamId: string, day: string) {
  return queryRows<{ id: string; name: string; fte: number; startDate: string | null }>(
    db,
    sql`
    with recursive tree as (
      select id from teams where org_id = ${orgId} and id = ${teamId}
      union
      select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = ${orgId}
    )
    select distinct u.id, u.name, u.fte::float8 as fte, u.start_date::text as "startDate"
    from team_memberships m join users u on u.id = m.user_id
    where m.org_id = ${orgId} and u.org_id = ${orgId} and m.team_id in (select id from tree)
      and m.valid_from <= ${day}::date and (m.valid_to is null or m.valid_to >= ${day}::date)
      and u.status = 'active'`,
  );
}

/** Planned leave of these people overlapping a range. */
export async function leaveOf(
  db: Executor,
  orgId: string,
  userIds: readonly string[],
  start: string,
  end: string,
) {
  if (userIds.length === 0) return [];
  return queryRows<{ userId: string; startDate: string; endDate: string }>(
    db,
    sql`
    select user_id as "userId", start_date::text as "startDate", end_date::text as "endDate"
    from planned_leave
    where org_id = ${orgId} and user_id = any(${arrayLiteral(userIds)}::uuid[])
      and start_date <= ${end}::date and end_date >= ${start}::date`,
  );
}

/**
 * Who was in a team's tree when, between two days, with what their capacity is computed from: a
 * team's capacity in a period is its members' over the days each was in it.
 */
export async function teamCapacitySpans(
  db: Executor,
  orgId: string,
  teamId: string,
  from: string,
  to: string,
) {
  return queryRows<{
    userId: string;
    fte: number;
    startDate: string | null;
    validFrom: string;
    validTo: string | null;
  }>(
    db,
    sql`with recursive tree as (
      select id from teams where org_id = ${orgId} and id = ${teamId}
      union
      select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = ${orgId}
    )
    select m.user_id as "userId", u.fte::float8 as fte, u.start_date::text as "startDate",
      m.valid_from::text as "validFrom", m.valid_to::text as "validTo"
    from team_memberships m join users u on u.id = m.user_id
    where m.org_id = ${orgId} and u.org_id = ${orgId} and m.team_id in (select id from tree)
      and m.valid_from <= ${to}::date and (m.valid_to is null or m.valid_to >= ${from}::date)`,
  );
}
