/**
 * Factories: a fresh organisation per test, so tests never truncate, never depend on each other's
 * data, and may run in any order. Data is made through the services; tests then act through HTTP.
 */

import { insertOrganisationWithAdmin } from '../src/modules/organisations/organisations.service.ts';
import { addMembership, createTeam } from '../src/modules/teams/teams.service.ts';
import { insertUser } from '../src/modules/users/users.repository.ts';
import type { Role } from '../src/platform/actor.ts';
import { systemActor } from '../src/platform/actor.ts';
import { hashPassword } from '../src/platform/crypto.ts';
import { type Agent, login, type TestServer } from './harness.ts';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const hashed = () => (passwordHash ??= hashPassword(PASSWORD));

let seq = 0;
export const uniqueEmail = (label: string) =>
  `${label}-${process.pid}-${++seq}-${Date.now().toString(36)}@test.example`;

export interface TestOrg {
  orgId: string;
  adminId: string;
  adminEmail: string;
  admin: Agent;
  server: TestServer;
}

export async function createOrg(server: TestServer, name = 'Test Org'): Promise<TestOrg> {
  const adminEmail = uniqueEmail('admin');
  const { organisation, adminId } = await server.database.db.transaction(async (tx) =>
    insertOrganisationWithAdmin(tx, {
      organisationName: name,
      name: 'Ada Admin',
      email: adminEmail,
      password: PASSWORD,
      passwordHash: await hashed(),
    }),
  );
  const admin = await login(server.app, adminEmail, PASSWORD);
  return { orgId: organisation.id, adminId, adminEmail, admin, server };
}

export interface PersonOptions {
  role?: Role;
  name?: string;
  teamId?: string;
  fte?: number;
  startDate?: string;
  mustChangePassword?: boolean;
}

export async function createPerson(org: TestOrg, opts: PersonOptions = {}) {
  const email = uniqueEmail(opts.role ?? 'member');
  const db = org.server.database.db;
  const { id } = await insertUser(db, {
    orgId: org.orgId,
    email,
    name: opts.name ?? `Person ${seq}`,
    role: opts.role ?? 'member',
    passwordHash: await hashed(),
    fte: opts.fte ?? 1,
    startDate: opts.startDate ?? '2024-01-01',
    mustChangePassword: opts.mustChangePassword ?? false,
  });
  if (opts.teamId) {
    await db.transaction((tx) =>
      addMembership(tx, systemActor(org.orgId), {
        teamId: opts.teamId!,
        userId: id,
        from: opts.startDate ?? '2024-01-01',
      }),
    );
  }
  return { id, email, login: () => login(org.server.app, email, PASSWORD) };
}

export async function createTeamFor(
  org: TestOrg,
  input: { name: string; type?: 'office' | 'sales' | 'marketing'; parentId?: string; leaderId?: string },
) {
  const team = await createTeam({
    db: org.server.database.db,
    actor: systemActor(org.orgId),
    input: {
      name: input.name,
      type: input.type ?? 'sales',
      parentId: input.parentId,
      leaderId: input.leaderId,
    },
  });
  return team;
}

/**
 * A small organisation with every relationship the policy matrix needs:
 * office ─┬─ Team A (leader La): members Ma, Ma2
 *         └─ Team B (leader Lb): member Mb
 * plus a director, a viewer, and the admin.
 */
export async function createOrgWithTree(server: TestServer) {
  const org = await createOrg(server);
  const la = await createPerson(org, { role: 'leader', name: 'Lea Leader' });
  const lb = await createPerson(org, { role: 'leader', name: 'Leo Leader' });
  const director = await createPerson(org, { role: 'director', name: 'Dora Director' });
  const viewer = await createPerson(org, { role: 'viewer', name: 'Vic Viewer' });
  const office = await createTeamFor(org, { name: 'Office', type: 'office', leaderId: director.id });
  const teamA = await createTeamFor(org, { name: 'Team A', parentId: office.id, leaderId: la.id });
  const teamB = await createTeamFor(org, { name: 'Team B', parentId: office.id, leaderId: lb.id });
  const ma = await createPerson(org, { name: 'Mia Member', teamId: teamA.id });
  const ma2 = await createPerson(org, { name: 'Mila Member', teamId: teamA.id });
  const mb = await createPerson(org, { name: 'Max Member', teamId: teamB.id });
  return { org, la, lb, director, viewer, office, teamA, teamB, ma, ma2, mb };
}
