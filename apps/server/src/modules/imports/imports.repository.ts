/**
 * SQL for imports: the lookups that resolve a file's references (owners, accounts, products,
 * stages, contacts, deals) and the batch writes, which upsert on the organisation's external ids so
 * that importing the same file twice updates rather than duplicates.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
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
import { anyOf, arrayLiteral, bulkInsert, upsertOnConflict } from '../../platform/bulk.ts';
import { type Executor, queryRows } from '../../platform/db.ts';

/**
 * Rows with an id made for them by this import (`fresh`) go in with a plain insert: nothing can
 * conflict with a new random id, and PostgreSQL inserts far faster without ON CONFLICT's
 * speculative insertion. The others are upserts; when a file names the same record twice, the later
 * row wins.
 */
async function insertThenUpsert<
  T extends typeof accounts | typeof products | typeof contacts | typeof deals | typeof activities,
>(db: Executor, table: T, rows: T['$inferInsert'][], fresh: ReadonlySet<string>, conflict: SQL) {
  const inserts: T['$inferInsert'][] = [];
  const inserted = new Set<string>();
  const updates = new Map<string, T['$inferInsert']>();
  for (const row of rows) {
    const id = (row as { id: string }).id;
    // The first row with a new id creates the record; a later one in the batch updates it.
    if (fresh.has(id) && !inserted.has(id)) {
      inserts.push(row);
      inserted.add(id);
    } else updates.set(id, row);
  }
  await bulkInsert(db, table, inserts);
  await bulkInsert(db, table, [...updates.values()], conflict);
}

const unique = (values: string[]) => [...new Set(values)];

/*
 * Lookups of a batch's keys (external ids, emails, names) unnest the keys and probe the index once
 * per key in a LATERAL subquery, instead of `column = any(keys)`. During a big import the table's
 * statistics have not seen the rows the import added: PostgreSQL then read every one of them for
 * each batch to filter the keys (17 s per lookup after 1M rows, in psql), which made a 1M-row
 * activities import crawl. One index probe per key does not depend on the statistics; the subquery
 * ends in LIMIT or OFFSET 0 so that PostgreSQL keeps it a per-key probe instead of turning it back
 * into a join.
 */

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

/** Every stage of every pipeline (archived ones too: imported history may name them). */
export async function listOrgStages(db: Executor, orgId: string) {
  return db
    .select({
      id: pipelineStages.id,
      pipelineId: pipelineStages.pipelineId,
      name: pipelineStages.name,
      archived: sql<boolean>`${pipelineStages.archivedAt} is not null`,
    })
    .from(pipelineStages)
    .where(eq(pipelineStages.orgId, orgId))
    .orderBy(pipelineStages.position);
}

/** Contacts by email, for a batch of rows. */
export async function findContactsByEmail(db: Executor, orgId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return queryRows<{ id: string; email: string | null; accountId: string | null }>(
    db,
    sql`select c.id, c.email, c.account_id as "accountId"
      from unnest(${arrayLiteral(unique(emails))}::text[]) as k(v)
      cross join lateral (select id, email, account_id from contacts
        where org_id = ${orgId} and lower(email) = k.v offset 0) c`,
  );
}

/** Deals by external id or exact name, for a batch of activity rows. */
export async function findDealsByKey(db: Executor, orgId: string, keys: string[]) {
  if (keys.length === 0) return [];
  type Found = {
    id: string;
    externalId: string | null;
    name: string;
    accountId: string | null;
    pipelineId: string;
  };
  const probe = (condition: SQL, values: string[]) =>
    queryRows<Found>(
      db,
      sql`select d.id, d.external_id as "externalId", d.name, d.account_id as "accountId", d.pipeline_id as "pipelineId"
        from unnest(${arrayLiteral(unique(values))}::text[]) as k(v)
        cross join lateral (select id, external_id, name, account_id, pipeline_id from deals
          where org_id = ${orgId} and ${condition} offset 0) d`,
    );
  // By external id first; only the keys that found nothing are tried as names (lower(name) index).
  const byId = await probe(sql`external_id is not null and external_id = k.v`, keys);
  const found = new Set(byId.map((d) => d.externalId));
  const rest = keys.filter((k) => !found.has(k)).map((k) => k.toLowerCase());
  if (rest.length === 0) return byId;
  return [...byId, ...(await probe(sql`lower(name) = k.v`, rest))];
}

export async function upsertAccounts(
  db: Executor,
  rows: (typeof accounts.$inferInsert)[],
  properties: readonly string[],
  fresh: ReadonlySet<string> = new Set(),
) {
  await insertThenUpsert(db, accounts, rows, fresh, upsertOnConflict(accounts, ['orgId', 'id'], properties));
}

export async function upsertProducts(
  db: Executor,
  rows: (typeof products.$inferInsert)[],
  properties: readonly string[],
  fresh: ReadonlySet<string> = new Set(),
) {
  await insertThenUpsert(db, products, rows, fresh, upsertOnConflict(products, ['orgId', 'id'], properties));
}

export async function upsertContacts(
  db: Executor,
  rows: (typeof contacts.$inferInsert)[],
  properties: readonly string[],
  fresh: ReadonlySet<string> = new Set(),
) {
  await insertThenUpsert(db, contacts, rows, fresh, upsertOnConflict(contacts, ['orgId', 'id'], properties));
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
  const rows = await queryRows<{ id: string; externalId: string }>(
    db,
    sql`select t.id, t.external_id as "externalId"
      from unnest(${arrayLiteral(unique(externalIds))}::text[]) as k(v)
      cross join lateral (select id, external_id from ${byExternalId[kind]}
        where org_id = ${orgId} and external_id is not null and external_id = k.v limit 1) t`,
  );
  return new Map(rows.map((r) => [r.externalId, r.id]));
}

export async function upsertDeals(
  db: Executor,
  rows: (typeof deals.$inferInsert)[],
  properties: readonly string[],
  fresh: ReadonlySet<string>,
) {
  await insertThenUpsert(
    db,
    deals,
    rows,
    fresh,
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

/** Of these deals, those with history from a stage-history import, which the deals import leaves alone. */
export async function dealsWithHistory(db: Executor, orgId: string, dealIds: string[]) {
  if (dealIds.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ dealId: dealStageChanges.dealId })
    .from(dealStageChanges)
    .where(
      and(
        eq(dealStageChanges.orgId, orgId),
        sql`${dealStageChanges.dealId} = ${anyOf(dealIds, 'uuid')}`,
        eq(dealStageChanges.source, 'history'),
      ),
    );
  return new Set(rows.map((r) => r.dealId));
}

/**
 * A stage-history file's rows, gathered in a temporary table (dropped with the transaction) because
 * one deal's rows may be anywhere in the file; `applyStageHistory` turns them into stage changes.
 */
const stagedHistory = pgTable('import_stage_history', {
  line: integer('line').notNull(),
  dealId: uuid('deal_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  changedBy: uuid('changed_by'),
});

export async function createStagedHistory(db: Executor) {
  await db.execute(sql`create temporary table import_stage_history (
    line integer not null, deal_id uuid not null, stage_id uuid not null,
    changed_at timestamptz not null, changed_by uuid) on commit drop`);
}

export async function stageHistoryRows(db: Executor, rows: (typeof stagedHistory.$inferInsert)[]) {
  await bulkInsert(db, stagedHistory, rows);
}

/**
 * The staged rows as each deal's history, in time order (file order for the same instant): a row
 * that repeats the stage before it (Salesforce writes one when only the amount changed) adds nothing,
 * and each change comes from the stage before it. Replaces the deals' imported history (`import`
 * and `history` rows); people's own moves stay. With `write` false, only counts.
 */
export async function applyStageHistory(db: Executor, orgId: string, write: boolean) {
  const changes = sql`select deal_id, lag(stage_id) over w as from_stage_id, stage_id, changed_at, changed_by,
      lag(stage_id) over w is distinct from stage_id as changed
    from import_stage_history window w as (partition by deal_id order by changed_at, line)`;
  const [counts] = await queryRows<{ changes: number; deals: number }>(
    db,
    sql`select count(*) filter (where changed)::int as changes, count(distinct deal_id)::int as deals from (${changes}) c`,
  );
  if (write) {
    await db.execute(sql`delete from deal_stage_changes d
      using (select distinct deal_id from import_stage_history) h
      where d.org_id = ${orgId} and d.deal_id = h.deal_id and d.source in ('import', 'history')`);
    await db.execute(sql`insert into deal_stage_changes
        ("org_id", deal_id, from_stage_id, to_stage_id, changed_at, changed_by, source)
      select ${orgId}, deal_id, from_stage_id, stage_id, changed_at, changed_by, 'history'
      from (${changes}) c where changed`);
  }
  return counts ?? { changes: 0, deals: 0 };
}

export async function upsertActivities(
  db: Executor,
  rows: (typeof activities.$inferInsert)[],
  properties: readonly string[],
  fresh: ReadonlySet<string> = new Set(),
) {
  await insertThenUpsert(
    db,
    activities,
    rows,
    fresh,
    upsertOnConflict(activities, ['orgId', 'id'], properties),
  );
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
