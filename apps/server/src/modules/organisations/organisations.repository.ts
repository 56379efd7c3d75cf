import { eq, sql } from 'drizzle-orm';
import { organisations } from '../../db/schema/index.ts';
import type { Executor } from '../../platform/db.ts';

export async function countOrganisations(db: Executor) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  return row?.n ?? 0;
}

/** Serialises concurrent first-time set-ups, so two browsers cannot both create "the" organisation. */
export async function lockSetup(db: Executor) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('pacesetter:setup'))`);
}

export async function insertOrganisation(db: Executor, row: typeof organisations.$inferInsert) {
  const [created] = await db.insert(organisations).values(row).returning();
  return created!;
}

export async function findOrganisation(db: Executor, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row;
}

export async function updateOrganisation(
  db: Executor,
  id: string,
  version: number,
  patch: Partial<Pick<typeof organisations.$inferInsert, 'name' | 'settings'>>,
) {
  const [row] = await db
    .update(organisations)
    .set({ ...patch, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` })
    .where(sql`${organisations.id} = ${id} and ${organisations.version} = ${version}`)
    .returning();
  return row;
}
