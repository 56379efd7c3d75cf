/**
 * The SQL of forecasting: submissions and adjustments (append-only; the latest counts), the current
 * members of a team tree, and the deals behind a forecast (open deals expected to close in the
 * period, and deals won in it). Every statement is scoped to one organisation.
 */
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  deals,
  forecastAdjustments,
  forecastSubmissions,
  pipelineStages,
  teamMemberships,
  teams,
  users,
} from '../../db/schema/index.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { exactTimestamp } from '../../platform/sql.ts';

export type Category = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';

// ---------------------------------------------------------------------------------------------
// Submissions

const submissionColumns = {
  id: forecastSubmissions.id,
  submitterId: forecastSubmissions.submitterId,
  periodLabel: forecastSubmissions.periodLabel,
  periodStart: forecastSubmissions.periodStart,
  periodEnd: forecastSubmissions.periodEnd,
  currency: forecastSubmissions.currency,
  amount: forecastSubmissions.amount,
  bestCase: forecastSubmissions.bestCase,
  note: forecastSubmissions.note,
  submittedAt: forecastSubmissions.submittedAt,
};

export type SubmissionRow = Awaited<ReturnType<typeof latestSubmissions>>[number];

export async function insertSubmission(db: Executor, row: typeof forecastSubmissions.$inferInsert) {
  const [created] = await db.insert(forecastSubmissions).values(row).returning(submissionColumns);
  return created!;
}

/** Each person's latest submission for the period. */
export async function latestSubmissions(
  db: Executor,
  orgId: string,
  periodLabel: string,
  personIds: readonly string[],
) {
  if (personIds.length === 0) return [];
  return db
    .selectDistinctOn([forecastSubmissions.submitterId], submissionColumns)
    .from(forecastSubmissions)
    .where(
      and(
        eq(forecastSubmissions.orgId, orgId),
        eq(forecastSubmissions.periodLabel, periodLabel),
        inArray(forecastSubmissions.submitterId, [...personIds]),
      ),
    )
    .orderBy(
      asc(forecastSubmissions.submitterId),
      desc(forecastSubmissions.submittedAt),
      desc(forecastSubmissions.id),
    );
}

/**
 * Each person's latest submission for each period made before the period ended (UTC), which is
 * what a track record judges: a figure given after the fact is no forecast.
 */
export async function submissionsBeforeEnd(
  db: Executor,
  orgId: string,
  personIds: readonly string[],
  periodLabels: readonly string[],
) {
  if (personIds.length === 0 || periodLabels.length === 0) return [];
  return db
    .selectDistinctOn([forecastSubmissions.submitterId, forecastSubmissions.periodLabel], submissionColumns)
    .from(forecastSubmissions)
    .where(
      and(
        eq(forecastSubmissions.orgId, orgId),
        inArray(forecastSubmissions.submitterId, [...personIds]),
        inArray(forecastSubmissions.periodLabel, [...periodLabels]),
        sql`${forecastSubmissions.submittedAt} < ((${forecastSubmissions.periodEnd} + 1)::timestamp at time zone 'UTC')`,
      ),
    )
    .orderBy(
      asc(forecastSubmissions.submitterId),
      asc(forecastSubmissions.periodLabel),
      desc(forecastSubmissions.submittedAt),
      desc(forecastSubmissions.id),
    );
}

/** A person's submissions, newest first; the cursor is [submitted_at as exact text, id]. */
export async function listSubmissions(
  db: Executor,
  orgId: string,
  f: { personId: string; periodLabel?: string; after?: CursorValue[]; limit: number },
) {
  const where: (SQL | undefined)[] = [
    eq(forecastSubmissions.orgId, orgId),
    eq(forecastSubmissions.submitterId, f.personId),
  ];
  if (f.periodLabel) where.push(eq(forecastSubmissions.periodLabel, f.periodLabel));
  if (f.after) {
    where.push(
      sql`(${forecastSubmissions.submittedAt}, ${forecastSubmissions.id}) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`,
    );
  }
  return db
    .select({ ...submissionColumns, submittedKey: exactTimestamp(forecastSubmissions.submittedAt) })
    .from(forecastSubmissions)
    .where(and(...where))
    .orderBy(desc(forecastSubmissions.submittedAt), desc(forecastSubmissions.id))
    .limit(f.limit + 1);
}

// ---------------------------------------------------------------------------------------------
// Adjustments

const adjuster = alias(users, 'adjuster');

const adjustmentColumns = {
  id: forecastAdjustments.id,
  periodLabel: forecastAdjustments.periodLabel,
  personId: forecastAdjustments.personId,
  teamId: forecastAdjustments.teamId,
  amount: forecastAdjustments.amount,
  note: forecastAdjustments.note,
  adjustedBy: forecastAdjustments.adjustedBy,
  adjustedByName: adjuster.name,
  adjustedAt: forecastAdjustments.adjustedAt,
};

export type AdjustmentRow = Awaited<ReturnType<typeof latestAdjustments>>[number];

export async function insertAdjustment(db: Executor, row: typeof forecastAdjustments.$inferInsert) {
  const [created] = await db
    .insert(forecastAdjustments)
    .values(row)
    .returning({ id: forecastAdjustments.id });
  return created!;
}

export async function findAdjustment(db: Executor, orgId: string, id: number) {
  const [row] = await db
    .select(adjustmentColumns)
    .from(forecastAdjustments)
    .leftJoin(
      adjuster,
      and(eq(adjuster.orgId, forecastAdjustments.orgId), eq(adjuster.id, forecastAdjustments.adjustedBy)),
    )
    .where(and(eq(forecastAdjustments.orgId, orgId), eq(forecastAdjustments.id, id)));
  return row;
}

/** The latest adjustment of each of these people and teams for the period. */
export async function latestAdjustments(
  db: Executor,
  orgId: string,
  periodLabel: string,
  subjects: { personIds: readonly string[]; teamIds: readonly string[] },
) {
  const who = [
    subjects.personIds.length ? inArray(forecastAdjustments.personId, [...subjects.personIds]) : undefined,
    subjects.teamIds.length ? inArray(forecastAdjustments.teamId, [...subjects.teamIds]) : undefined,
  ].filter((c): c is SQL => !!c);
  if (who.length === 0) return [];
  return db
    .selectDistinctOn([forecastAdjustments.personId, forecastAdjustments.teamId], adjustmentColumns)
    .from(forecastAdjustments)
    .leftJoin(
      adjuster,
      and(eq(adjuster.orgId, forecastAdjustments.orgId), eq(adjuster.id, forecastAdjustments.adjustedBy)),
    )
    .where(
      and(eq(forecastAdjustments.orgId, orgId), eq(forecastAdjustments.periodLabel, periodLabel), or(...who)),
    )
    .orderBy(
      asc(forecastAdjustments.personId),
      asc(forecastAdjustments.teamId),
      desc(forecastAdjustments.adjustedAt),
      desc(forecastAdjustments.id),
    );
}

/** A person's or a team's adjustments, newest first; the identity id is the cursor. */
export async function listAdjustments(
  db: Executor,
  orgId: string,
  f: { personId?: string; teamId?: string; periodLabel?: string; beforeId?: number; limit: number },
) {
  const where: (SQL | undefined)[] = [
    eq(forecastAdjustments.orgId, orgId),
    f.personId ? eq(forecastAdjustments.personId, f.personId) : undefined,
    f.teamId ? eq(forecastAdjustments.teamId, f.teamId) : undefined,
    f.periodLabel ? eq(forecastAdjustments.periodLabel, f.periodLabel) : undefined,
    f.beforeId !== undefined ? sql`${forecastAdjustments.id} < ${f.beforeId}` : undefined,
  ];
  return db
    .select(adjustmentColumns)
    .from(forecastAdjustments)
    .leftJoin(
      adjuster,
      and(eq(adjuster.orgId, forecastAdjustments.orgId), eq(adjuster.id, forecastAdjustments.adjustedBy)),
    )
    .where(and(...where))
    .orderBy(desc(forecastAdjustments.id))
    .limit(f.limit + 1);
}

// ---------------------------------------------------------------------------------------------
// Teams and people

/** The teams of a subtree (archived ones left out, except the root asked for). */
export async function findTeamsByIds(db: Executor, orgId: string, ids: readonly string[], rootId: string) {
  if (ids.length === 0) return [];
  return db
    .select({ id: teams.id, name: teams.name, type: teams.type, parentId: teams.parentId })
    .from(teams)
    .where(
      and(
        eq(teams.orgId, orgId),
        inArray(teams.id, [...ids]),
        or(isNull(teams.archivedAt), eq(teams.id, rootId)),
      ),
    )
    .orderBy(asc(teams.name), asc(teams.id));
}

/** Who is in these teams now (an open membership), by name. */
export async function currentMembers(db: Executor, orgId: string, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db
    .select({ userId: users.id, name: users.name, teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .innerJoin(users, and(eq(users.orgId, teamMemberships.orgId), eq(users.id, teamMemberships.userId)))
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        inArray(teamMemberships.teamId, [...teamIds]),
        isNull(teamMemberships.validTo),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

// ---------------------------------------------------------------------------------------------
// The deals behind a forecast

/** Won deals count as closed whatever they were flagged, so the category is derived here. */
const category = sql<Category>`(case when ${deals.status} = 'won' then 'closed' else ${deals.forecastCategory}::text end)`;
/** The date that puts a deal in the period: when it was won, or when it is expected to close. */
const closeDate = sql`(case when ${deals.status} = 'won' then ${deals.closedOn} else ${deals.expectedCloseDate} end)`;

function behindForecast(orgId: string, ownerIds: readonly string[], start: string, end: string) {
  return and(
    eq(deals.orgId, orgId),
    inArray(deals.ownerId, [...ownerIds]),
    or(
      and(eq(deals.status, 'open'), sql`${deals.expectedCloseDate} between ${start} and ${end}`),
      and(eq(deals.status, 'won'), sql`${deals.closedOn} between ${start} and ${end}`),
    ),
  );
}

export interface DealSumRow {
  ownerId: string;
  category: Category;
  currency: string;
  status: 'open' | 'won';
  probability: number;
  deals: number;
  amount: number;
}

/** Count and amount of the deals behind each owner's forecast, per category × currency × stage probability. */
export async function sumDealsBehind(
  db: Executor,
  orgId: string,
  ownerIds: readonly string[],
  start: string,
  end: string,
): Promise<DealSumRow[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .select({
      ownerId: deals.ownerId,
      category,
      currency: deals.currency,
      status: sql<'open' | 'won'>`${deals.status}::text`,
      probability: pipelineStages.probability,
      deals: sql<number>`count(*)::int`,
      amount: sql<number>`coalesce(sum(${deals.amount}), 0)::float8`,
    })
    .from(deals)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(behindForecast(orgId, ownerIds, start, end))
    .groupBy(deals.ownerId, category, deals.currency, deals.status, pipelineStages.probability);
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** The deals behind a figure, by close date then id; the cursor is [close date, id]. */
export async function listDealsBehind(
  db: Executor,
  orgId: string,
  f: {
    ownerIds: readonly string[];
    start: string;
    end: string;
    category?: Category;
    after?: CursorValue[];
    limit: number;
  },
) {
  if (f.ownerIds.length === 0) return [];
  const where: (SQL | undefined)[] = [behindForecast(orgId, f.ownerIds, f.start, f.end)];
  if (f.category) where.push(sql`${category} = ${f.category}`);
  if (f.after) where.push(sql`(${closeDate}, ${deals.id}) > (${f.after[0]}::date, ${f.after[1]}::uuid)`);
  const owner = alias(users, 'owner');
  return db
    .select({
      id: deals.id,
      name: deals.name,
      amount: deals.amount,
      currency: deals.currency,
      status: deals.status,
      stageId: deals.stageId,
      stageName: pipelineStages.name,
      probability: pipelineStages.probability,
      expectedCloseDate: deals.expectedCloseDate,
      closedOn: deals.closedOn,
      category,
      closeDate: sql<string>`${closeDate}::text`,
      ownerId: deals.ownerId,
      ownerName: owner.name,
    })
    .from(deals)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .innerJoin(owner, and(eq(owner.orgId, deals.orgId), eq(owner.id, deals.ownerId)))
    .where(and(...where))
    .orderBy(asc(closeDate), asc(deals.id))
    .limit(f.limit + 1);
}
