/**
 * The KPI engine's SQL: sums of the per-person × day roll-ups over any set of (person, from, to)
 * slices, never a rescan of deals or activities; the open pipeline from its roll-up; and the stage
 * history for funnel diagnostics. Every statement is scoped to one organisation.
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral } from '../../platform/bulk.ts';
import { type Db, type Executor, queryRows } from '../../platform/db.ts';

/**
 * One person's contribution to a figure: their roll-up rows of one grain between two days
 * (inclusive; for months, the first days of the first and last month), under a key.
 */
export interface Slice {
  /** Which figure the rows add to (e.g. "period 3"); rows are returned per key × owner. */
  key: number;
  ownerId: string;
  grain: 'd' | 'm';
  start: string;
  end: string;
}

function slicesTable(slices: readonly Slice[]): SQL {
  const column = (pick: (s: Slice) => unknown) => arrayLiteral(slices.map(pick));
  return sql`unnest(${column((s) => s.key)}::int[], ${column((s) => s.ownerId)}::uuid[], ${column((s) => s.grain)}::text[],
    ${column((s) => s.start)}::date[], ${column((s) => s.end)}::date[]) as m(key, owner_id, grain, d0, d1)`;
}

/**
 * One slice's roll-up rows, as a LATERAL subquery: a range of the (org, owner, grain, day) index per
 * slice, whatever the statistics say (with one organisation in a small table PostgreSQL preferred
 * hashing the whole table, which grows with the organisation, not with the question). `offset 0`
 * keeps the planner from flattening the subquery back into that join.
 */
function rollupRows(orgId: string, table: string, columns: string) {
  return sql`cross join lateral (select ${sql.raw(columns)} from ${sql.raw(table)} x
    where x.org_id = ${orgId} and x.owner_id = m.owner_id and x.grain = m.grain and x.day between m.d0 and m.d1
    offset 0) r`;
}

export interface DealSums {
  key: number;
  ownerId: string;
  dealsCreated: number;
  dealsWon: number;
  dealsLost: number;
  /** Revenue won in the reporting currency, and how many won deals it comes from. */
  revenueWon: number;
  revenueDeals: number;
}

export async function sumDealDays(db: Executor, orgId: string, currency: string, slices: readonly Slice[]) {
  if (slices.length === 0) return [];
  return queryRows<DealSums>(
    db,
    sql`select m.key, m.owner_id as "ownerId",
      sum(r.deals_created)::int as "dealsCreated", sum(r.deals_won)::int as "dealsWon",
      sum(r.deals_lost)::int as "dealsLost",
      sum(case when r.currency = ${currency} then r.revenue_won else 0 end)::float8 as "revenueWon",
      sum(case when r.currency = ${currency} then r.deals_won else 0 end)::int as "revenueDeals"
    from ${slicesTable(slices)}
    ${rollupRows(orgId, 'kpi_deal_days', 'x.currency, x.deals_created, x.deals_won, x.deals_lost, x.revenue_won')}
    group by m.key, m.owner_id`,
  );
}

export async function sumCycleDays(db: Executor, orgId: string, slices: readonly Slice[]) {
  if (slices.length === 0) return [];
  return queryRows<{ key: number; ownerId: string; cycleDays: number; deals: number }>(
    db,
    sql`select m.key, m.owner_id as "ownerId", r.cycle_days as "cycleDays", sum(r.deals)::int as deals
    from ${slicesTable(slices)}
    ${rollupRows(orgId, 'kpi_cycle_days', 'x.cycle_days, x.deals')}
    group by m.key, m.owner_id, r.cycle_days
    having sum(r.deals) <> 0`,
  );
}

export async function sumActivityDays(db: Executor, orgId: string, slices: readonly Slice[]) {
  if (slices.length === 0) return [];
  return queryRows<{ key: number; ownerId: string; type: string; activities: number }>(
    db,
    sql`select m.key, m.owner_id as "ownerId", r.type, sum(r.activities)::int as activities
    from ${slicesTable(slices)}
    ${rollupRows(orgId, 'kpi_activity_days', 'x.type, x.activities')}
    group by m.key, m.owner_id, r.type`,
  );
}

export interface OpenPipeline {
  ownerId: string;
  openDeals: number;
  dueDeals: number;
  dueAmount: number;
  dueWeighted: number;
}

/**
 * Open deals now, per owner: all of them, and those expected to close between two days (amounts in
 * the reporting currency, weighted by their stage's probability).
 */
export async function openPipeline(
  db: Executor,
  orgId: string,
  currency: string,
  ownerIds: readonly string[],
  dueFrom: string,
  dueTo: string,
) {
  if (ownerIds.length === 0) return [];
  return queryRows<OpenPipeline>(
    db,
    sql`select r.owner_id as "ownerId", sum(r.deals)::int as "openDeals",
      sum(case when due then r.deals else 0 end)::int as "dueDeals",
      sum(case when due and r.currency = ${currency} then r.amount else 0 end)::float8 as "dueAmount",
      sum(case when due and r.currency = ${currency} then r.amount * s.probability / 100.0 else 0 end)::float8 as "dueWeighted"
    from (select *, expected_close between ${dueFrom}::date and ${dueTo}::date as due from kpi_open_deals
      where org_id = ${orgId} and owner_id = any(${arrayLiteral(ownerIds)}::uuid[])) r
    join pipeline_stages s on s.id = r.stage_id
    where s.org_id = ${orgId}
    group by r.owner_id
    having sum(r.deals) <> 0`,
  );
}

/** Accounts each person owns that were customers on a day before the period, at its end, and new in it. */
export async function customerCounts(
  db: Executor,
  orgId: string,
  ownerIds: readonly string[],
  start: string,
  end: string,
) {
  if (ownerIds.length === 0) return [];
  return queryRows<{ ownerId: string; atStart: number; atEnd: number; newInPeriod: number }>(
    db,
    sql`select owner_id as "ownerId",
      sum(case when customer_since < ${start}::date and (customer_until is null or customer_until >= ${start}::date) then 1 else 0 end)::int as "atStart",
      sum(case when customer_since <= ${end}::date and (customer_until is null or customer_until > ${end}::date) then 1 else 0 end)::int as "atEnd",
      sum(case when customer_since between ${start}::date and ${end}::date then 1 else 0 end)::int as "newInPeriod"
    from accounts
    where org_id = ${orgId} and owner_id = any(${arrayLiteral(ownerIds)}::uuid[]) and customer_since is not null
    group by owner_id`,
  );
}

/** Everyone in the organisation (or every team that is not archived), by name: the CLI's "all". */
export async function allSubjects(db: Executor, orgId: string, by: 'person' | 'team') {
  return queryRows<{ id: string; name: string }>(
    db,
    by === 'person'
      ? sql`select id, name from users where org_id = ${orgId} order by name, id`
      : sql`select id, name from teams where org_id = ${orgId} and archived_at is null order by name, id`,
  );
}

export interface MembershipSpan {
  userId: string;
  name: string;
  teamId: string;
  validFrom: string;
  validTo: string | null;
  active: boolean;
}

/**
 * Everyone who was in a team, or in a team below it, at some time between two days, with the dates
 * they were (one statement: the subtree and the memberships).
 */
export async function subtreeMembershipSpans(
  db: Executor,
  orgId: string,
  teamId: string,
  start: string,
  end: string,
) {
  return queryRows<MembershipSpan>(
    db,
    sql`with recursive tree as (
      select id from teams where org_id = ${orgId} and id = ${teamId}
      union
      select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = ${orgId}
    )
    select m.user_id as "userId", u.name, m.team_id as "teamId", m.valid_from::text as "validFrom",
      m.valid_to::text as "validTo", u.status = 'active' as active
    from team_memberships m join users u on u.id = m.user_id
    where m.org_id = ${orgId} and u.org_id = ${orgId} and m.team_id in (select id from tree)
      and m.valid_from <= ${end}::date and (m.valid_to is null or m.valid_to >= ${start}::date)
    order by u.name, m.valid_from`,
  );
}

export interface StageFlowRow {
  ownerId: string;
  stageId: string;
  entered: number;
  advanced: number;
}

/**
 * The funnel of a pipeline for some people: for each stage, the deals that first entered it in the
 * period (the cohort) and how many of those later reached a further open stage or were won; and,
 * of those that left the stage, the whole days they spent in it.
 */
export async function funnelFlows(
  db: Executor,
  orgId: string,
  pipelineId: string,
  ownerIds: readonly string[],
  start: string,
  end: string,
) {
  if (ownerIds.length === 0) return { flows: [], days: [] };
  const owners = sql`${arrayLiteral(ownerIds)}::uuid[]`;
  const base = sql`
    with stages as (
      select id, case when kind = 'won' then 1000000 when kind = 'lost' then -1 else position end as rank
      from pipeline_stages where org_id = ${orgId} and pipeline_id = ${pipelineId}
    ),
    -- Deals that can have entered a stage in the period: open now, or closed on or after its first
    -- day; created by its last. Two ranges of the (org, owner, status, closed_on) index.
    candidates as materialized (
      select id, owner_id from deals
      where org_id = ${orgId} and pipeline_id = ${pipelineId} and owner_id = any(${owners})
        and status = 'open' and created_on <= ${end}::date
      union all
      select id, owner_id from deals
      where org_id = ${orgId} and pipeline_id = ${pipelineId} and owner_id = any(${owners})
        and status in ('won', 'lost') and closed_on >= ${start}::date and created_on <= ${end}::date
    ),
    -- Each candidate's history, read by its (org, deal) index one deal at a time.
    moves as materialized (
      select c.org_id, d.id as deal_id, d.owner_id, c.to_stage_id as stage_id, c.changed_at, s.rank,
        lead(c.changed_at) over (partition by d.id order by c.changed_at, c.id) as left_at,
        max(s.rank) over (partition by d.id) as furthest
      from candidates d
      cross join lateral (
        select h.org_id, h.id, h.to_stage_id, h.changed_at from deal_stage_changes h
        where h.org_id = ${orgId} and h.deal_id = d.id
        offset 0 -- keeps PostgreSQL from turning this back into a hash join over every stage change
      ) c
      join stages s on s.id = c.to_stage_id
    ),
    firsts as (
      select distinct on (deal_id, stage_id) org_id, deal_id, owner_id, stage_id, rank, changed_at, left_at, furthest
      from moves order by deal_id, stage_id, changed_at
    ),
    cohort as (
      select f.* from firsts f
      where f.org_id = ${orgId} and f.rank between 0 and 999999
        and (f.changed_at at time zone 'UTC')::date between ${start}::date and ${end}::date
    )`;
  // One row per person × stage × whole days in the stage (null: not left yet), with how many of
  // those deals entered and how many advanced; flows and histograms are both sums of these.
  const rows = await queryRows<{
    ownerId: string;
    stageId: string;
    days: number | null;
    entered: number;
    advanced: number;
  }>(
    db,
    sql`${base}
    select owner_id as "ownerId", stage_id as "stageId",
      floor(extract(epoch from left_at - changed_at) / 86400)::int as days, count(*)::int as entered,
      sum(case when furthest > rank then 1 else 0 end)::int as advanced
    from cohort group by 1, 2, 3`,
  );
  const flows = new Map<string, StageFlowRow>();
  const days: { ownerId: string; stageId: string; days: number; deals: number }[] = [];
  for (const r of rows) {
    const key = `${r.ownerId}|${r.stageId}`;
    const f = flows.get(key) ?? { ownerId: r.ownerId, stageId: r.stageId, entered: 0, advanced: 0 };
    f.entered += r.entered;
    f.advanced += r.advanced;
    flows.set(key, f);
    if (r.days !== null)
      days.push({ ownerId: r.ownerId, stageId: r.stageId, days: r.days, deals: r.entered });
  }
  return { flows: [...flows.values()], days };
}

/**
 * Merges the roll-ups' rows of differences (housekeeping; the sums do not change): only the groups
 * that have an unsettled row, found by a partial index, so the cost follows what was written since
 * the last merge. Every row of such a group is replaced by one settled row (none when it sums to
 * zero). Rows written meanwhile by transactions still open are not seen and stay as they are.
 */
export async function compactRollups(db: Executor, orgId?: string) {
  /** Table and column names are constants of this file; only the organisation is a parameter. */
  const merge = async (table: string, keys: string[], sums: string[], nullable: string[] = []) => {
    const keyList = sql.raw(keys.join(', '));
    const same = sql.raw(
      keys
        .map((k) => (nullable.includes(k) ? `r.${k} is not distinct from t.${k}` : `r.${k} = t.${k}`))
        .join(' and '),
    );
    const inOrg = (alias: string) => (orgId ? sql`${sql.raw(alias)}org_id = ${orgId} and ` : sql``);
    await db.execute(sql`
      with touched as (select distinct ${keyList} from ${sql.raw(table)} where ${inOrg('')}not settled),
      merged as (delete from ${sql.raw(table)} r using touched t where ${inOrg('r.')}${same} returning r.*)
      insert into ${sql.raw(table)} (${keyList}, ${sql.raw(sums.join(', '))}, settled)
      select ${keyList}, ${sql.raw(sums.map((c) => `sum(${c})`).join(', '))}, true from merged
      group by ${keyList}
      having ${sql.raw(sums.map((c) => `sum(${c}) <> 0`).join(' or '))}`);
  };
  await merge(
    'kpi_deal_days',
    ['org_id', 'owner_id', 'grain', 'day', 'currency'],
    ['deals_created', 'deals_won', 'deals_lost', 'revenue_won'],
  );
  await merge('kpi_cycle_days', ['org_id', 'owner_id', 'grain', 'day', 'cycle_days'], ['deals']);
  await merge('kpi_activity_days', ['org_id', 'owner_id', 'grain', 'day', 'type'], ['activities']);
  await merge(
    'kpi_open_deals',
    ['org_id', 'owner_id', 'pipeline_id', 'stage_id', 'currency', 'expected_close'],
    ['deals', 'amount'],
    ['expected_close'],
  );
}

/** Recomputes every roll-up from deals and activities (`kpi_rebuild()`, migration 0011). */
export async function rebuildRollups(db: Db) {
  await db.transaction(async (tx) => {
    // Deals and activities cannot change meanwhile; reading them stays possible.
    await tx.execute(sql`lock table deals, activities in share mode`);
    await tx.execute(sql`select kpi_rebuild()`);
  });
}
