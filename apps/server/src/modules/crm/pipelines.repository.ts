import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { deals, pipelineStages, pipelines } from '../../db/schema/index.ts';
import type { Executor } from '../../platform/db.ts';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;

/** Serialises creating an organisation's first pipeline between concurrent requests. */
export async function lockPipelines(db: Executor, orgId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`pipelines:${orgId}`}))`);
}

export async function listPipelines(db: Executor, orgId: string) {
  return db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), isNull(pipelines.archivedAt)))
    .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.name))
    .limit(200);
}

export async function findPipeline(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id)));
  return row;
}

export async function findDefaultPipeline(db: Executor, orgId: string) {
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, true)));
  return row;
}

/** Active stages of the given pipelines, in board order. */
export async function listStages(db: Executor, orgId: string, pipelineIds?: string[]) {
  if (pipelineIds?.length === 0) return [];
  return db
    .select()
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.orgId, orgId),
        isNull(pipelineStages.archivedAt),
        pipelineIds ? inArray(pipelineStages.pipelineId, pipelineIds) : undefined,
      ),
    )
    .orderBy(asc(pipelineStages.pipelineId), asc(pipelineStages.position))
    .limit(5000);
}

export async function findStage(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.id, id)));
  return row;
}

export async function insertPipeline(db: Executor, row: typeof pipelines.$inferInsert) {
  const [created] = await db.insert(pipelines).values(row).returning();
  return created!;
}

export async function clearDefault(db: Executor, orgId: string) {
  await db
    .update(pipelines)
    .set({ isDefault: false })
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, true)));
}

export async function updatePipeline(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: Partial<Pick<PipelineRow, 'name' | 'isDefault'>>,
) {
  const [row] = await db
    .update(pipelines)
    .set({ ...patch, version: sql`${pipelines.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id), eq(pipelines.version, version)))
    .returning();
  return row;
}

export async function insertStages(db: Executor, rows: (typeof pipelineStages.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(pipelineStages).values(rows).returning();
}

export async function updateStage(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<Pick<StageRow, 'name' | 'kind' | 'probability' | 'position' | 'archivedAt'>>,
) {
  await db
    .update(pipelineStages)
    .set(patch)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.id, id)));
}

export async function countDealsInStage(db: Executor, orgId: string, stageId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.stageId, stageId)));
  return row?.n ?? 0;
}

export async function nameTaken(db: Executor, orgId: string, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.orgId, orgId),
        sql`lower(${pipelines.name}) = lower(${name})`,
        exceptId ? sql`${pipelines.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return !!row;
}
