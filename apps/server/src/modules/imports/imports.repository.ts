/**
 * SQL for imports: the lookups that resolve a file's references (owners, accounts, products,
 * stages, contacts, deals) and the batch writes, which upsert on the organisation's external ids so
 * that importing the same file twice updates rather than duplicates.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import {
  accounts,
  activities,
  contacts,
  dealStageChanges,
  deals,
  importMappings,
  pipelineStages,
  pipelines,
  products,
  teamMemberships,
  teams,
  users,
} from '../../db/schema/index.ts';
import { anyOf, bulkInsert, upsertOnConflict } from '../../platform/bulk.ts';
import type { Executor } from '../../platform/db.ts';

export async function listOrgUsers(db: Executor, orgId: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      externalId: users.externalId,
      role: users.role,
      status: users.status,
    })
    .from(users)
    .where(eq(users.orgId, orgId))
    .limit(200_000);
}

export async function listOrgAccounts(db: Executor, orgId: string) {
  return db
    .select({ id: accounts.id, name: accounts.name, externalId: accounts.externalId })
    .from(accounts)
    .where(eq(accounts.orgId, orgId))
    .limit(2_000_000);
}

export async function listOrgProducts(db: Executor, orgId: string) {
  return db
    .select({ id: products.id, name: products.name, externalId: products.externalId })
    .from(products)
    .where(eq(products.orgId, orgId))
    .limit(100_000);
}

export async function listOrgTeams(db: Executor, orgId: string) {
  return db
    .select({ id: teams.id, name: teams.name, type: teams.type, leaderId: teams.leaderId })
    .from(teams)
    .where(eq(teams.orgId, orgId))
    .limit(100_000);
}

export async function findPipelineWithStages(db: Executor, orgId: string, pipelineId: string) {
  const [pipeline] = await db
    .select({ id: pipelines.id, name: pipelines.name })
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, pipelineId)));
  if (!pipeline) return undefined;
  const stages = await db
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      kind: pipelineStages.kind,
      position: pipelineStages.position,
    })
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.orgId, orgId),
        eq(pipelineStages.pipelineId, pipelineId),
        sql`${pipelineStages.archivedAt} is null`,
      ),
    )
    .orderBy(pipelineStages.position);
  return { ...pipeline, stages };
}

/** Contacts by email, for a batch of rows. */
export async function findContactsByEmail(db: Executor, orgId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), sql`lower(${contacts.email}) = ${anyOf(emails)}`));
}

/** Deals by external id or exact name, for a batch of activity rows. */
export async function findDealsByKey(db: Executor, orgId: string, keys: string[]) {
  if (keys.length === 0) return [];
  return (
    db
      .select({ id: deals.id, externalId: deals.externalId, name: deals.name, accountId: deals.accountId })
      .from(deals)
      // By external id, or by name through the lower(name) index.
      .where(
        and(
          eq(deals.orgId, orgId),
          sql`(${deals.externalId} = ${anyOf(keys)} or lower(${deals.name}) = ${anyOf(
            keys.map((k) => k.toLowerCase()),
          )})`,
        ),
      )
  );
}

export async function upsertAccounts(
  db: Executor,
  rows: (typeof accounts.$inferInsert)[],
  properties: readonly string[],
) {
  await bulkInsert(db, accounts, rows, upsertOnConflict(accounts, ['orgId', 'id'], properties));
}

export async function upsertProducts(
  db: Executor,
  rows: (typeof products.$inferInsert)[],
  properties: readonly string[],
) {
  await bulkInsert(db, products, rows, upsertOnConflict(products, ['orgId', 'id'], properties));
}

export async function upsertContacts(
  db: Executor,
  rows: (typeof contacts.$inferInsert)[],
  properties: readonly string[],
) {
  await bulkInsert(db, contacts, rows, upsertOnConflict(contacts, ['orgId', 'id'], properties));
}

/** Ids of existing rows by external id, for the upserts above (which match on the row's id). */
const byExternalId = { deals, contacts, activities } as const;

export async function idsByExternalId(
  db: Executor,
  kind: keyof typeof byExternalId,
  orgId: string,
  externalIds: string[],
) {
  if (externalIds.length === 0) return new Map<string, string>();
  const table = byExternalId[kind];
  const rows = await db
    .select({ id: table.id, externalId: table.externalId })
    .from(table)
    .where(
      and(
        eq(table.orgId, orgId),
        isNotNull(table.externalId),
        sql`${table.externalId} = ${anyOf(externalIds)}`,
      ),
    );
  return new Map(rows.map((r) => [r.externalId!, r.id]));
}

export async function upsertDeals(
  db: Executor,
  rows: (typeof deals.$inferInsert)[],
  properties: readonly string[],
) {
  await bulkInsert(
    db,
    deals,
    rows,
    upsertOnConflict(deals, ['orgId', 'id'], properties, {
      // Without those columns in the file: a lost deal keeps the reason it had (or gets the
      // import's placeholder), and an open deal keeps the forecast category someone chose.
      ...(!properties.includes('lostReason') && {
        lostReason: sql`case when excluded.status = 'lost' then coalesce(${deals.lostReason}, excluded.lost_reason) end`,
      }),
      ...(!properties.includes('forecastCategory') && {
        forecastCategory: sql`case when excluded.status = 'open' and ${deals.status} = 'open' then ${deals.forecastCategory} else excluded.forecast_category end`,
      }),
    }),
  );
}

/**
 * Imported stage history is replaced when a deal is imported again (`dealIds`: the deals that existed
 * before this import); people's own moves stay.
 */
export async function replaceImportedStageChanges(
  db: Executor,
  orgId: string,
  dealIds: string[],
  rows: (typeof dealStageChanges.$inferInsert)[],
) {
  if (dealIds.length > 0) {
    await db
      .delete(dealStageChanges)
      .where(
        and(
          eq(dealStageChanges.orgId, orgId),
          sql`${dealStageChanges.dealId} = ${anyOf(dealIds, 'uuid')}`,
          eq(dealStageChanges.source, 'import'),
        ),
      );
  }
  await bulkInsert(db, dealStageChanges, rows);
}

export async function upsertActivities(
  db: Executor,
  rows: (typeof activities.$inferInsert)[],
  properties: readonly string[],
) {
  await bulkInsert(db, activities, rows, upsertOnConflict(activities, ['orgId', 'id'], properties));
}

export async function setUserExternalId(db: Executor, orgId: string, userId: string, externalId: string) {
  await db
    .update(users)
    .set({ externalId, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
}

export async function insertTeamRow(db: Executor, row: typeof teams.$inferInsert) {
  const [created] = await db.insert(teams).values(row).returning({ id: teams.id });
  return created!;
}

export async function setTeamLeader(db: Executor, orgId: string, teamId: string, leaderId: string) {
  await db
    .update(teams)
    .set({ leaderId, version: sql`${teams.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)));
}

export async function currentTeamOf(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select({ teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        eq(teamMemberships.userId, userId),
        sql`${teamMemberships.validTo} is null`,
      ),
    );
  return row?.teamId;
}

export async function listMappings(db: Executor, orgId: string, kind?: string) {
  return db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.orgId, orgId), kind ? eq(importMappings.kind, kind) : undefined))
    .orderBy(importMappings.kind, sql`lower(${importMappings.name})`)
    .limit(500);
}

export async function insertMapping(db: Executor, row: typeof importMappings.$inferInsert) {
  const [created] = await db.insert(importMappings).values(row).returning();
  return created!;
}

export async function mappingNameTaken(db: Executor, orgId: string, kind: string, name: string) {
  const [row] = await db
    .select({ id: importMappings.id })
    .from(importMappings)
    .where(
      and(
        eq(importMappings.orgId, orgId),
        eq(importMappings.kind, kind),
        sql`lower(${importMappings.name}) = lower(${name})`,
      ),
    );
  return !!row;
}

export async function deleteMapping(db: Executor, orgId: string, id: string) {
  const rows = await db
    .delete(importMappings)
    .where(and(eq(importMappings.orgId, orgId), eq(importMappings.id, id)))
    .returning();
  return rows[0];
}
