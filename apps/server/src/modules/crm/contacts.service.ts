/** Contacts: the people at accounts, with the lawful basis and consent that GDPR asks us to keep. */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { type FieldIssue, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findAccount } from './accounts.repository.ts';
import * as repo from './contacts.repository.ts';
import type { ContactInput, ContactPatch } from './contacts.schemas.ts';
import { authorizeEdit, checkOwner } from './crm.ownership.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject, ownerSubjects } from './crm.scope.ts';

/** The name to show in messages. */
export const contactName = (c: { firstName: string | null; lastName: string }) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ');

function present(actor: Actor, row: repo.ContactRow, subjectOf: (ownerId: string | null) => Subject) {
  const { orgId, nameKey: _n, createdKey: _c, ...rest } = row;
  return { ...rest, can: crmPolicy.abilities(actor, subjectOf(row.ownerId)) };
}

async function presentMany(db: Executor, actor: Actor, rows: repo.ContactRow[]) {
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => present(actor, r, subjectOf));
}

async function presentOne(db: Executor, actor: Actor, row: repo.ContactRow) {
  return present(actor, row, await ownerSubjects(db, actor.orgId, [row.ownerId]));
}

export async function loadContact(db: Executor, actor: Actor, id: string) {
  const row = await repo.findContact(db, actor, id);
  if (!row) throw new NotFound('contact');
  return row;
}

async function checkAccount(db: Executor, actor: Actor, accountId: string | null | undefined) {
  if (accountId && !(await findAccount(db, actor, accountId))) {
    throw Invalid.field('body.accountId', 'no such account');
  }
}

async function checkExternalId(
  db: Executor,
  actor: Actor,
  externalId: string | null | undefined,
  id?: string,
) {
  if (!externalId) return;
  const other = await repo.findContactIdByExternalId(db, actor.orgId, externalId);
  if (other && other !== id) throw Invalid.field('body.externalId', 'another contact has this external id');
}

/**
 * A recorded consent must say it is the lawful basis and where it was given, so it can be shown
 * to the person (or a regulator) later. Checked on the record as it will be saved.
 */
function checkConsent(c: {
  lawfulBasis?: string | null;
  consentSource?: string | null;
  consentAt?: Date | null;
}) {
  if (!c.consentAt) return;
  const issues: FieldIssue[] = [];
  if (c.lawfulBasis !== 'consent') {
    issues.push({
      path: 'body.lawfulBasis',
      message: 'must be consent when a consent time (consentAt) is given',
    });
  }
  if (!c.consentSource) {
    issues.push({
      path: 'body.consentSource',
      message: 'say where consent was given when a consent time (consentAt) is given',
    });
  }
  if (issues.length) throw new Invalid(issues);
}

export async function listContacts({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: Omit<repo.ContactFilter, 'after'> & { cursor?: string };
}) {
  const after = decodeKeyset(input.cursor, input.sort.endsWith('name') ? 'text' : 'timestamp');
  const rows = await repo.listContacts(db, actor, { ...input, after });
  const page = toPage(rows, input.limit, (r) => repo.contactSortKey(r, input.sort));
  return {
    nextCursor: page.nextCursor,
    items: await presentMany(db, actor, page.items),
  };
}

export async function getContact({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  return presentOne(db, actor, await loadContact(db, actor, id));
}

export async function createContact({ db, actor, input }: { db: Db; actor: Actor; input: ContactInput }) {
  const ownerId = input.ownerId ?? actor.userId;
  const id = await db.transaction(async (tx) => {
    crmPolicy.authorize(actor, 'create', await ownerSubject(tx, actor.orgId, ownerId));
    if (input.ownerId) await checkOwner(tx, actor, input.ownerId, 'body.ownerId', 'create');
    await checkAccount(tx, actor, input.accountId);
    checkConsent(input);
    await checkExternalId(tx, actor, input.externalId);
    const { id } = await repo.insertContact(tx, { ...input, orgId: actor.orgId, ownerId: ownerId || null });
    await recordAudit(tx, actor, {
      action: 'contact.create',
      entityType: 'contact',
      entityId: id,
      after: { ...input, ownerId },
    });
    return id;
  });
  return getContact({ db, actor, id });
}

export async function updateContact({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: ContactPatch;
}) {
  await db.transaction(async (tx) => {
    const before = await loadContact(tx, actor, id);
    const { version, ...patch } = input;
    const reassigning = await authorizeEdit(tx, actor, before.ownerId, patch.ownerId);
    if (patch.accountId !== undefined && patch.accountId !== before.accountId) {
      await checkAccount(tx, actor, patch.accountId);
    }
    if (
      patch.consentAt !== undefined ||
      patch.lawfulBasis !== undefined ||
      patch.consentSource !== undefined
    ) {
      checkConsent({
        lawfulBasis: patch.lawfulBasis === undefined ? before.lawfulBasis : patch.lawfulBasis,
        consentSource: patch.consentSource === undefined ? before.consentSource : patch.consentSource,
        consentAt: patch.consentAt === undefined ? before.consentAt : patch.consentAt,
      });
    }
    if (patch.externalId !== before.externalId) await checkExternalId(tx, actor, patch.externalId, id);
    const updated = await repo.updateContact(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('contact', before.version);
    const { orgId: _o, nameKey: _n, createdKey: _c, ...beforeRecord } = before;
    await recordAudit(tx, actor, {
      action: reassigning ? 'contact.reassign' : 'contact.update',
      entityType: 'contact',
      entityId: id,
      before: beforeRecord,
      after: patch,
    });
  });
  return getContact({ db, actor, id });
}
