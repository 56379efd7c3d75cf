/**
 * Acting on what the dashboards show. A corrective action turns a flagged gap into something done
 * (training, coaching, a revised script…) by an owner before a due date; it keeps the metric's value
 * when it was raised (the baseline) and, once reviewed, its value over a later period, so the leader
 * sees whether the metric moved. Observations are a leader's qualitative notes on a person, shown
 * beside the numbers. Both are personal records: see actions.policy.ts for who sees and writes them.
 */
import { type IsoDate, isMetricId, type MetricDirection, metricDefinition } from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Forbidden, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { type CursorValue, decodeCursor, decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { ownerSubject, ownerSubjects } from '../crm/crm.scope.ts';
import { personMetric, readPeriod } from '../kpi/kpi.service.ts';
import { findUser } from '../users/users.repository.ts';
import { todayIso } from '../users/users.service.ts';
import { type ActionSubject, correctiveActionPolicy, observationPolicy } from './actions.policy.ts';
import * as repo from './actions.repository.ts';
import type {
  CorrectiveActionInput,
  CorrectiveActionPatch,
  CorrectiveActionReview,
  CorrectiveActionsQuery,
  ObservationInput,
} from './actions.schemas.ts';

// ---------------------------------------------------------------------------------------------
// The effect of an action

export interface Effect {
  baseline: number | null;
  review: number | null;
  change: number | null;
  improved: boolean | null;
}

/**
 * Whether a metric moved the right way between the baseline and the review. A metric that did not
 * move did not improve; when either value is undefined (a win rate with no deal closed) nothing can
 * be said, and neither can it when the metric's direction is unknown.
 */
export function effectOf(
  direction: MetricDirection | null,
  baseline: number | null,
  review: number | null,
): Effect {
  if (baseline === null || review === null) return { baseline, review, change: null, improved: null };
  const change = review - baseline;
  const improved = direction === null ? null : direction === 'lower_is_better' ? change < 0 : change > 0;
  return { baseline, review, change, improved };
}

// ---------------------------------------------------------------------------------------------
// Corrective actions

const metricOf = (id: string) => (isMetricId(id) ? metricDefinition(id) : null);

function present(actor: Actor, row: repo.ActionRow, subjectOf: (personId: string) => Subject) {
  const { orgId: _o, ...rest } = row;
  const metric = metricOf(row.metricId);
  const subject: ActionSubject = { ...subjectOf(row.personId), ownerId: row.ownerId };
  return {
    ...rest,
    metricName: metric?.name ?? row.metricId,
    metricUnit: metric?.unit ?? null,
    metricDirection: metric?.direction ?? null,
    effect: row.reviewedAt ? effectOf(metric?.direction ?? null, row.baselineValue, row.reviewValue) : null,
    can: correctiveActionPolicy.abilities(actor, subject),
  };
}

async function presentMany(db: Executor, actor: Actor, rows: repo.ActionRow[]) {
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    rows.map((r) => r.personId),
  );
  return rows.map((r) => present(actor, r, (id) => subjectOf(id)));
}

async function loadAction(db: Executor, actor: Actor, id: string) {
  const row = await repo.findAction(db, actor, id);
  if (!row) throw new NotFound('corrective action');
  return row;
}

async function actionSubject(db: Executor, actor: Actor, row: { personId: string; ownerId: string }) {
  return { ...(await ownerSubject(db, actor.orgId, row.personId)), ownerId: row.ownerId } as ActionSubject;
}

function authorize(actor: Actor, action: 'update' | 'set_status' | 'review', subject: ActionSubject) {
  if (correctiveActionPolicy.can(actor, action, subject)) return;
  throw new Forbidden(
    action === 'set_status'
      ? 'Only the person it is about, its owner, their leaders, directors and admins can change the status of this action'
      : `Only the person’s leaders, directors and admins can ${action === 'review' ? 'review' : 'change'} a corrective action`,
  );
}

/** The person an action is about: someone active in the organisation. */
async function checkPerson(db: Executor, actor: Actor, personId: string) {
  const person = await findUser(db, actor.orgId, personId);
  if (!person) throw Invalid.field('body.personId', 'no such person in this organisation');
  if (person.status !== 'active') throw Invalid.field('body.personId', `${person.name} is deactivated`);
  return person;
}

/** Who carries an action out: someone active who can write (not a viewer). */
async function checkOwner(db: Executor, actor: Actor, ownerId: string) {
  const owner = await findUser(db, actor.orgId, ownerId);
  if (!owner) throw Invalid.field('body.ownerId', 'no such person in this organisation');
  if (owner.status !== 'active') throw Invalid.field('body.ownerId', `${owner.name} is deactivated`);
  if (owner.role === 'viewer') {
    throw Invalid.field('body.ownerId', `${owner.name} is a viewer and cannot carry out actions`);
  }
}

const auditRecord = ({
  orgId: _o,
  personName: _p,
  ownerName: _n,
  reviewedByName: _r,
  ...rest
}: repo.ActionRow) => rest;

export async function listCorrectiveActions({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: CorrectiveActionsQuery;
}) {
  const { cursor, ...filter } = input;
  const rows = await repo.listActions(db, actor, { ...filter, after: decodeKeyset(cursor, 'date') });
  const page = toPage(rows, input.limit, repo.actionSortKey);
  return { nextCursor: page.nextCursor, items: await presentMany(db, actor, page.items) };
}

export async function getCorrectiveAction({
  db,
  actor,
  id,
}: {
  db: Db | Executor;
  actor: Actor;
  id: string;
}) {
  const [item] = await presentMany(db, actor, [await loadAction(db, actor, id)]);
  return item!;
}

/**
 * Raises an action about a person and measures where the metric stands now: its value over the
 * baseline period (by default the current month), kept to compare the review with.
 */
export async function createCorrectiveAction({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: CorrectiveActionInput;
}) {
  const baseline = readPeriod(input.baselinePeriod ?? todayIso().slice(0, 7), 'body.baselinePeriod');
  const ownerId = input.ownerId ?? actor.userId;
  if (!ownerId) throw Invalid.field('body.ownerId', 'is required when the organisation itself acts');
  const id = await db.transaction(async (tx) => {
    await checkPerson(tx, actor, input.personId);
    authorize(actor, 'update', { ...(await ownerSubject(tx, actor.orgId, input.personId)), ownerId });
    await checkOwner(tx, actor, ownerId);
    const baselineValue = await personMetric({
      db: tx,
      orgId: actor.orgId,
      personId: input.personId,
      metric: input.metricId,
      start: baseline.start,
      end: baseline.end,
    });
    const row = {
      personId: input.personId,
      ownerId,
      kind: input.kind,
      title: input.title,
      flag: input.flag ?? null,
      metricId: input.metricId,
      stageName: input.stageName ?? null,
      baselineValue,
      baselineStart: baseline.start,
      baselineEnd: baseline.end,
      dueDate: input.dueDate,
      createdBy: actor.userId,
    };
    const { id } = await repo.insertAction(tx, { ...row, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      action: 'corrective_action.create',
      entityType: 'corrective_action',
      entityId: id,
      after: row,
    });
    return id;
  });
  return getCorrectiveAction({ db, actor, id });
}

/**
 * Changes an action. The person it is about and its owner may only move its status; changing what,
 * who or when is for the person's leaders, directors and admins. Fields sent unchanged do not count
 * as changes, so a form may send them all.
 */
export async function updateCorrectiveAction({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: CorrectiveActionPatch;
}) {
  await db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, id);
    const { version, ...fields } = input;
    const patch: repo.ActionPatchRow = {};
    for (const key of ['title', 'kind', 'ownerId', 'dueDate', 'status'] as const) {
      const value = fields[key];
      if (value !== undefined && value !== before[key]) Object.assign(patch, { [key]: value });
    }
    const subject = await actionSubject(tx, actor, before);
    const onlyStatus = Object.keys(patch).every((k) => k === 'status');
    authorize(actor, onlyStatus ? 'set_status' : 'update', subject);
    if (patch.ownerId) await checkOwner(tx, actor, patch.ownerId);
    const updated = await repo.updateAction(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('corrective action', before.version);
    await recordAudit(tx, actor, {
      action: 'corrective_action.update',
      entityType: 'corrective_action',
      entityId: id,
      before: auditRecord(before),
      after: patch,
    });
  });
  return getCorrectiveAction({ db, actor, id });
}

/** From the day the action was raised to today: the default period a review measures. */
function sinceCreation(createdAt: Date): string {
  const from = createdAt.toISOString().slice(0, 10) as IsoDate;
  const today = todayIso();
  return `${from}..${today < from ? from : today}`;
}

/**
 * Measures the action's metric again over the review period and records it beside the baseline.
 * The answer's `effect` says whether the metric moved the right way. Reviewing again replaces the
 * review (the audit log keeps the earlier one).
 */
export async function reviewCorrectiveAction({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: CorrectiveActionReview;
}) {
  await db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, id);
    authorize(actor, 'review', await actionSubject(tx, actor, before));
    if (!isMetricId(before.metricId)) {
      throw new Conflict(
        `The metric "${before.metricId}" is no longer in the catalogue, so it cannot be measured`,
      );
    }
    const period = readPeriod(input.reviewPeriod ?? sinceCreation(before.createdAt), 'body.reviewPeriod');
    const reviewValue = await personMetric({
      db: tx,
      orgId: actor.orgId,
      personId: before.personId,
      metric: before.metricId,
      start: period.start,
      end: period.end,
    });
    const patch: repo.ActionPatchRow = {
      reviewValue,
      reviewStart: period.start,
      reviewEnd: period.end,
      reviewNote: input.note || null,
      reviewedAt: new Date(),
      reviewedBy: actor.userId || null,
    };
    const updated = await repo.updateAction(tx, actor.orgId, id, input.version, patch);
    if (!updated) throw new VersionConflict('corrective action', before.version);
    await recordAudit(tx, actor, {
      action: 'corrective_action.review',
      entityType: 'corrective_action',
      entityId: id,
      before: auditRecord(before),
      after: {
        ...patch,
        effect: effectOf(metricDefinition(before.metricId).direction, before.baselineValue, reviewValue),
      },
    });
  });
  return getCorrectiveAction({ db, actor, id });
}

// ---------------------------------------------------------------------------------------------
// Observations

/** An observation may be taken back by its author for a day; after that it is part of the record. */
const DELETE_WINDOW_MS = 24 * 60 * 60 * 1000;

function presentObservation(actor: Actor, row: repo.ObservationRow, now = Date.now()) {
  const { orgId: _o, createdKey: _k, ...rest } = row;
  const mine = !!actor.userId && row.authorId === actor.userId;
  return { ...rest, can: { delete: mine && now - row.createdAt.getTime() < DELETE_WINDOW_MS } };
}

/** The person an observation is about, found by the path's id, with their current teams. */
async function personSubject(db: Executor, actor: Actor, personId: string) {
  const person = await findUser(db, actor.orgId, personId);
  if (!person) throw new NotFound('person');
  return { person, subject: await ownerSubject(db, actor.orgId, personId) };
}

const observationCursor = (cursor: string | undefined): CursorValue[] | undefined => {
  const values = decodeCursor(cursor, 3);
  if (!values) return undefined;
  const [day, at, id] = values;
  const ok =
    typeof day === 'string' &&
    /^\d{4}-\d\d-\d\d$/.test(day) &&
    typeof at === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at) &&
    typeof id === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  if (!ok)
    throw Invalid.field(
      'query.cursor',
      'is not a cursor this list produced; start again from the first page',
    );
  return values;
};

export async function listObservations({
  db,
  actor,
  personId,
  input,
}: {
  db: Db;
  actor: Actor;
  personId: string;
  input: { limit: number; cursor?: string };
}) {
  const { person, subject } = await personSubject(db, actor, personId);
  if (!observationPolicy.can(actor, 'read', subject)) {
    throw new Forbidden(
      `Only ${person.name}, their leaders, directors and admins read observations about them`,
    );
  }
  const rows = await repo.listObservations(db, actor.orgId, personId, {
    limit: input.limit,
    after: observationCursor(input.cursor),
  });
  const page = toPage(rows, input.limit, repo.observationSortKey);
  const now = Date.now();
  return { nextCursor: page.nextCursor, items: page.items.map((r) => presentObservation(actor, r, now)) };
}

export async function createObservation({
  db,
  actor,
  personId,
  input,
}: {
  db: Db;
  actor: Actor;
  personId: string;
  input: ObservationInput;
}) {
  const today = todayIso();
  const observedOn = input.observedOn ?? today;
  const id = await db.transaction(async (tx) => {
    const { person, subject } = await personSubject(tx, actor, personId);
    if (!observationPolicy.can(actor, 'write', subject)) {
      throw new Forbidden(
        `Only ${person.name}’s leaders, directors and admins write observations about them`,
      );
    }
    if (!actor.userId)
      throw new Forbidden('An observation needs an author: write it as a person, not as the organisation');
    if (observedOn > today)
      throw Invalid.field('body.observedOn', `must not be in the future (today is ${today})`);
    const row = { personId, authorId: actor.userId, observedOn, body: input.body };
    const { id } = await repo.insertObservation(tx, { ...row, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      action: 'observation.create',
      entityType: 'observation',
      entityId: id,
      after: row,
    });
    return id;
  });
  return presentObservation(actor, (await repo.findObservation(db, actor.orgId, id))!);
}

/** Its author, within 24 hours of writing it; an observation the caller may not read is not found. */
export async function deleteObservation({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.transaction(async (tx) => {
    const row = await repo.findObservation(tx, actor.orgId, id);
    if (!row) throw new NotFound('observation');
    const { subject } = await personSubject(tx, actor, row.personId);
    if (!observationPolicy.can(actor, 'read', subject)) throw new NotFound('observation');
    if (row.authorId !== actor.userId) throw new Forbidden('Only the author of an observation can delete it');
    if (Date.now() - row.createdAt.getTime() >= DELETE_WINDOW_MS) {
      throw new Forbidden(
        `An observation can be deleted only within 24 hours of writing it; this one was written on ${row.createdAt.toISOString().slice(0, 10)}. Add a new observation to correct it.`,
      );
    }
    await repo.deleteObservation(tx, actor.orgId, id);
    const { orgId: _o, createdKey: _k, authorName: _n, ...before } = row;
    await recordAudit(tx, actor, {
      action: 'observation.delete',
      entityType: 'observation',
      entityId: id,
      before,
    });
  });
  return { ok: true as const };
}
