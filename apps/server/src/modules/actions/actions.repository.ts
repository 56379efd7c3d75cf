/**
 * SQL for corrective actions and observations. Every statement is scoped to one organisation; reads
 * of corrective actions also carry the caller's visibility (`visibleActions`), so an action the
 * caller may not read is simply not found and lists never filter in memory.
 */
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { correctiveActions, observations, teamMemberships, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { exactTimestamp } from '../../platform/sql.ts';

// ---------------------------------------------------------------------------------------------
// Corrective actions

const person = alias(users, 'person');
const owner = alias(users, 'owner');
const reviewer = alias(users, 'reviewer');

/**
 * The actions the actor may read, as SQL (the `read` rule of actions.policy.ts): admins and
 * directors all; everyone else those about them or owned by them, and a leader (not a viewer) also
 * those about anyone currently in a team they lead, down the tree.
 */
export function visibleActions(actor: Actor): SQL | undefined {
  if (actor.role === 'admin' || actor.role === 'director') return undefined;
  const mine = or(eq(correctiveActions.personId, actor.userId), eq(correctiveActions.ownerId, actor.userId));
  const led = actor.role === 'viewer' ? [] : [...actor.ledTeamIds];
  if (led.length === 0) return mine;
  // `= any(array(…))`: the people led are computed once, as crm.scope.ts does for owners.
  const ledPeople = sql`array(select ${teamMemberships.userId} from ${teamMemberships} where ${and(
    eq(teamMemberships.orgId, actor.orgId),
    isNull(teamMemberships.validTo),
    inArray(teamMemberships.teamId, led),
  )})`;
  return or(mine, sql`${correctiveActions.personId} = any(${ledPeople})`);
}

function selectActions(db: Executor) {
  return db
    .select({
      orgId: correctiveActions.orgId,
      id: correctiveActions.id,
      personId: correctiveActions.personId,
      personName: person.name,
      ownerId: correctiveActions.ownerId,
      ownerName: owner.name,
      kind: correctiveActions.kind,
      title: correctiveActions.title,
      flag: correctiveActions.flag,
      metricId: correctiveActions.metricId,
      stageName: correctiveActions.stageName,
      baselineValue: correctiveActions.baselineValue,
      baselineStart: correctiveActions.baselineStart,
      baselineEnd: correctiveActions.baselineEnd,
      dueDate: correctiveActions.dueDate,
      status: correctiveActions.status,
      reviewValue: correctiveActions.reviewValue,
      reviewStart: correctiveActions.reviewStart,
      reviewEnd: correctiveActions.reviewEnd,
      reviewNote: correctiveActions.reviewNote,
      reviewedAt: correctiveActions.reviewedAt,
      reviewedBy: correctiveActions.reviewedBy,
      reviewedByName: reviewer.name,
      createdBy: correctiveActions.createdBy,
      version: correctiveActions.version,
      createdAt: correctiveActions.createdAt,
      updatedAt: correctiveActions.updatedAt,
    })
    .from(correctiveActions)
    .innerJoin(
      person,
      and(eq(person.orgId, correctiveActions.orgId), eq(person.id, correctiveActions.personId)),
    )
    .innerJoin(owner, and(eq(owner.orgId, correctiveActions.orgId), eq(owner.id, correctiveActions.ownerId)))
    .leftJoin(
      reviewer,
      and(eq(reviewer.orgId, correctiveActions.orgId), eq(reviewer.id, correctiveActions.reviewedBy)),
    );
}

export type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** An action the actor may read. */
export async function findAction(db: Executor, actor: Actor, id: string) {
  const [row] = await selectActions(db).where(
    and(eq(correctiveActions.orgId, actor.orgId), eq(correctiveActions.id, id), visibleActions(actor)),
  );
  return row;
}

export interface ActionFilter {
  personId?: string;
  ownerId?: string;
  status?: (typeof correctiveActions.status.enumValues)[number];
  after?: CursorValue[];
  limit: number;
}

/** Soonest due first (what needs doing next), then by id: the cursor is [dueDate, id]. */
export const actionSortKey = (row: { dueDate: string; id: string }) => [row.dueDate, row.id];

export async function listActions(db: Executor, actor: Actor, f: ActionFilter) {
  const where: (SQL | undefined)[] = [eq(correctiveActions.orgId, actor.orgId), visibleActions(actor)];
  if (f.personId) where.push(eq(correctiveActions.personId, f.personId));
  if (f.ownerId) where.push(eq(correctiveActions.ownerId, f.ownerId));
  if (f.status) where.push(eq(correctiveActions.status, f.status));
  if (f.after) {
    where.push(
      sql`(${correctiveActions.dueDate}, ${correctiveActions.id}) > (${f.after[0]}::date, ${f.after[1]}::uuid)`,
    );
  }
  return selectActions(db)
    .where(and(...where))
    .orderBy(asc(correctiveActions.dueDate), asc(correctiveActions.id))
    .limit(f.limit + 1);
}

export async function insertAction(db: Executor, row: typeof correctiveActions.$inferInsert) {
  const [created] = await db.insert(correctiveActions).values(row).returning({ id: correctiveActions.id });
  return created!;
}

export type ActionPatchRow = Partial<
  Pick<
    typeof correctiveActions.$inferInsert,
    | 'title'
    | 'kind'
    | 'ownerId'
    | 'dueDate'
    | 'status'
    | 'reviewValue'
    | 'reviewStart'
    | 'reviewEnd'
    | 'reviewNote'
    | 'reviewedAt'
    | 'reviewedBy'
  >
>;

/** Applies the patch if the action is still at `version`; undefined when it is not (or is gone). */
export async function updateAction(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: ActionPatchRow,
) {
  const [row] = await db
    .update(correctiveActions)
    .set({ ...patch, version: sql`${correctiveActions.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(correctiveActions.orgId, orgId),
        eq(correctiveActions.id, id),
        eq(correctiveActions.version, version),
      ),
    )
    .returning({ id: correctiveActions.id });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Observations

const author = alias(users, 'author');

function selectObservations(db: Executor) {
  return db
    .select({
      orgId: observations.orgId,
      id: observations.id,
      personId: observations.personId,
      authorId: observations.authorId,
      authorName: author.name,
      observedOn: observations.observedOn,
      body: observations.body,
      createdAt: observations.createdAt,
      createdKey: exactTimestamp(observations.createdAt),
    })
    .from(observations)
    .innerJoin(author, and(eq(author.orgId, observations.orgId), eq(author.id, observations.authorId)));
}

export type ObservationRow = NonNullable<Awaited<ReturnType<typeof findObservation>>>;

export async function findObservation(db: Executor, orgId: string, id: string) {
  const [row] = await selectObservations(db).where(
    and(eq(observations.orgId, orgId), eq(observations.id, id)),
  );
  return row;
}

/** Newest first: by the day observed, then by when written; the cursor is [observedOn, createdAt, id]. */
export const observationSortKey = (row: { observedOn: string; createdKey: string; id: string }) => [
  row.observedOn,
  row.createdKey,
  row.id,
];

export async function listObservations(
  db: Executor,
  orgId: string,
  personId: string,
  f: { after?: CursorValue[]; limit: number },
) {
  const where: (SQL | undefined)[] = [eq(observations.orgId, orgId), eq(observations.personId, personId)];
  if (f.after) {
    const [day, at, id] = f.after;
    where.push(
      sql`(${observations.observedOn}, ${observations.createdAt}, ${observations.id}) < (${day}::date, ${at}::timestamptz, ${id}::uuid)`,
    );
  }
  return selectObservations(db)
    .where(and(...where))
    .orderBy(desc(observations.observedOn), desc(observations.createdAt), desc(observations.id))
    .limit(f.limit + 1);
}

export async function insertObservation(db: Executor, row: typeof observations.$inferInsert) {
  const [created] = await db.insert(observations).values(row).returning({ id: observations.id });
  return created!;
}

export async function deleteObservation(db: Executor, orgId: string, id: string) {
  await db.delete(observations).where(and(eq(observations.orgId, orgId), eq(observations.id, id)));
}
