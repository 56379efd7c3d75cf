/** People: the directory, accounts and roles, and the capacity that targets are cascaded by. */
import { computeCapacity, type IsoDate } from '@pacesetter/core';
import type { Actor, Role } from '../../platform/actor.ts';
import { hashPassword, temporaryPassword } from '../../platform/crypto.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { deleteUserSessions, revokeUserApiTokens } from '../auth/auth.repository.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { addMembership, endTeamTies } from '../teams/teams.service.ts';
import { userPolicy } from './users.policy.ts';
import * as repo from './users.repository.ts';

type Row = NonNullable<repo.UserRow>;

export async function subjectOfUser(db: Executor, orgId: string, userId: string): Promise<Subject> {
  return { orgId, userId, teamIds: await repo.findTeamPathOfUser(db, orgId, userId) };
}

/** What a caller may see of a person: capacity only with `read_capacity`. */
function present(actor: Actor, row: Row, subject: Subject) {
  const can = userPolicy.abilities(actor, subject);
  const { orgId: _org, ...rest } = row;
  return {
    ...rest,
    fte: can.read_capacity ? row.fte : null,
    startDate: can.read_capacity ? row.startDate : null,
    lockedUntil: actor.role === 'admin' ? row.lockedUntil : null,
    can,
  };
}

export interface ListPeopleInput {
  search?: string;
  role?: Role;
  status?: 'active' | 'deactivated';
  teamId?: string;
  limit: number;
  cursor?: string;
}

export async function listPeople({ db, actor, input }: { db: Db; actor: Actor; input: ListPeopleInput }) {
  userPolicy.authorize(actor, 'read', { orgId: actor.orgId });
  const cursor = decodeCursor(input.cursor, 2);
  const rows = await repo.listUsers(db, actor.orgId, {
    ...input,
    after: cursor ? { name: String(cursor[0]), id: String(cursor[1]) } : undefined,
  });
  const page = toPage(rows, input.limit, (r) => [r.name, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ orgId: _o, fte: _f, startDate: _s, lockedUntil, ...r }) => ({
      ...r,
      lockedUntil: actor.role === 'admin' ? lockedUntil : null,
    })),
  };
}

async function loadVisible(db: Executor, actor: Actor, id: string) {
  const row = await repo.findUser(db, actor.orgId, id);
  if (!row) throw new NotFound('user');
  return { row, subject: await subjectOfUser(db, actor.orgId, id) };
}

export async function getPerson({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  const { row, subject } = await loadVisible(db, actor, id);
  userPolicy.authorize(actor, 'read', subject);
  return present(actor, row, subject);
}

export interface CreateUserInput {
  name: string;
  email: string;
  role: Role;
  title?: string | null;
  teamId?: string | null;
  fte?: number;
  startDate?: IsoDate | null;
  /** Leave out to have one generated. */
  password?: string;
}

/**
 * Creates an account with a temporary password, shown once to the admin to hand over; the new
 * user must choose their own at first login.
 */
export async function createUser({ db, actor, input }: { db: Db; actor: Actor; input: CreateUserInput }) {
  userPolicy.authorize(actor, 'create', { orgId: actor.orgId });
  const email = input.email.trim().toLowerCase();
  if (input.password !== undefined) assertPasswordAcceptable(input.password, email, 'password');
  const password = input.password ?? temporaryPassword();
  const passwordHash = await hashPassword(password);
  const id = await db.transaction(async (tx) => {
    if (await repo.emailTaken(tx, email))
      throw Invalid.field('body.email', 'is already used by another account');
    const { id } = await repo.insertUser(tx, {
      orgId: actor.orgId,
      email,
      name: input.name.trim(),
      title: input.title?.trim() || null,
      role: input.role,
      fte: input.fte ?? 1,
      startDate: input.startDate ?? null,
      passwordHash,
      mustChangePassword: input.password === undefined,
    });
    const created = await repo.findUser(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      after: auditView(created),
    });
    if (input.teamId) {
      await addMembership(tx, actor, {
        teamId: input.teamId,
        userId: id,
        from: input.startDate ?? todayIso(),
        path: 'body.teamId',
      });
    }
    return id;
  });
  const person = await getPerson({ db, actor, id });
  return { ...person, temporaryPassword: input.password === undefined ? password : null };
}

export interface UpdateUserInput {
  version: number;
  name?: string;
  email?: string;
  title?: string | null;
  role?: Role;
  fte?: number;
  startDate?: IsoDate | null;
}

export async function updatePerson({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: UpdateUserInput;
}) {
  await db.transaction(async (tx) => {
    const { row, subject } = await loadVisible(tx, actor, id);
    if (input.name !== undefined || input.email !== undefined || input.title !== undefined) {
      userPolicy.authorize(actor, 'update_profile', subject);
    }
    if (input.role !== undefined && input.role !== row.role) {
      userPolicy.authorize(actor, 'change_role', subject);
      if (
        row.role === 'admin' &&
        row.status === 'active' &&
        (await repo.countActiveAdmins(tx, actor.orgId)) <= 1
      ) {
        throw new Conflict('This is the last active administrator; make someone else an administrator first');
      }
    }
    if (input.fte !== undefined || input.startDate !== undefined) {
      userPolicy.authorize(actor, 'update_capacity', subject);
    }
    const email = input.email?.trim().toLowerCase();
    if (email && email !== row.email && (await repo.emailTaken(tx, email, id))) {
      throw Invalid.field('body.email', 'is already used by another account');
    }
    const updated = await repo.updateUser(tx, actor.orgId, id, input.version, {
      name: input.name?.trim(),
      email,
      title: input.title === undefined ? undefined : input.title?.trim() || null,
      role: input.role,
      fte: input.fte,
      startDate: input.startDate,
    });
    if (!updated) throw new VersionConflict('person', row.version);
    const after = await repo.findUser(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: input.role !== undefined && input.role !== row.role ? 'user.role_change' : 'user.update',
      entityType: 'user',
      entityId: id,
      before: auditView(row),
      after: auditView(after),
    });
  });
  return getPerson({ db, actor, id });
}

export async function setActive({
  db,
  actor,
  id,
  version,
  active,
}: {
  db: Db;
  actor: Actor;
  id: string;
  version: number;
  active: boolean;
}) {
  await db.transaction(async (tx) => {
    const { row, subject } = await loadVisible(tx, actor, id);
    userPolicy.authorize(actor, 'deactivate', subject);
    if (
      !active &&
      row.role === 'admin' &&
      row.status === 'active' &&
      (await repo.countActiveAdmins(tx, actor.orgId)) <= 1
    ) {
      throw new Conflict('This is the last active administrator and cannot be deactivated');
    }
    const updated = await repo.updateUser(tx, actor.orgId, id, version, {
      status: active ? 'active' : 'deactivated',
    });
    if (!updated) throw new VersionConflict('person', row.version);
    let ties: Awaited<ReturnType<typeof endTeamTies>> | undefined;
    if (!active) {
      await deleteUserSessions(tx, actor.orgId, id);
      await revokeUserApiTokens(tx, actor.orgId, id);
      if (row.status === 'active') ties = await endTeamTies(tx, actor.orgId, id, todayIso());
    }
    await recordAudit(tx, actor, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: id,
      before: { status: row.status },
      after: { status: active ? 'active' : 'deactivated', ...ties },
    });
  });
  return getPerson({ db, actor, id });
}

export async function resetPassword({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const { subject } = await loadVisible(tx, actor, id);
    userPolicy.authorize(actor, 'reset_password', subject);
    await repo.updatePassword(tx, actor.orgId, id, passwordHash, true);
    await deleteUserSessions(tx, actor.orgId, id);
    await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id });
  });
  return { temporaryPassword: password };
}

export async function listLeave({ db, actor, userId }: { db: Db; actor: Actor; userId: string }) {
  const { subject } = await loadVisible(db, actor, userId);
  userPolicy.authorize(actor, 'read_capacity', subject);
  return (await repo.listLeave(db, actor.orgId, userId)).map(presentLeave);
}

export async function addLeave({
  db,
  actor,
  userId,
  input,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  input: { startDate: IsoDate; endDate: IsoDate; note?: string | null };
}) {
  if (input.endDate < input.startDate) throw Invalid.field('body.endDate', 'must be on or after startDate');
  return db.transaction(async (tx) => {
    const { subject } = await loadVisible(tx, actor, userId);
    userPolicy.authorize(actor, 'update_capacity', subject);
    const created = await repo.insertLeave(tx, {
      orgId: actor.orgId,
      userId,
      ...input,
      note: input.note?.trim() || null,
    });
    await recordAudit(tx, actor, {
      action: 'leave.create',
      entityType: 'user',
      entityId: userId,
      after: presentLeave(created),
    });
    return presentLeave(created);
  });
}

export async function removeLeave({
  db,
  actor,
  userId,
  id,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  id: string;
}) {
  await db.transaction(async (tx) => {
    const { subject } = await loadVisible(tx, actor, userId);
    userPolicy.authorize(actor, 'update_capacity', subject);
    const removed = await repo.deleteLeave(tx, actor.orgId, userId, id);
    if (!removed) throw new NotFound('leave');
    await recordAudit(tx, actor, {
      action: 'leave.delete',
      entityType: 'user',
      entityId: userId,
      before: presentLeave(removed),
    });
  });
}

export async function getCapacity({
  db,
  actor,
  userId,
  period,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  period: { start: IsoDate; end: IsoDate };
}) {
  if (period.end < period.start) throw Invalid.field('query.end', 'must be on or after start');
  const { row, subject } = await loadVisible(db, actor, userId);
  userPolicy.authorize(actor, 'read_capacity', subject);
  const leave = await repo.listLeave(db, actor.orgId, userId);
  return computeCapacity({
    period,
    fte: row.fte,
    startDate: row.startDate,
    leave: leave.map((l) => ({ start: l.startDate, end: l.endDate })),
  });
}

export async function listMembershipHistory({ db, actor, userId }: { db: Db; actor: Actor; userId: string }) {
  const { subject } = await loadVisible(db, actor, userId);
  userPolicy.authorize(actor, 'read', subject);
  return repo.listMembershipsOfUser(db, actor.orgId, userId);
}

function presentLeave(l: { id: string; startDate: string; endDate: string; note: string | null }) {
  return { id: l.id, startDate: l.startDate, endDate: l.endDate, note: l.note };
}

function auditView(row: Row | undefined) {
  if (!row) return null;
  const { orgId: _o, lockedUntil: _l, lastLoginAt: _ll, createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
}

export function todayIso(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}
