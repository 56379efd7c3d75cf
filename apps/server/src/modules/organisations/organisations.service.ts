/** The organisation (tenant): first-time set-up, its settings. */

import type { OrganisationSettings } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Config } from '../../platform/config.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { AppError, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertPasswordAcceptable } from '../auth/auth.service.ts';
import { emailTaken, insertUser } from '../users/users.repository.ts';
import { organisationPolicy } from './organisations.policy.ts';
import * as repo from './organisations.repository.ts';

export async function setupStatus({ db, config }: { db: Db; config: Config }) {
  const count = await repo.countOrganisations(db);
  return { setupRequired: count === 0, signupOpen: config.signup === 'open' };
}

export interface NewOrganisation {
  organisationName: string;
  name: string;
  email: string;
  password: string;
  /** Pre-hashed password (demo data reuses one hash for many people); skips the strength check. */
  passwordHash?: string;
  /** A generated temporary password: the admin must choose their own at first login. */
  mustChangePassword?: boolean;
}

/** Creates an organisation and its first administrator, in the caller's transaction. */
export async function insertOrganisationWithAdmin(tx: Executor, input: NewOrganisation) {
  const email = input.email.trim().toLowerCase();
  if (!input.passwordHash && !input.mustChangePassword) {
    assertPasswordAcceptable(input.password, email, 'body.password');
  }
  if (await emailTaken(tx, email)) throw Invalid.field('body.email', 'is already used by another account');
  const org = await repo.insertOrganisation(tx, { name: input.organisationName.trim() });
  const { id: userId } = await insertUser(tx, {
    orgId: org.id,
    email,
    name: input.name.trim(),
    role: 'admin',
    passwordHash: input.passwordHash ?? (await hashPassword(input.password)),
    mustChangePassword: input.mustChangePassword ?? false,
  });
  const actor: Actor = {
    userId,
    orgId: org.id,
    name: input.name.trim(),
    role: 'admin',
    ledTeamIds: new Set(),
    via: 'system',
  };
  await recordAudit(tx, actor, {
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: org.id,
    after: { name: org.name, firstAdmin: { id: userId, email } },
  });
  return { organisation: org, adminId: userId };
}

/**
 * First visit: create the organisation and its first admin. Once one exists, more can be created
 * here only when PACESETTER_SIGNUP=open (a hosted, multi-organisation install).
 */
export async function setupOrganisation({
  db,
  config,
  input,
}: {
  db: Db;
  config: Config;
  input: NewOrganisation;
}) {
  return db.transaction(async (tx) => {
    await repo.lockSetup(tx);
    if (config.signup !== 'open' && (await repo.countOrganisations(tx)) > 0) {
      throw new AppError('SETUP_DONE', 'Pacesetter is already set up here; log in instead');
    }
    return insertOrganisationWithAdmin(tx, input);
  });
}

function present(actor: Actor, org: NonNullable<Awaited<ReturnType<typeof repo.findOrganisation>>>) {
  return {
    id: org.id,
    name: org.name,
    settings: org.settings,
    version: org.version,
    createdAt: org.createdAt,
    can: organisationPolicy.abilities(actor, { orgId: org.id }),
  };
}

export async function getOrganisation({ db, actor }: { db: Db; actor: Actor }) {
  const org = await repo.findOrganisation(db, actor.orgId);
  if (!org) throw new NotFound('organisation');
  return present(actor, org);
}

export async function updateOrganisation({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { version: number; name?: string; settings?: OrganisationSettings };
}) {
  organisationPolicy.authorize(actor, 'update', { orgId: actor.orgId });
  return db.transaction(async (tx) => {
    const before = await repo.findOrganisation(tx, actor.orgId);
    if (!before) throw new NotFound('organisation');
    const updated = await repo.updateOrganisation(tx, actor.orgId, input.version, {
      name: input.name,
      settings: input.settings ? { ...before.settings, ...input.settings } : undefined,
    });
    if (!updated) throw new VersionConflict('organisation', before.version);
    await recordAudit(tx, actor, {
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: actor.orgId,
      before: { name: before.name, settings: before.settings },
      after: { name: updated.name, settings: updated.settings },
    });
    return present(actor, updated);
  });
}
