/**
 * Activities: calls, emails, meetings, demos, tasks and notes, linked to a contact, deal and
 * account. Outreach to a contact who asked not to be contacted is refused.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { type FieldIssue, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findAccount } from './accounts.repository.ts';
import * as repo from './activities.repository.ts';
import type { ActivityInput, ActivityPatch } from './activities.schemas.ts';
import { findContact } from './contacts.repository.ts';
import { contactName } from './contacts.service.ts';
import { authorizeEdit, checkOwner } from './crm.ownership.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject, ownerSubjects } from './crm.scope.ts';

type ActivityType = ActivityInput['type'];

/** Reaching out to the person; notes and tasks are internal and always allowed. */
const OUTREACH: ReadonlySet<ActivityType> = new Set(['call', 'email', 'meeting', 'demo']);

function present(actor: Actor, row: repo.ActivityRow, subjectOf: (ownerId: string | null) => Subject) {
  const { orgId, occurredKey: _k, ...rest } = row;
  const can = crmPolicy.abilities(actor, subjectOf(row.ownerId));
  // An activity is its owner's own log: whoever may edit it may delete it (see deleteActivity).
  return { ...rest, can: { ...can, delete: can.update } };
}

async function presentMany(db: Executor, actor: Actor, rows: repo.ActivityRow[]) {
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => present(actor, r, subjectOf));
}

async function presentOne(db: Executor, actor: Actor, row: repo.ActivityRow) {
  return present(actor, row, await ownerSubjects(db, actor.orgId, [row.ownerId]));
}

export async function loadActivity(db: Executor, actor: Actor, id: string) {
  const row = await repo.findActivity(db, actor, id);
  if (!row) throw new NotFound('activity');
  return row;
}

const auditRecord = ({ orgId: _o, occurredKey: _k, ...rest }: repo.ActivityRow) => rest;

/**
 * Checks the links that are being set: each must be a record the actor may see, and outreach must
 * not go to someone marked do-not-contact. Returns the deal's account when a deal is linked.
 */
async function checkLinks(
  db: Executor,
  actor: Actor,
  type: ActivityType,
  links: { contactId?: string | null; dealId?: string | null; accountId?: string | null },
) {
  const issues: FieldIssue[] = [];
  let dealAccountId: string | null = null;
  if (links.contactId) {
    const contact = await findContact(db, actor, links.contactId);
    if (!contact) issues.push({ path: 'body.contactId', message: 'no such contact' });
    else if (OUTREACH.has(type) && contact.doNotContact) {
      issues.push({ path: 'body.contactId', message: `${contactName(contact)} asked not to be contacted` });
    }
  }
  if (links.dealId) {
    const deal = await repo.findVisibleDeal(db, actor, links.dealId);
    if (!deal) issues.push({ path: 'body.dealId', message: 'no such deal' });
    else dealAccountId = deal.accountId;
  }
  if (links.accountId && !(await findAccount(db, actor, links.accountId))) {
    issues.push({ path: 'body.accountId', message: 'no such account' });
  }
  if (issues.length) throw new Invalid(issues);
  return { dealAccountId };
}

/** An existing link that outreach is now aimed at (a type change): do-not-contact still holds. */
async function checkStillContactable(db: Executor, orgId: string, contactId: string) {
  const contact = await repo.findContactFlags(db, orgId, contactId);
  if (contact?.doNotContact) {
    throw Invalid.field('body.contactId', `${contactName(contact)} asked not to be contacted`);
  }
}

function checkTaskFields(type: ActivityType, dueDate: string | null | undefined, done: boolean | undefined) {
  if (type === 'task') return;
  const issues: FieldIssue[] = [];
  if (dueDate) issues.push({ path: 'body.dueDate', message: `only tasks have a due date, not a ${type}` });
  if (done) issues.push({ path: 'body.done', message: `only tasks can be marked done, not a ${type}` });
  if (issues.length) throw new Invalid(issues);
}

export async function listActivities({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: Omit<repo.ActivityFilter, 'after'> & { cursor?: string };
}) {
  const rows = await repo.listActivities(db, actor, {
    ...input,
    after: decodeKeyset(input.cursor, 'timestamp'),
  });
  const page = toPage(rows, input.limit, repo.activitySortKey);
  return {
    nextCursor: page.nextCursor,
    items: await presentMany(db, actor, page.items),
  };
}

export async function getActivity({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  return presentOne(db, actor, await loadActivity(db, actor, id));
}

export async function createActivity({ db, actor, input }: { db: Db; actor: Actor; input: ActivityInput }) {
  const ownerId = input.ownerId ?? actor.userId;
  const id = await db.transaction(async (tx) => {
    crmPolicy.authorize(actor, 'create', await ownerSubject(tx, actor.orgId, ownerId));
    if (input.ownerId) await checkOwner(tx, actor, input.ownerId, 'body.ownerId', 'create');
    const { done, ...fields } = input;
    checkTaskFields(input.type, input.dueDate, done);
    const { dealAccountId } = await checkLinks(tx, actor, input.type, input);
    const now = new Date();
    const row = {
      ...fields,
      ownerId,
      occurredAt: input.occurredAt ?? now,
      accountId: input.accountId ?? dealAccountId,
      doneAt: done ? now : null,
    };
    const { id } = await repo.insertActivity(tx, { ...row, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      action: 'activity.create',
      entityType: 'activity',
      entityId: id,
      after: row,
    });
    return id;
  });
  return getActivity({ db, actor, id });
}

export async function updateActivity({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: ActivityPatch;
}) {
  await db.transaction(async (tx) => {
    const before = await loadActivity(tx, actor, id);
    const { version, done, ...fields } = input;
    const patch: repo.ActivityPatchRow = { ...fields };
    const reassigning = await authorizeEdit(tx, actor, before.ownerId, fields.ownerId);
    const type = fields.type ?? before.type;
    checkTaskFields(type, fields.dueDate, done);
    const changed = <K extends 'contactId' | 'dealId' | 'accountId'>(k: K) =>
      fields[k] !== undefined && fields[k] !== before[k] ? fields[k] : undefined;
    const { dealAccountId } = await checkLinks(tx, actor, type, {
      contactId: changed('contactId'),
      dealId: changed('dealId'),
      accountId: changed('accountId'),
    });
    if (type !== before.type && OUTREACH.has(type) && changed('contactId') === undefined) {
      const contactId = fields.contactId === undefined ? before.contactId : fields.contactId;
      if (contactId) await checkStillContactable(tx, actor.orgId, contactId);
    }
    if (dealAccountId && fields.accountId === undefined && !before.accountId) patch.accountId = dealAccountId;
    if (type !== 'task') {
      // A task turned into a call or a note is no longer due or done.
      if (before.type === 'task') Object.assign(patch, { dueDate: null, doneAt: null });
    } else if (done === true && !before.doneAt) patch.doneAt = new Date();
    else if (done === false) patch.doneAt = null;
    const updated = await repo.updateActivity(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('activity', before.version);
    await recordAudit(tx, actor, {
      action: reassigning ? 'activity.reassign' : 'activity.update',
      entityType: 'activity',
      entityId: id,
      before: auditRecord(before),
      after: patch,
    });
  });
  return getActivity({ db, actor, id });
}

/** The owner, their leaders, directors and admins may delete an activity (it is their own log). */
export async function deleteActivity({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.transaction(async (tx) => {
    const before = await loadActivity(tx, actor, id);
    crmPolicy.authorize(actor, 'update', await ownerSubject(tx, actor.orgId, before.ownerId));
    await repo.deleteActivity(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: 'activity.delete',
      entityType: 'activity',
      entityId: id,
      before: auditRecord(before),
    });
  });
  return { ok: true as const };
}
