/**
 * Ownership rules shared by every CRM record: who may own records, and who may edit a record or
 * hand it to someone else. Use cases call these inside their transaction.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import { Invalid } from '../../platform/errors.ts';
import { findUser } from '../users/users.repository.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject } from './crm.scope.ts';

/** Checks that an owner exists and is active, and that the actor may give them records. */
export async function checkOwner(
  db: Executor,
  actor: Actor,
  ownerId: string,
  path: string,
  action: 'create' | 'reassign',
) {
  const owner = await findUser(db, actor.orgId, ownerId);
  if (!owner) throw Invalid.field(path, 'no such person in this organisation');
  if (owner.status !== 'active') throw Invalid.field(path, `${owner.name} is deactivated`);
  if (owner.role === 'viewer') throw Invalid.field(path, `${owner.name} is a viewer and cannot own records`);
  const subject = await ownerSubject(db, actor.orgId, ownerId);
  if (!crmPolicy.can(actor, action, subject)) {
    throw Invalid.field(path, `you cannot give records to ${owner.name}: they are not in a team you lead`);
  }
}

/**
 * The actor may edit a record owned by `ownerId`, and, when `newOwnerId` is given and differs, hand
 * it to that person. Returns whether the record changes hands.
 */
export async function authorizeEdit(
  tx: Executor,
  actor: Actor,
  ownerId: string | null,
  newOwnerId?: string | null,
): Promise<boolean> {
  const subject = await ownerSubject(tx, actor.orgId, ownerId);
  crmPolicy.authorize(actor, 'update', subject);
  const reassigning = newOwnerId !== undefined && newOwnerId !== ownerId;
  if (reassigning) {
    crmPolicy.authorize(actor, 'reassign', subject);
    if (newOwnerId) await checkOwner(tx, actor, newOwnerId, 'body.ownerId', 'reassign');
  }
  return reassigning;
}
