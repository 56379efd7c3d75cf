/** Accounts: the customers and prospects that deals, contacts and activities hang off. */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from './accounts.repository.ts';
import type { AccountInput, AccountPatch } from './accounts.schemas.ts';
import { authorizeEdit, checkOwner } from './crm.ownership.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject, ownerSubjects } from './crm.scope.ts';

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
