/** Accounts: the customers and prospects that deals, contacts and activities hang off. */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeCursor, decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from './accounts.repository.ts';
import type { AccountInput, AccountPatch } from './accounts.schemas.ts';
import { authorizeEdit, checkOwner } from './crm.ownership.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject, ownerSubjects } from './crm.scope.ts';
import * as timeline from './timeline.repository.ts';

function present(actor: Actor, row: repo.AccountRow, subjectOf: (ownerId: string | null) => Subject) {
  const { orgId, ...rest } = row;
  return { ...rest, can: crmPolicy.abilities(actor, subjectOf(row.ownerId)) };
}

async function presentMany(db: Executor, actor: Actor, rows: repo.AccountRow[]) {
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => present(actor, r, subjectOf));
}

async function presentOne(db: Executor, actor: Actor, row: repo.AccountRow) {
  return present(actor, row, await ownerSubjects(db, actor.orgId, [row.ownerId]));
}

export async function loadAccount(db: Executor, actor: Actor, id: string) {
  const row = await repo.findAccount(db, actor, id);
  if (!row) throw new NotFound('account');
  return row;
}

async function checkParent(db: Executor, actor: Actor, parentId: string | null | undefined, id?: string) {
  if (!parentId) return;
  const parent = await repo.findAccount(db, actor, parentId);
  if (!parent) throw Invalid.field('body.parentId', 'no such account');
  if (id && (await repo.isAncestorOrSelf(db, actor.orgId, parentId, id))) {
    throw Invalid.field('body.parentId', 'an account cannot be its own parent or the parent of its parent');
  }
}

function checkCustomerDates(since: string | null | undefined, until: string | null | undefined) {
  if (since && until && until < since)
    throw Invalid.field('body.customerUntil', `must be on or after customerSince (${since})`);
}

export async function listAccounts({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: Omit<repo.AccountFilter, 'after'> & { cursor?: string };
}) {
  const rows = await repo.listAccounts(db, actor, {
    ...input,
    after: decodeKeyset(input.cursor, input.sort.endsWith('name') ? 'text' : 'timestamp'),
  });
  const page = toPage(rows, input.limit, (r) => repo.accountSortKey(r, input.sort));
  return {
    nextCursor: page.nextCursor,
    items: await presentMany(db, actor, page.items),
  };
}

export async function getAccount({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  return presentOne(db, actor, await loadAccount(db, actor, id));
}

export async function createAccount({ db, actor, input }: { db: Db; actor: Actor; input: AccountInput }) {
  // Left out: the actor owns it. null: nobody does, and the whole organisation sees it.
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  const id = await db.transaction(async (tx) => {
    crmPolicy.authorize(actor, 'create', await ownerSubject(tx, actor.orgId, ownerId));
    if (input.ownerId) await checkOwner(tx, actor, input.ownerId, 'body.ownerId', 'create');
    await checkParent(tx, actor, input.parentId);
    checkCustomerDates(input.customerSince, input.customerUntil);
    if (input.externalId && (await repo.findAccountIdByExternalId(tx, actor.orgId, input.externalId))) {
      throw Invalid.field('body.externalId', 'another account has this external id');
    }
    const { id } = await repo.insertAccount(tx, { ...input, orgId: actor.orgId, ownerId });
    await recordAudit(tx, actor, {
      action: 'account.create',
      entityType: 'account',
      entityId: id,
      after: { ...input, ownerId },
    });
    return id;
  });
  return getAccount({ db, actor, id });
}

export async function updateAccount({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: AccountPatch;
}) {
  await db.transaction(async (tx) => {
    const before = await loadAccount(tx, actor, id);
    const { version, ...patch } = input;
    const reassigning = await authorizeEdit(tx, actor, before.ownerId, patch.ownerId);
    if (patch.parentId !== undefined) await checkParent(tx, actor, patch.parentId, id);
    checkCustomerDates(
      patch.customerSince === undefined ? before.customerSince : patch.customerSince,
      patch.customerUntil === undefined ? before.customerUntil : patch.customerUntil,
    );
    if (patch.externalId && patch.externalId !== before.externalId) {
      const other = await repo.findAccountIdByExternalId(tx, actor.orgId, patch.externalId);
      if (other && other !== id)
        throw Invalid.field('body.externalId', 'another account has this external id');
    }
    const updated = await repo.updateAccount(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('account', before.version);
    const { orgId: _o, openDeals: _d, ...beforeRecord } = before;
    await recordAudit(tx, actor, {
      action: reassigning ? 'account.reassign' : 'account.update',
      entityType: 'account',
      entityId: id,
      before: beforeRecord,
      after: patch,
    });
  });
  return getAccount({ db, actor, id });
}

/**
 * What happened with an account, newest first: its activities, and the stage changes and objections
 * of its deals, as far as the caller may see them.
 */
export async function getAccountTimeline({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { limit: number; cursor?: string };
}) {
  await loadAccount(db, actor, id);
  const before = decodeCursor(input.cursor, 3);
  if (
    before &&
    !(typeof before[0] === 'string' && typeof before[1] === 'number' && typeof before[2] === 'string')
  )
    throw Invalid.field(
      'query.cursor',
      'is not a cursor this list produced; start again from the first page',
    );
  const rows = await timeline.accountTimeline(db, actor, id, {
    limit: input.limit + 1,
    before: before as [string, number, string] | undefined,
  });
  const page = toPage(rows, input.limit, (r) => [r.atKey, r.rank, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ atKey: _k, rank: _r, at, ...item }) => ({ ...item, at: new Date(at) })),
  };
}
