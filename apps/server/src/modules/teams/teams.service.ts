/** The team tree (offices → sales and marketing teams), leaders, and who was in which team when. */
import { addDays, type IsoDate } from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findUser } from '../users/users.repository.ts';
import { teamPolicy } from './teams.policy.ts';
import * as repo from './teams.repository.ts';

type TeamType = 'office' | 'sales' | 'marketing';
const LEADER_ROLES = new Set(['leader', 'director', 'admin']);

function present(actor: Actor, row: repo.TeamRow) {
  const { orgId: _o, ...rest } = row;
  return { ...rest, can: teamPolicy.abilities(actor, { orgId: row.orgId, teamIds: [row.id] }) };
}

async function loadTeam(db: Executor, actor: Actor, id: string, path = 'team') {
  const row = await repo.findTeam(db, actor.orgId, id);
  if (!row) throw new NotFound(path);
  return row;
}

export async function listTeams({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { includeArchived: boolean; limit: number; cursor?: string };
}) {
  teamPolicy.authorize(actor, 'read', { orgId: actor.orgId });
  const cursor = decodeCursor(input.cursor, 2);
  const rows = await repo.listTeams(db, actor.orgId, {
    includeArchived: input.includeArchived,
    limit: input.limit,
    after: cursor ? { name: String(cursor[0]), id: String(cursor[1]) } : undefined,
  });
  const page = toPage(rows, input.limit, (r) => [r.name, r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map((r) => present(actor, r)) };
}

export async function getTeam({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  const row = await loadTeam(db, actor, id);
  teamPolicy.authorize(actor, 'read', { orgId: row.orgId, teamIds: [id] });
  return present(actor, row);
}

async function checkLeader(db: Executor, actor: Actor, leaderId: string | null | undefined, path: string) {
  if (!leaderId) return;
  const leader = await findUser(db, actor.orgId, leaderId);
  if (!leader) throw Invalid.field(path, 'no such person in this organisation');
  if (leader.status !== 'active') throw Invalid.field(path, `${leader.name} is deactivated`);
  if (!LEADER_ROLES.has(leader.role)) {
    throw Invalid.field(path, `${leader.name} has the role ${leader.role}; give them the leader role first`);
  }
}

async function checkParent(db: Executor, actor: Actor, parentId: string | null | undefined, teamId?: string) {
  if (!parentId) return;
  const parent = await repo.findTeam(db, actor.orgId, parentId);
  if (!parent) throw Invalid.field('body.parentId', 'no such team in this organisation');
  if (parent.archivedAt) throw Invalid.field('body.parentId', `${parent.name} is archived`);
  if (teamId && (await repo.findSubtreeIds(db, actor.orgId, teamId)).includes(parentId)) {
    throw Invalid.field('body.parentId', 'a team cannot sit under itself or one of its own sub-teams');
  }
}

export interface CreateTeamInput {
  name: string;
  type: TeamType;
  parentId?: string | null;
  leaderId?: string | null;
}

export async function createTeam({ db, actor, input }: { db: Db; actor: Actor; input: CreateTeamInput }) {
  teamPolicy.authorize(actor, 'create', { orgId: actor.orgId });
  const id = await db.transaction(async (tx) => {
    if (await repo.nameTaken(tx, actor.orgId, input.name))
      throw Invalid.field('body.name', 'another team has this name');
    await checkParent(tx, actor, input.parentId);
    await checkLeader(tx, actor, input.leaderId, 'body.leaderId');
    const { id } = await repo.insertTeam(tx, {
      orgId: actor.orgId,
      name: input.name,
      type: input.type,
      parentId: input.parentId ?? null,
      leaderId: input.leaderId ?? null,
    });
    const created = await repo.findTeam(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: 'team.create',
      entityType: 'team',
      entityId: id,
      after: auditView(created),
    });
    return id;
  });
  return getTeam({ db, actor, id });
}

export interface UpdateTeamInput {
  version: number;
  name?: string;
  type?: TeamType;
  parentId?: string | null;
  leaderId?: string | null;
}

export async function updateTeam({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: UpdateTeamInput;
}) {
  await db.transaction(async (tx) => {
    const before = await loadTeam(tx, actor, id);
    teamPolicy.authorize(actor, 'update', { orgId: before.orgId, teamIds: [id] });
    if (before.archivedAt) throw new Conflict('This team is archived');
    if (input.name !== undefined && (await repo.nameTaken(tx, actor.orgId, input.name, id))) {
      throw Invalid.field('body.name', 'another team has this name');
    }
    if (input.parentId !== undefined) await checkParent(tx, actor, input.parentId, id);
    if (input.leaderId !== undefined) await checkLeader(tx, actor, input.leaderId, 'body.leaderId');
    if (input.type === 'office' && before.type !== 'office' && before.memberCount > 0) {
      throw Invalid.field(
        'body.type',
        'an office groups teams and has no members; move the members out first',
      );
    }
    const updated = await repo.updateTeam(tx, actor.orgId, id, input.version, {
      name: input.name,
      type: input.type,
      parentId: input.parentId,
      leaderId: input.leaderId,
    });
    if (!updated) throw new VersionConflict('team', before.version);
    const after = await repo.findTeam(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: 'team.update',
      entityType: 'team',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
  });
  return getTeam({ db, actor, id });
}

export async function archiveTeam({
  db,
  actor,
  id,
  version,
}: {
  db: Db;
  actor: Actor;
  id: string;
  version: number;
}) {
  await db.transaction(async (tx) => {
    const before = await loadTeam(tx, actor, id);
    teamPolicy.authorize(actor, 'archive', { orgId: before.orgId, teamIds: [id] });
    if (before.archivedAt) throw new Conflict('This team is already archived');
    if (before.memberCount > 0)
      throw new Conflict(`${before.name} still has ${before.memberCount} member(s); move them first`);
    if ((await repo.countActiveChildren(tx, actor.orgId, id)) > 0) {
      throw new Conflict(`${before.name} still has teams under it; move or archive them first`);
    }
    const updated = await repo.updateTeam(tx, actor.orgId, id, version, { archivedAt: new Date() });
    if (!updated) throw new VersionConflict('team', before.version);
    await recordAudit(tx, actor, {
      action: 'team.archive',
      entityType: 'team',
      entityId: id,
      before: auditView(before),
    });
  });
  return getTeam({ db, actor, id });
}

/**
 * Puts a person in a team from a date. If they are in another team, that membership ends the day
 * before, so their history stays with the team they earned it in. Used by the API and by user creation.
 */
export async function addMembership(
  tx: Executor,
  actor: Actor,
  input: { teamId: string; userId: string; from: IsoDate; path?: string },
) {
  const path = input.path ?? 'body.teamId';
  const team = await repo.findTeam(tx, actor.orgId, input.teamId);
  if (!team)
    throw input.path ? Invalid.field(path, 'no such team in this organisation') : new NotFound('team');
  teamPolicy.authorize(actor, 'manage_members', { orgId: team.orgId, teamIds: [team.id] });
  if (team.archivedAt) throw Invalid.field(path, `${team.name} is archived`);
  if (team.type === 'office') {
    throw Invalid.field(
      path,
      `${team.name} is an office, which groups teams; add people to a sales or marketing team`,
    );
  }
  const user = await findUser(tx, actor.orgId, input.userId);
  if (!user) throw Invalid.field('body.userId', 'no such person in this organisation');
  if (user.status !== 'active') throw Invalid.field('body.userId', `${user.name} is deactivated`);

  const current = await repo.currentMembership(tx, actor.orgId, input.userId);
  if (current) {
    if (current.teamId === input.teamId) throw new Conflict(`${user.name} is already in ${team.name}`);
    // Moving someone out of a team is managing that team's members too.
    teamPolicy.authorize(actor, 'manage_members', { orgId: actor.orgId, teamIds: [current.teamId] });
    if (input.from < current.validFrom) {
      throw Invalid.field(
        'body.from',
        `must be on or after ${current.validFrom}, when ${user.name} joined their current team`,
      );
    }
    if (input.from === current.validFrom) {
      // Same day: a correction of where they started, not a move.
      await repo.setMembershipTeam(tx, actor.orgId, current.id, input.teamId);
    } else {
      await repo.setMembershipEnd(tx, actor.orgId, current.id, addDays(input.from, -1));
      await repo.insertMembership(tx, {
        orgId: actor.orgId,
        teamId: input.teamId,
        userId: input.userId,
        validFrom: input.from,
      });
    }
  } else {
    // Memberships never overlap: someone who left a team can rejoin only after their last day.
    const lastDay = await repo.lastMembershipEnd(tx, actor.orgId, input.userId);
    if (lastDay && input.from <= lastDay) {
      throw Invalid.field(
        input.path ? 'body.startDate' : 'body.from',
        `must be after ${lastDay}, the last day of ${user.name}’s previous team membership`,
      );
    }
    await repo.insertMembership(tx, {
      orgId: actor.orgId,
      teamId: input.teamId,
      userId: input.userId,
      validFrom: input.from,
    });
  }
  await recordAudit(tx, actor, {
    action: current ? 'team.member_move' : 'team.member_add',
    entityType: 'team',
    entityId: input.teamId,
    before: current ? { userId: input.userId, teamId: current.teamId, validFrom: current.validFrom } : null,
    after: { userId: input.userId, userName: user.name, teamId: input.teamId, validFrom: input.from },
  });
}

/**
 * Someone leaves (their account is deactivated): their current membership ends on `lastDay` and they
 * stop leading any team. Their history stays. Returns what changed, for the caller's audit entry.
 */
export async function endTeamTies(tx: Executor, orgId: string, userId: string, lastDay: IsoDate) {
  const current = await repo.currentMembership(tx, orgId, userId);
  let endedMembership: { teamId: string; validFrom: string; validTo: string | null } | null = null;
  if (current) {
    if (lastDay < current.validFrom) {
      // It had not started yet: it never happened, so it goes rather than ending before it began.
      await repo.deleteMembership(tx, orgId, current.id);
      endedMembership = { teamId: current.teamId, validFrom: current.validFrom, validTo: null };
    } else {
      await repo.setMembershipEnd(tx, orgId, current.id, lastDay);
      endedMembership = { teamId: current.teamId, validFrom: current.validFrom, validTo: lastDay };
    }
  }
  // A membership already ended for a move that now will not happen ends today too.
  await repo.capMembershipEnds(tx, orgId, userId, lastDay);
  const noLongerLeads = await repo.clearLeaderships(tx, orgId, userId);
  return { endedMembership, noLongerLeads };
}

export async function addMember({
  db,
  actor,
  teamId,
  input,
}: {
  db: Db;
  actor: Actor;
  teamId: string;
  input: { userId: string; from: IsoDate };
}) {
  await db.transaction((tx) =>
    addMembership(tx, actor, { teamId, userId: input.userId, from: input.from, path: undefined }),
  );
  return listMembers({ db, actor, teamId, includePast: false });
}

export async function removeMember({
  db,
  actor,
  teamId,
  userId,
  to,
}: {
  db: Db;
  actor: Actor;
  teamId: string;
  userId: string;
  to: IsoDate;
}) {
  await db.transaction(async (tx) => {
    const team = await loadTeam(tx, actor, teamId);
    teamPolicy.authorize(actor, 'manage_members', { orgId: team.orgId, teamIds: [teamId] });
    const current = await repo.currentMembership(tx, actor.orgId, userId);
    if (!current || current.teamId !== teamId) throw new NotFound('membership');
    if (to < current.validFrom)
      throw Invalid.field('query.to', `must be on or after ${current.validFrom}, when they joined`);
    await repo.setMembershipEnd(tx, actor.orgId, current.id, to);
    await recordAudit(tx, actor, {
      action: 'team.member_remove',
      entityType: 'team',
      entityId: teamId,
      before: { userId, validFrom: current.validFrom },
      after: { userId, validTo: to },
    });
  });
}

export async function listMembers({
  db,
  actor,
  teamId,
  includePast,
}: {
  db: Db;
  actor: Actor;
  teamId: string;
  includePast: boolean;
}) {
  const team = await loadTeam(db, actor, teamId);
  teamPolicy.authorize(actor, 'read', { orgId: team.orgId, teamIds: [teamId] });
  const rows = await repo.listTeamMembers(db, actor.orgId, teamId, includePast);
  // Capacity is personal: leaders of this team (or above), directors and admins see it, and each person their own.
  const seesCapacity = teamPolicy.can(actor, 'manage_members', { orgId: team.orgId, teamIds: [teamId] });
  return rows.map((r) => ({
    ...r,
    fte: seesCapacity || r.userId === actor.userId ? r.fte : null,
    startDate: seesCapacity || r.userId === actor.userId ? r.startDate : null,
  }));
}

function auditView(row: repo.TeamRow | undefined) {
  if (!row) return null;
  return {
    name: row.name,
    type: row.type,
    parentId: row.parentId,
    leaderId: row.leaderId,
    leaderName: row.leaderName,
  };
}
