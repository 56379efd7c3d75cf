import { type AnyColumn, and, asc, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import {
  accounts,
  contacts,
  dealStageChanges,
  dealStageTotals,
  deals,
  objections,
  pipelineStages,
  products,
  users,
} from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import type { CursorValue, KeyFormat } from '../../platform/pagination.ts';
import { escapeLike, exactTimestamp } from '../../platform/sql.ts';
import { visibleTo } from './crm.scope.ts';

const stageEnteredAt = sql<Date | null>`(select max(c.changed_at) from deal_stage_changes c
  where c.org_id = ${deals.orgId} and c.deal_id = ${deals.id})`.mapWith((v) => (v ? new Date(v) : null));

function selectDeals(db: Executor) {
  return db
    .select({
      orgId: deals.orgId,
      id: deals.id,
      externalId: deals.externalId,
      name: deals.name,
      accountId: deals.accountId,
      accountName: accounts.name,
      contactId: deals.contactId,
      contactName: sql<
        string | null
      >`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
      contactEmail: contacts.email,
      productId: deals.productId,
      productName: products.name,
      ownerId: deals.ownerId,
      ownerName: users.name,
      amount: deals.amount,
      currency: deals.currency,
      pipelineId: deals.pipelineId,
      stageId: deals.stageId,
      stageName: pipelineStages.name,
      stageKind: pipelineStages.kind,
      probability: pipelineStages.probability,
      status: deals.status,
      expectedCloseDate: deals.expectedCloseDate,
      source: deals.source,
      competitor: deals.competitor,
      lostReason: deals.lostReason,
      forecastCategory: deals.forecastCategory,
      createdOn: deals.createdOn,
      engagedOn: deals.engagedOn,
      closedOn: deals.closedOn,
      stageEnteredAt,
      version: deals.version,
      createdAt: deals.createdAt,
      updatedAt: deals.updatedAt,
      updatedKey: exactTimestamp(deals.updatedAt),
      nameKey: sql<string>`lower(${deals.name})`,
    })
    .from(deals)
    .innerJoin(users, and(eq(users.orgId, deals.orgId), eq(users.id, deals.ownerId)))
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .leftJoin(accounts, and(eq(accounts.orgId, deals.orgId), eq(accounts.id, deals.accountId)))
    .leftJoin(contacts, and(eq(contacts.orgId, deals.orgId), eq(contacts.id, deals.contactId)))
    .leftJoin(products, and(eq(products.orgId, deals.orgId), eq(products.id, deals.productId)));
}

export type DealRow = NonNullable<Awaited<ReturnType<typeof findDeal>>>;

export async function findDeal(db: Executor, actor: Actor, id: string) {
  const [row] = await selectDeals(db).where(
    and(eq(deals.orgId, actor.orgId), eq(deals.id, id), visibleTo(actor, deals.ownerId)),
  );
  return row;
}

export interface DealFilter {
  search?: string;
  ownerId?: string;
  teamId?: string;
  pipelineId?: string;
  stageId?: string;
  status?: 'open' | 'won' | 'lost';
  accountId?: string;
  contactId?: string;
  closeFrom?: string;
  closeTo?: string;
}

export type DealSort =
  | '-updatedAt'
  | 'updatedAt'
  | 'name'
  | '-name'
  | 'amount'
  | '-amount'
  | 'expectedCloseDate'
  | '-expectedCloseDate';

/** Sort expressions never null, so a keyset cursor can compare them. */
const sortKeys: Record<string, { expr: SQL; cast: string; of: (r: DealRow) => CursorValue }> = {
  updatedAt: { expr: sql`${deals.updatedAt}`, cast: 'timestamptz', of: (r) => r.updatedKey },
  name: { expr: sql`lower(${deals.name})`, cast: 'text', of: (r) => r.nameKey },
  amount: { expr: sql`coalesce(${deals.amount}, -1)`, cast: 'numeric', of: (r) => r.amount ?? -1 },
  expectedCloseDate: {
    expr: sql`coalesce(${deals.expectedCloseDate}, '9999-12-31'::date)`,
    cast: 'date',
    of: (r) => r.expectedCloseDate ?? '9999-12-31',
  },
};

export function dealSortFormat(sort: DealSort): KeyFormat {
  return ({ updatedAt: 'timestamp', name: 'text', amount: 'number', expectedCloseDate: 'date' } as const)[
    sort.replace('-', '') as 'updatedAt'
  ];
}

export function dealSortKey(row: DealRow, sort: DealSort): CursorValue[] {
  return [sortKeys[sort.replace('-', '')]!.of(row), row.id];
}

/** Records owned by current members of a team or of the teams under it. */
function ownedInTeamTree(orgId: string, teamId: string, ownerColumn: AnyColumn) {
  return sql`${ownerColumn} = any(array(
    with recursive tree(id) as (
      select id from teams where org_id = ${orgId} and id = ${teamId}
      union
      select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = ${orgId}
    )
    select m.user_id from team_memberships m
    where m.org_id = ${orgId} and m.valid_to is null and m.team_id in (select id from tree)))`;
}

function filterConditions(actor: Actor, f: DealFilter): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [
    eq(deals.orgId, actor.orgId),
    visibleTo(actor, deals.ownerId, { owner: f.ownerId }),
  ];
  if (f.search) {
    const pattern = escapeLike(f.search);
    // Two conditions the trigram indexes serve (deal name; the matching accounts' ids), not a filter on the join.
    where.push(
      or(
        ilike(deals.name, pattern),
        sql`${deals.accountId} = any(array(select a.id from accounts a
          where a.org_id = ${actor.orgId} and a.name ilike ${pattern}))`,
      ),
    );
  }
  if (f.ownerId) where.push(eq(deals.ownerId, f.ownerId));
  if (f.teamId) where.push(ownedInTeamTree(actor.orgId, f.teamId, deals.ownerId));
  if (f.pipelineId) where.push(eq(deals.pipelineId, f.pipelineId));
  if (f.stageId) where.push(eq(deals.stageId, f.stageId));
  if (f.status) where.push(eq(deals.status, f.status));
  if (f.accountId) where.push(eq(deals.accountId, f.accountId));
  if (f.contactId) where.push(eq(deals.contactId, f.contactId));
  const closeDate = sql`coalesce(${deals.closedOn}, ${deals.expectedCloseDate})`;
  if (f.closeFrom) where.push(sql`${closeDate} >= ${f.closeFrom}::date`);
  if (f.closeTo) where.push(sql`${closeDate} <= ${f.closeTo}::date`);
  return where;
}

export async function listDeals(
  db: Executor,
  actor: Actor,
  f: DealFilter & { sort: DealSort; after?: CursorValue[]; limit: number },
) {
  const where = filterConditions(actor, f);
  const descending = f.sort.startsWith('-');
  const key = sortKeys[f.sort.replace('-', '')]!;
  if (f.after) {
    const value = sql`${f.after[0]}::${sql.raw(key.cast)}`;
    where.push(
      descending
        ? sql`(${key.expr}, ${deals.id}) < (${value}, ${f.after[1]}::uuid)`
        : sql`(${key.expr}, ${deals.id}) > (${value}, ${f.after[1]}::uuid)`,
    );
  }
  return selectDeals(db)
    .where(and(...where))
    .orderBy(descending ? desc(key.expr) : asc(key.expr), descending ? desc(deals.id) : asc(deals.id))
    .limit(f.limit + 1);
}

/**
 * Per stage of a pipeline: how many deals match, and their total per currency. Filters on who owns
 * the deals (visibility, owner, team) and on the stage are answered from deal_stage_totals, a few
 * rows per owner and stage; the others (search, account, contact, status, close period) count the
 * matching deals themselves.
 */
export async function boardSummary(db: Executor, actor: Actor, f: DealFilter & { pipelineId: string }) {
  const byOwnerOnly = !f.search && !f.accountId && !f.contactId && !f.status && !f.closeFrom && !f.closeTo;
  if (!byOwnerOnly) {
    return db
      .select({
        stageId: deals.stageId,
        currency: deals.currency,
        count: sql<number>`count(*)::int`,
        amount: sql<number>`coalesce(sum(${deals.amount}), 0)::float8`,
      })
      .from(deals)
      .where(and(...filterConditions(actor, f)))
      .groupBy(deals.stageId, deals.currency);
  }
  const t = dealStageTotals;
  return db
    .select({
      stageId: t.stageId,
      currency: t.currency,
      count: sql<number>`sum(${t.deals})::int`,
      amount: sql<number>`sum(${t.amount})::float8`,
    })
    .from(t)
    .where(
      and(
        eq(t.orgId, actor.orgId),
        eq(t.pipelineId, f.pipelineId),
        visibleTo(actor, t.ownerId, { owner: f.ownerId }),
        f.stageId ? eq(t.stageId, f.stageId) : undefined,
        f.ownerId ? eq(t.ownerId, f.ownerId) : undefined,
        f.teamId ? ownedInTeamTree(actor.orgId, f.teamId, t.ownerId) : undefined,
      ),
    )
    .groupBy(t.stageId, t.currency)
    .having(sql`sum(${t.deals}) <> 0`);
}

/**
 * Merges deal_stage_totals' rows of differences into one row per group (housekeeping; the sums do
 * not change). Rows written meanwhile by transactions still open are not seen and stay as they are.
 */
export async function compactDealStageTotals(db: Executor, orgId?: string) {
  await db.execute(sql`
    with merged as (delete from deal_stage_totals ${orgId ? sql`where org_id = ${orgId}` : sql``} returning *)
    insert into deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
    select org_id, pipeline_id, stage_id, owner_id, currency, sum(deals), sum(amount) from merged
    group by org_id, pipeline_id, stage_id, owner_id, currency
    having sum(deals) <> 0 or sum(amount) <> 0`);
}

/** Recomputes deal_stage_totals from the deals (after a bulk load that bypassed triggers, say). */
export async function rebuildDealStageTotals(db: Db) {
  await db.transaction(async (tx) => {
    // Deals cannot change meanwhile; reading them stays possible.
    await tx.execute(sql`lock table deals in share mode`);
    await tx.execute(sql`delete from deal_stage_totals`);
    await tx.execute(sql`
    insert into deal_stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, deals, amount)
    select org_id, pipeline_id, stage_id, owner_id, currency, count(*), coalesce(sum(amount), 0) from deals
    group by org_id, pipeline_id, stage_id, owner_id, currency`);
  });
}

/**
 * The first `perStage` deals of each stage, most recently updated first: one small query per stage,
 * each walking the (org, pipeline, stage, updated_at) index rather than ranking the whole pipeline.
 */
export async function boardDeals(
  db: Executor,
  actor: Actor,
  f: DealFilter & { pipelineId: string },
  stageIds: string[],
  perStage: number,
) {
  const columns = await Promise.all(
    stageIds
      .filter((stageId) => !f.stageId || f.stageId === stageId)
      .map((stageId) =>
        selectDeals(db)
          .where(and(...filterConditions(actor, { ...f, stageId })))
          .orderBy(desc(deals.updatedAt), desc(deals.id))
          .limit(perStage),
      ),
  );
  return columns.flat();
}

export async function insertDeal(db: Executor, row: typeof deals.$inferInsert) {
  const [created] = await db.insert(deals).values(row).returning({ id: deals.id });
  return created!;
}

export type DealPatchRow = Partial<Omit<typeof deals.$inferInsert, 'orgId' | 'id' | 'version' | 'createdAt'>>;

export async function updateDeal(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: DealPatchRow,
) {
  const [row] = await db
    .update(deals)
    .set({ ...patch, version: sql`${deals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(deals.orgId, orgId), eq(deals.id, id), eq(deals.version, version)))
    .returning({ id: deals.id });
  return row;
}

export async function insertStageChange(db: Executor, row: typeof dealStageChanges.$inferInsert) {
  await db.insert(dealStageChanges).values(row);
}

const fromStage = sql`(select s.name from pipeline_stages s where s.org_id = ${dealStageChanges.orgId} and s.id = ${dealStageChanges.fromStageId})`;

export async function listStageChanges(db: Executor, orgId: string, dealId: string) {
  return db
    .select({
      id: dealStageChanges.id,
      fromStageId: dealStageChanges.fromStageId,
      fromStageName: sql<string | null>`${fromStage}`,
      toStageId: dealStageChanges.toStageId,
      toStageName: pipelineStages.name,
      changedAt: dealStageChanges.changedAt,
      changedById: dealStageChanges.changedBy,
      changedByName: users.name,
      source: dealStageChanges.source,
    })
    .from(dealStageChanges)
    .innerJoin(
      pipelineStages,
      and(
        eq(pipelineStages.orgId, dealStageChanges.orgId),
        eq(pipelineStages.id, dealStageChanges.toStageId),
      ),
    )
    .leftJoin(users, and(eq(users.orgId, dealStageChanges.orgId), eq(users.id, dealStageChanges.changedBy)))
    .where(and(eq(dealStageChanges.orgId, orgId), eq(dealStageChanges.dealId, dealId)))
    .orderBy(asc(dealStageChanges.changedAt), asc(dealStageChanges.id))
    .limit(1000);
}

export async function insertObjection(db: Executor, row: typeof objections.$inferInsert) {
  const [created] = await db.insert(objections).values(row).returning({ id: objections.id });
  return created!;
}

export async function listObjections(db: Executor, orgId: string, dealId: string) {
  return db
    .select({
      id: objections.id,
      dealId: objections.dealId,
      type: objections.type,
      technique: objections.technique,
      outcome: objections.outcome,
      notes: objections.notes,
      raisedOn: objections.raisedOn,
      loggedById: objections.loggedBy,
      loggedByName: users.name,
      createdAt: objections.createdAt,
    })
    .from(objections)
    .innerJoin(users, and(eq(users.orgId, objections.orgId), eq(users.id, objections.loggedBy)))
    .where(and(eq(objections.orgId, orgId), eq(objections.dealId, dealId)))
    .orderBy(asc(objections.raisedOn), asc(objections.createdAt))
    .limit(1000);
}

export async function findDealIdByExternalId(db: Executor, orgId: string, externalId: string) {
  const [row] = await db
    .select({ id: deals.id })
    .from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.externalId, externalId)));
  return row?.id;
}

/** A contact the actor may see, for linking to a deal. */
export async function findLinkableContact(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: contacts.id, accountId: contacts.accountId })
    .from(contacts)
    .where(
      and(
        eq(contacts.orgId, actor.orgId),
        eq(contacts.id, id),
        visibleTo(actor, contacts.ownerId, { unownedVisible: true }),
      ),
    );
  return row;
}

export async function productExists(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.id, id)));
  return !!row;
}
