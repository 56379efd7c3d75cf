/** Writes a planned demo organisation in one transaction, in bulk, reporting progress per step. */
import { sql } from 'drizzle-orm';
import {
  auditLog,
  organisations,
  plannedLeave,
  teamMemberships,
  teams,
  users,
} from '../../db/schema/index.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { Conflict } from '../../platform/errors.ts';
import { type DemoOptions, planDemo } from './demo.generator.ts';

export type ProgressFn = (step: string, done: number, total: number) => void;

const CHUNK = 1000;

async function insertChunked<T>(
  rows: T[],
  write: (chunk: T[]) => Promise<unknown>,
  step: string,
  onProgress?: ProgressFn,
) {
  onProgress?.(step, 0, rows.length);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await write(rows.slice(i, i + CHUNK));
    onProgress?.(step, Math.min(rows.length, i + CHUNK), rows.length);
  }
}

export async function generateDemo({
  db,
  options,
  onProgress,
}: {
  db: Db;
  options: DemoOptions;
  onProgress?: ProgressFn;
}) {
  const plan = planDemo(options);
  // One hash for every demo account: argon2id is deliberately slow, and these share a password.
  const passwordHash = await hashPassword(options.password);

  return db.transaction(async (tx: Tx) => {
    const taken = await tx.execute(
      sql`select 1 from ${users} where email like ${`%@${plan.emailDomain}`} limit 1`,
    );
    if ((taken as unknown as { rows: unknown[] }).rows.length > 0) {
      throw new Conflict(
        `A demo organisation with emails @${plan.emailDomain} is already loaded; give another one a different name with --name`,
      );
    }
    const [org] = await tx
      .insert(organisations)
      .values({ name: plan.organisationName, settings: { currency: 'GBP', fiscalYearStartMonth: 1 } })
      .returning();
    const orgId = org!.id;

    const userIds = new Map<string, string>();
    for (const p of plan.people) userIds.set(p.key, crypto.randomUUID());
    await insertChunked(
      plan.people,
      (chunk) =>
        tx.insert(users).values(
          chunk.map((p) => ({
            orgId,
            id: userIds.get(p.key)!,
            email: p.email,
            name: p.name,
            title: p.title,
            role: p.role,
            status: p.leftOn ? ('deactivated' as const) : ('active' as const),
            passwordHash,
            fte: p.fte,
            startDate: p.startDate,
          })),
        ),
      'People',
      onProgress,
    );

    const teamIds = new Map<string, string>();
    for (const t of plan.teams) teamIds.set(t.key, crypto.randomUUID());
    // Parents first, so the self-referencing key is always satisfied.
    const ordered = [...plan.teams].sort(
      (a, b) => Number(a.parentKey !== null) - Number(b.parentKey !== null),
    );
    await insertChunked(
      ordered,
      (chunk) =>
        tx.insert(teams).values(
          chunk.map((t) => ({
            orgId,
            id: teamIds.get(t.key)!,
            name: t.name,
            type: t.type,
            parentId: t.parentKey ? teamIds.get(t.parentKey)! : null,
            leaderId: t.leaderKey ? userIds.get(t.leaderKey)! : null,
          })),
        ),
      'Teams',
      onProgress,
    );

    await insertChunked(
      plan.memberships,
      (chunk) =>
        tx.insert(teamMemberships).values(
          chunk.map((m) => ({
            orgId,
            teamId: teamIds.get(m.teamKey)!,
            userId: userIds.get(m.personKey)!,
            validFrom: m.validFrom,
            validTo: m.validTo,
          })),
        ),
      'Team history',
      onProgress,
    );

    await insertChunked(
      plan.leave,
      (chunk) =>
        tx.insert(plannedLeave).values(
          chunk.map((l) => ({
            orgId,
            userId: userIds.get(l.personKey)!,
            startDate: l.startDate,
            endDate: l.endDate,
            note: l.note,
          })),
        ),
      'Planned leave',
      onProgress,
    );

    await tx.insert(auditLog).values({
      orgId,
      actorName: 'system (demo generator)',
      action: 'demo.load',
      entityType: 'organisation',
      entityId: orgId,
      after: { seed: options.seed, people: plan.people.length, teams: plan.teams.length },
    });

    return {
      organisationId: orgId,
      organisationName: plan.organisationName,
      counts: {
        people: plan.people.length,
        teams: plan.teams.length,
        memberships: plan.memberships.length,
        leave: plan.leave.length,
      },
      logins: plan.people
        .filter((p) => p.persona)
        .map((p) => ({ persona: p.persona!, email: p.email, name: p.name })),
    };
  });
}
