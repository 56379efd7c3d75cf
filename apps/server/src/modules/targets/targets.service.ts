/**
 * Objectives and targets: the "plan" step of the leadership cycle. A target is checked against SMART
 * on every save (and live while it is edited), published — with a kept reason if a letter fails —
 * acknowledged by its owner, and never changed without a new version saying who, when and why.
 * Progress (attainment, pace, projection) is measured by the KPI engine from the CRM's data.
 * Cascades and redistributions live in cascade.service.ts and redistribution.service.ts.
 */
import {
  checkSmart,
  computeMetric,
  customPeriod,
  type IsoDate,
  isMetricId,
  METRICS,
  type MetricDefinition,
  metricDefinition,
  type Period,
  type ProjectionMethod,
  peerUsual,
  pipelineCoverage,
  previousPeriods,
  relativeCapacity,
  relativeTeamCapacity,
  type SmartResult,
  targetProgress,
} from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Forbidden, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { ownerSubjects } from '../crm/crm.scope.ts';
import { measureSubjects, readPeriod } from '../kpi/kpi.service.ts';
import * as orgRepo from '../organisations/organisations.repository.ts';
import * as teamsRepo from '../teams/teams.repository.ts';
import { findUser } from '../users/users.repository.ts';
import { todayIso } from '../users/users.service.ts';
import { objectivePolicy, type TargetAction, type TargetSubject, targetPolicy } from './targets.policy.ts';
import * as repo from './targets.repository.ts';
import type {
  ObjectiveInput,
  ObjectivePatch,
  SmartCheckInput,
  TargetInput,
  TargetPatch,
  TargetsQuery,
} from './targets.schemas.ts';

/** Past periods of the same length a target's owner is judged against (Achievable) by default. */
export const HISTORY_PERIODS = 4;

// ---------------------------------------------------------------------------------------------
// Objectives

function presentObjective(actor: Actor, row: NonNullable<Awaited<ReturnType<typeof repo.findObjective>>>) {
  return { ...row, can: objectivePolicy.abilities(actor, { orgId: actor.orgId }) };
}

export async function listObjectives({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { status?: 'active' | 'achieved' | 'dropped'; activeOn?: string; limit: number; cursor?: string };
}) {
  const rows = await repo.listObjectives(db, actor.orgId, {
    status: input.status,
    activeOn: input.activeOn,
    after: decodeKeyset(input.cursor, 'date'),
    limit: input.limit,
  });
  const page = toPage(rows, input.limit, (r) => [r.endDate, r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map((r) => presentObjective(actor, r)) };
}

export async function getObjective({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  const row = await repo.findObjective(db, actor.orgId, id);
  if (!row) throw new NotFound('objective');
  return presentObjective(actor, row);
}

async function checkObjectiveOwner(db: Executor, actor: Actor, ownerId: string) {
  const owner = await findUser(db, actor.orgId, ownerId);
  if (!owner) throw Invalid.field('body.ownerId', 'no such person in this organisation');
  if (owner.status !== 'active') throw Invalid.field('body.ownerId', `${owner.name} is deactivated`);
}

export async function createObjective({ db, actor, input }: { db: Db; actor: Actor; input: ObjectiveInput }) {
  objectivePolicy.authorize(actor, 'write', { orgId: actor.orgId });
  const ownerId = input.ownerId ?? actor.userId;
  if (!ownerId) throw Invalid.field('body.ownerId', 'is required when the organisation itself acts');
  const id = await db.transaction(async (tx) => {
    await checkObjectiveOwner(tx, actor, ownerId);
    const row = {
      title: input.title,
      description: input.description || null,
      ownerId,
      startDate: input.startDate,
      endDate: input.endDate,
      createdBy: actor.userId || null,
    };
    const { id } = await repo.insertObjective(tx, { ...row, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      action: 'objective.create',
      entityType: 'objective',
      entityId: id,
      after: row,
    });
    return id;
  });
  return getObjective({ db, actor, id });
}

export async function updateObjective({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: ObjectivePatch;
}) {
  objectivePolicy.authorize(actor, 'write', { orgId: actor.orgId });
  await db.transaction(async (tx) => {
    const before = await repo.findObjective(tx, actor.orgId, id);
    if (!before) throw new NotFound('objective');
    const { version, ...fields } = input;
    const patch: repo.ObjectivePatchRow = {};
    for (const key of ['title', 'description', 'ownerId', 'startDate', 'endDate', 'status'] as const) {
      const value = fields[key];
      if (value !== undefined && value !== before[key]) Object.assign(patch, { [key]: value });
    }
    const start = patch.startDate ?? before.startDate;
    const end = patch.endDate ?? before.endDate;
    if (end < start) throw Invalid.field('body.endDate', 'must be on or after startDate');
    if (patch.ownerId) await checkObjectiveOwner(tx, actor, patch.ownerId);
    const updated = await repo.updateObjective(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('objective', before.version);
    await recordAudit(tx, actor, {
      action: 'objective.update',
      entityType: 'objective',
      entityId: id,
      before,
      after: patch,
    });
  });
  return getObjective({ db, actor, id });
}

// ---------------------------------------------------------------------------------------------
// Owners, periods and formats

export interface TargetOwner {
  kind: 'person' | 'team';
  id: string;
  name: string;
  subject: TargetSubject;
  /** People: what their capacity is computed from. */
  fte?: number;
  startDate?: string | null;
}

/** The person or team a target is for, checked to exist and be live; errors name the field. */
export async function resolveOwner(
  db: Executor,
  actor: Actor,
  owner: { personId?: string | null; teamId?: string | null },
  field = 'body',
): Promise<TargetOwner> {
  if (!!owner.personId === !!owner.teamId) {
    throw Invalid.field(`${field}.personId`, 'give either personId (a person’s target) or teamId (a team’s)');
  }
  if (owner.personId) {
    const person = await findUser(db, actor.orgId, owner.personId);
    if (!person) throw Invalid.field(`${field}.personId`, 'no such person in this organisation');
    if (person.status !== 'active') throw Invalid.field(`${field}.personId`, `${person.name} is deactivated`);
    const subjectOf = await ownerSubjects(db, actor.orgId, [person.id]);
    return {
      kind: 'person',
      id: person.id,
      name: person.name,
      subject: { ...subjectOf(person.id), ownerKind: 'person' },
      fte: person.fte,
      startDate: person.startDate,
    };
  }
  const team = await teamsRepo.findTeam(db, actor.orgId, owner.teamId as string);
  if (!team) throw Invalid.field(`${field}.teamId`, 'no such team in this organisation');
  if (team.archivedAt) throw Invalid.field(`${field}.teamId`, `${team.name} is archived`);
  return {
    kind: 'team',
    id: team.id,
    name: team.name,
    subject: {
      orgId: actor.orgId,
      userId: null,
      teamIds: [team.id],
      ownerKind: 'team',
      leaderId: team.leaderId,
    },
  };
}

export function subjectOfRow(
  row: repo.TargetRow,
  personTeams: (id: string) => { teamIds?: readonly string[] },
): TargetSubject {
  if (row.personId) {
    return {
      orgId: row.orgId,
      userId: row.personId,
      teamIds: personTeams(row.personId).teamIds ?? [],
      ownerKind: 'person',
      draft: row.status === 'draft',
    };
  }
  return {
    orgId: row.orgId,
    userId: null,
    teamIds: [row.teamId as string],
    ownerKind: 'team',
    leaderId: row.teamLeaderId,
    draft: row.status === 'draft',
  };
}

export function authorizeTarget(actor: Actor, action: TargetAction, subject: TargetSubject) {
  if (targetPolicy.can(actor, action, subject)) return;
  if (action === 'acknowledge') {
    throw new Forbidden(
      subject.ownerKind === 'team'
        ? 'Only the team’s leader can acknowledge a team’s target'
        : 'Only the person it is for can acknowledge a target',
    );
  }
  throw new Forbidden(
    'Targets are set by the owner’s leaders (up the team tree), directors and admins — and never by the person for themselves',
  );
}

/** The target's dates from a period label, or from start and end dates. */
export function resolvePeriod(
  input: { period?: string; startDate?: string; endDate?: string },
  field = 'body',
): { label: string | null; start: IsoDate; end: IsoDate } | null {
  if (input.period) {
    const p = readPeriod(input.period, `${field}.period`);
    return { label: p.kind === 'custom' ? null : p.label, start: p.start, end: p.end };
  }
  if (input.startDate && input.endDate) {
    if (input.endDate < input.startDate)
      throw Invalid.field(`${field}.endDate`, 'must be on or after startDate');
    // The same rules as a written range (at most ten years).
    const p = readPeriod(`${input.startDate}..${input.endDate}`, `${field}.endDate`);
    return { label: null, start: p.start, end: p.end };
  }
  return null;
}

export function periodOf(label: string | null, start: IsoDate, end: IsoDate): Period {
  if (label) {
    try {
      return readPeriod(label);
    } catch {
      // fall through to the dates
    }
  }
  return customPeriod(start, end);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatterFor(metric: MetricDefinition | null, currency: string) {
  return (value: number) => {
    if (!metric) return String(value);
    switch (metric.unit) {
      case 'currency':
        return `${currency} ${numberFormat.format(value)}`;
      case 'ratio':
        return `${(value * 100).toFixed(1).replace(/\.0$/, '')}%`;
      case 'days':
        return `${numberFormat.format(value)} days`;
      default:
        return numberFormat.format(value);
    }
  };
}

export async function currencyOf(db: Executor, orgId: string) {
  return (await orgRepo.findOrganisation(db, orgId))?.settings.currency ?? 'EUR';
}

/**
 * The owner's results of a metric over the `count` periods before this one, oldest first: what a
 * target is judged against (Achievable) and what a cascade's historical share is computed from.
 */
export async function historyOf(
  db: Executor,
  orgId: string,
  metricId: string,
  subjects: readonly { kind: 'person' | 'team'; id: string }[],
  period: Period,
  count: number,
) {
  const periods = previousPeriods(period, count);
  if (!isMetricId(metricId)) return { periods, values: subjects.map(() => periods.map(() => null)) };
  const totals = await measureSubjects({
    db,
    orgId,
    items: subjects.flatMap((subject) => periods.map((p) => ({ subject, start: p.start, end: p.end }))),
  });
  const values = subjects.map((_, i) =>
    periods.map((_, j) => computeMetric(metricId, totals[i * periods.length + j]!)),
  );
  return { periods, values };
}

// ---------------------------------------------------------------------------------------------
// SMART

interface SmartFields {
  metricId: string | null;
  owner: TargetOwner | null;
  title: string;
  description: string | null;
  value: number | null;
  range: { label: string | null; start: IsoDate; end: IsoDate } | null;
  checkpoints: readonly { date: IsoDate; value: number }[];
  objectiveId: string | null;
}

/** The usual result per full-capacity person of the owner's current teammates (see `peerUsual`). */
async function teammatesUsual(
  db: Executor,
  orgId: string,
  metricId: string,
  owner: TargetOwner,
  teamId: string,
  range: { start: IsoDate; end: IsoDate },
  period: Period,
) {
  const day = range.start > todayIso() ? range.start : todayIso() > range.end ? range.end : todayIso();
  const { people } = await repo.cascadeRecipients(db, orgId, teamId, day);
  const mates = people.filter((p) => p.id !== owner.id);
  if (mates.length === 0) return null;
  const h = await historyOf(
    db,
    orgId,
    metricId,
    mates.map((m) => ({ kind: 'person' as const, id: m.id })),
    period,
    HISTORY_PERIODS,
  );
  const leave = await repo.leaveOf(
    db,
    orgId,
    mates.map((m) => m.id),
    h.periods[0]?.start ?? range.start,
    range.end,
  );
  return peerUsual(
    mates.map((m, i) => ({
      history: (h.values[i] ?? []).map((v) => v ?? 0),
      pastShares: relativeCapacity(
        m,
        leave.filter((l) => l.userId === m.id),
        range,
        h.periods,
      ).pastShares,
    })),
  );
}

/** The SMART check of a target's fields, with the owner's history and capacity read from the data. */
export async function smartOf(db: Executor, actor: Actor, f: SmartFields) {
  const metric = f.metricId && isMetricId(f.metricId) ? metricDefinition(f.metricId) : null;
  const currency = await currencyOf(db, actor.orgId);
  const objective = f.objectiveId ? await repo.findObjective(db, actor.orgId, f.objectiveId) : null;
  let history: { period: string; value: number | null }[] = [];
  let capacity: { share: number; note: string } | null = null;
  let peers: { usual: number; people: number; capacity: number; capacityNote?: string } | null = null;
  if (metric && f.owner && f.range) {
    const period = periodOf(f.range.label, f.range.start, f.range.end);
    const h = await historyOf(db, actor.orgId, metric.id, [f.owner], period, HISTORY_PERIODS);
    history = h.periods.map((p, i) => ({ period: p.label, value: h.values[0]?.[i] ?? null }));
    if (f.owner.kind === 'person') {
      const owner = f.owner;
      const leave = await repo.leaveOf(
        db,
        actor.orgId,
        [owner.id],
        h.periods[0]?.start ?? f.range.start,
        f.range.end,
      );
      const rel = relativeCapacity(
        { fte: owner.fte ?? 1, startDate: owner.startDate ?? null },
        leave,
        f.range,
        h.periods,
      );
      // Periods before they started say nothing about what they can do.
      history = history.filter((_, i) => rel.workedIn[i]);
      capacity = rel.scale === null ? null : { share: rel.scale, note: rel.note };
      if (history.every((x) => !x.value) && owner.subject.teamIds?.[0]) {
        const mates = await teammatesUsual(
          db,
          actor.orgId,
          metric.id,
          owner,
          owner.subject.teamIds[0],
          f.range,
          period,
        );
        if (mates) peers = { ...mates, capacity: rel.now.share, capacityNote: rel.now.note };
      }
    } else {
      const from = h.periods[0]?.start ?? f.range.start;
      const spans = await repo.teamCapacitySpans(db, actor.orgId, f.owner.id, from, f.range.end);
      const leave = await repo.leaveOf(
        db,
        actor.orgId,
        [...new Set(spans.map((s) => s.userId))],
        from,
        f.range.end,
      );
      const rel = relativeTeamCapacity(spans, leave, f.range, h.periods);
      history = history.filter((_, i) => rel.workedIn[i]);
      // A team with nobody in it yet has no capacity to compare: judged on its history as it is.
      capacity = rel.scale === null || rel.now === 0 ? null : { share: rel.scale, note: rel.note };
    }
  }
  const result = checkSmart({
    metric: f.metricId,
    metricName: metric?.name ?? null,
    measurable: !!metric,
    measurableReason: metric
      ? undefined
      : 'Choose a metric of the catalogue: only those are computed from recorded data',
    direction: metric?.direction ?? 'higher_is_better',
    unit: metric?.unit ?? 'count',
    owner: f.owner ? { kind: f.owner.kind, name: f.owner.name } : null,
    title: f.title,
    description: f.description,
    value: f.value,
    start: f.range?.start ?? null,
    end: f.range?.end ?? null,
    checkpoints: f.checkpoints,
    objective: objective
      ? {
          title: objective.title,
          start: objective.startDate,
          end: objective.endDate,
          status: objective.status,
        }
      : null,
    history: history.map((h) => h.value).filter((v): v is number => v !== null),
    capacity: capacity?.share ?? null,
    capacityNote: capacity?.note ?? null,
    peers,
    format: formatterFor(metric, currency),
  });
  return { ...result, history, capacity: capacity?.share ?? null, capacityNote: capacity?.note ?? null };
}

/** The live check of a draft, as the editor shows it letter by letter while the leader types. */
export async function smartCheck({ db, actor, input }: { db: Db; actor: Actor; input: SmartCheckInput }) {
  let owner: TargetOwner | null = null;
  if (input.personId || input.teamId) {
    owner = await resolveOwner(db, actor, input);
    authorizeTarget(actor, 'set', owner.subject);
  }
  const objectiveId = input.objectiveId ?? null;
  if (objectiveId && !(await repo.findObjective(db, actor.orgId, objectiveId))) {
    throw Invalid.field('body.objectiveId', 'no such objective in this organisation');
  }
  return smartOf(db, actor, {
    metricId: input.metricId ?? null,
    owner,
    title: input.title,
    description: input.description ?? null,
    value: input.value ?? null,
    range: resolvePeriod(input),
    checkpoints: input.checkpoints,
    objectiveId,
  });
}

function storedSmart(s: SmartResult): Record<string, unknown> {
  return { pass: s.pass, letters: s.letters, failing: s.failing };
}

// ---------------------------------------------------------------------------------------------
// Presenting targets, with their progress

export interface ProgressOptions {
  asOf?: IsoDate;
  projection?: ProjectionMethod;
}

/** Progress of many targets at once: one pass over the KPI roll-ups for the lot. */
export async function progressOf(
  db: Executor,
  orgId: string,
  rows: readonly repo.TargetRow[],
  options: ProgressOptions,
) {
  const asOf = options.asOf ?? todayIso();
  const measurable = rows.filter((r) => isMetricId(r.metricId));
  const totals = await measureSubjects({
    db,
    orgId,
    items: measurable.map((r) => ({
      subject: r.personId
        ? { kind: 'person' as const, id: r.personId }
        : { kind: 'team' as const, id: r.teamId as string },
      start: r.startDate,
      // Only what happened by "today" counts towards it.
      end: asOf < r.endDate ? (asOf < r.startDate ? r.startDate : asOf) : r.endDate,
      pipelineDue: r.metricId === 'revenue_won' ? { start: r.startDate, end: r.endDate } : undefined,
    })),
  });
  const out = new Map<
    string,
    ReturnType<typeof targetProgress> & { asOf: IsoDate; pipelineCoverage: number | null }
  >();
  measurable.forEach((r, i) => {
    const t = totals[i]!;
    const metric = metricDefinition(r.metricId as never);
    const actual = asOf < r.startDate ? 0 : computeMetric(metric.id, t);
    const p = targetProgress({
      value: r.value,
      start: r.startDate,
      end: r.endDate,
      checkpoints: r.checkpoints,
      asOf,
      actual: metric.additive ? (actual ?? 0) : actual,
      direction: metric.direction,
      additive: metric.additive,
      method: options.projection ?? 'pipeline',
      weightedPipelineDue: metric.id === 'revenue_won' ? t.pipelineDue.weighted : null,
    });
    out.set(r.id, {
      ...p,
      asOf,
      pipelineCoverage:
        metric.id === 'revenue_won' && p.state !== 'over'
          ? pipelineCoverage(t.pipelineDue.amount, r.value, p.actual ?? 0)
          : null,
    });
  });
  return out;
}

export async function presentTargets(
  db: Executor,
  actor: Actor,
  rows: readonly repo.TargetRow[],
  options: ProgressOptions & { progress?: boolean } = {},
) {
  const [subjectOf, changes, progress] = await Promise.all([
    ownerSubjects(
      db,
      actor.orgId,
      rows.map((r) => r.personId),
    ),
    repo.lastChanges(
      db,
      actor.orgId,
      rows.map((r) => r.id),
    ),
    options.progress === false ? new Map() : progressOf(db, actor.orgId, rows, options),
  ]);
  const lastChange = new Map(changes.map((c) => [c.targetId, c]));
  return rows.map((r) => {
    const { orgId: _o, teamLeaderId: _l, createdBy: _c, ...rest } = r;
    const change = lastChange.get(r.id);
    return {
      ...rest,
      ownerKind: r.personId ? ('person' as const) : ('team' as const),
      metric: isMetricId(r.metricId) ? (METRICS.get(r.metricId) ?? null) : null,
      allocation: (r.allocation as never) ?? null,
      smart: (r.smart as SmartResult | null) ?? null,
      lastChange: change
        ? {
            version: change.version,
            change: change.change,
            reason: change.reason,
            changedAt: change.changedAt,
            changedByName: change.changedByName,
          }
        : null,
      progress: progress.get(r.id) ?? null,
      can: targetPolicy.abilities(actor, subjectOfRow(r, subjectOf)),
    };
  });
}

export async function listTargets({ db, actor, input }: { db: Db; actor: Actor; input: TargetsQuery }) {
  const range = input.period ? readPeriod(input.period, 'query.period') : null;
  const rows = await repo.listTargets(db, actor, {
    personId: input.personId,
    teamId: input.teamId,
    memberOfTeamId: input.memberOfTeamId,
    parentId: input.parentId,
    objectiveId: input.objectiveId,
    status: input.status,
    overlaps: range ? { start: range.start, end: range.end } : undefined,
    after: decodeKeyset(input.cursor, 'date'),
    limit: input.limit,
  });
  const page = toPage(rows, input.limit, (r) => [r.endDate, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: await presentTargets(db, actor, page.items, { asOf: input.asOf, projection: input.projection }),
  };
}

export async function loadTarget(db: Executor, actor: Actor, id: string) {
  const row = await repo.findTarget(db, actor, id);
  if (!row) throw new NotFound('target');
  return row;
}

export async function getTarget({
  db,
  actor,
  id,
  options = {},
}: {
  db: Db | Executor;
  actor: Actor;
  id: string;
  options?: ProgressOptions;
}) {
  const [item] = await presentTargets(db, actor, [await loadTarget(db, actor, id)], options);
  return item!;
}

/** The policy subject of a stored target. */
export async function targetSubject(db: Executor, row: repo.TargetRow) {
  const subjectOf = await ownerSubjects(db, row.orgId, [row.personId]);
  return subjectOfRow(row, subjectOf);
}

// ---------------------------------------------------------------------------------------------
// Versions

/** Writes the version row for the target's current state (call after each change). */
export async function recordVersion(
  db: Executor,
  actor: Actor,
  targetId: string,
  change: 'created' | 'edited' | 'published' | 'acknowledged' | 'cascaded' | 'redistributed' | 'closed',
  reason: string | null,
  redistributionId: string | null = null,
) {
  const snapshot = await repo.targetSnapshot(db, actor.orgId, targetId);
  if (!snapshot) throw new NotFound('target');
  await repo.insertVersion(db, {
    orgId: actor.orgId,
    targetId,
    version: snapshot.version,
    change,
    reason,
    changedBy: actor.userId || null,
    snapshot: snapshot as unknown as Record<string, unknown>,
    redistributionId,
  });
  return snapshot;
}

export async function listTargetVersions({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await loadTarget(db, actor, id);
  const rows = await repo.listVersions(db, actor.orgId, id);
  return {
    items: rows.map((r) => ({
      ...r,
      value: Number((r.snapshot as { value?: unknown }).value ?? 0),
      status: (r.snapshot as { status?: string }).status as 'draft' | 'published' | 'acknowledged' | 'closed',
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Creating and changing targets

function sortedCheckpoints(c: readonly { date: IsoDate; value: number }[]) {
  return [...c].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

async function checkObjective(db: Executor, actor: Actor, objectiveId: string | null | undefined) {
  if (!objectiveId) return;
  if (!(await repo.findObjective(db, actor.orgId, objectiveId))) {
    throw Invalid.field('body.objectiveId', 'no such objective in this organisation');
  }
}

function checkValue(metric: MetricDefinition, value: number, field = 'body.value') {
  if (value < 0) throw Invalid.field(field, 'must not be negative');
  if (metric.unit === 'ratio' && value > 1)
    throw Invalid.field(field, 'is a ratio: give it as 0–1 (0.3 for 30%)');
}

async function ensureNoLiveTarget(
  db: Executor,
  actor: Actor,
  owner: TargetOwner,
  metric: MetricDefinition,
  range: { start: string; end: string },
  exceptId?: string,
) {
  const existing = await repo.findLiveTarget(
    db,
    actor.orgId,
    owner.kind === 'person' ? { personId: owner.id } : { teamId: owner.id },
    metric.id,
    range.start,
    range.end,
  );
  if (existing && existing.id !== exceptId) {
    throw new Conflict(
      `${owner.name} already has a ${metric.name.toLowerCase()} target for ${range.start} to ${range.end} ("${existing.title}"): change that one instead`,
    );
  }
}

export async function createTarget({ db, actor, input }: { db: Db; actor: Actor; input: TargetInput }) {
  const range = resolvePeriod(input);
  if (!range) throw Invalid.field('body.period', 'give a period (2027-Q1) or startDate and endDate');
  const metric = metricDefinition(input.metricId as never);
  checkValue(metric, input.value);
  const id = await db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, actor, input);
    authorizeTarget(actor, 'set', owner.subject);
    await checkObjective(tx, actor, input.objectiveId);
    await ensureNoLiveTarget(tx, actor, owner, metric, range);
    const checkpoints = sortedCheckpoints(input.checkpoints);
    const smart = await smartOf(tx, actor, {
      metricId: metric.id,
      owner,
      title: input.title,
      description: input.description ?? null,
      value: input.value,
      range,
      checkpoints,
      objectiveId: input.objectiveId ?? null,
    });
    const row = {
      personId: owner.kind === 'person' ? owner.id : null,
      teamId: owner.kind === 'team' ? owner.id : null,
      metricId: metric.id,
      title: input.title,
      description: input.description || null,
      periodLabel: range.label,
      startDate: range.start,
      endDate: range.end,
      checkpoints,
      value: input.value,
      objectiveId: input.objectiveId ?? null,
      smart: storedSmart(smart),
      createdBy: actor.userId || null,
    };
    const { id } = await repo.insertTarget(tx, { ...row, orgId: actor.orgId });
    await recordVersion(tx, actor, id, 'created', null);
    await recordAudit(tx, actor, { action: 'target.create', entityType: 'target', entityId: id, after: row });
    return id;
  });
  return getTarget({ db, actor, id });
}

/**
 * Changes a target. A draft changes freely; once published a change needs a reason, and a change of
 * what is asked (value, dates, checkpoints) sends it back to its owner to acknowledge again.
 */
export async function updateTarget({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: TargetPatch;
}) {
  await db.transaction(async (tx) => {
    const before = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'set', await targetSubject(tx, before));
    if (before.status === 'closed') throw new Conflict('This target is closed: set a new one instead');
    if (before.version !== input.version) throw new VersionConflict('target', before.version);
    const metric = isMetricId(before.metricId) ? metricDefinition(before.metricId) : null;
    const patch: repo.TargetPatchRow = {};
    if (input.title !== undefined && input.title !== before.title) patch.title = input.title;
    if (input.description !== undefined && (input.description || null) !== before.description) {
      patch.description = input.description || null;
    }
    const range =
      input.period || (input.startDate && input.endDate)
        ? resolvePeriod(input)
        : input.startDate || input.endDate
          ? resolvePeriod({
              startDate: input.startDate ?? before.startDate,
              endDate: input.endDate ?? before.endDate,
            })
          : null;
    if (
      range &&
      (range.start !== before.startDate || range.end !== before.endDate || range.label !== before.periodLabel)
    ) {
      patch.startDate = range.start;
      patch.endDate = range.end;
      patch.periodLabel = range.label;
    }
    if (input.value !== undefined && input.value !== before.value) {
      if (metric) checkValue(metric, input.value);
      patch.value = input.value;
    }
    if (input.checkpoints !== undefined) {
      const next = sortedCheckpoints(input.checkpoints);
      if (JSON.stringify(next) !== JSON.stringify(before.checkpoints)) patch.checkpoints = next;
    }
    if (input.objectiveId !== undefined && input.objectiveId !== before.objectiveId) {
      await checkObjective(tx, actor, input.objectiveId);
      patch.objectiveId = input.objectiveId;
    }
    if (Object.keys(patch).length === 0) return;
    if (before.status !== 'draft' && !input.reason) {
      throw Invalid.field('body.reason', 'is required: the target is published, so say why it changes');
    }
    const owner = await resolveOwner(tx, actor, { personId: before.personId, teamId: before.teamId });
    if (metric && (patch.startDate || patch.endDate)) {
      await ensureNoLiveTarget(
        tx,
        actor,
        owner,
        metric,
        { start: patch.startDate ?? before.startDate, end: patch.endDate ?? before.endDate },
        id,
      );
    }
    const asked =
      patch.value !== undefined || patch.startDate !== undefined || patch.checkpoints !== undefined;
    if (asked && before.status === 'acknowledged') {
      patch.status = 'published';
      patch.acknowledgedAt = null;
      patch.acknowledgedBy = null;
    }
    patch.smart = storedSmart(
      await smartOf(tx, actor, {
        metricId: before.metricId,
        owner,
        title: patch.title ?? before.title,
        description: patch.description !== undefined ? patch.description : before.description,
        value: patch.value ?? before.value,
        range: {
          label: patch.periodLabel !== undefined ? patch.periodLabel : before.periodLabel,
          start: patch.startDate ?? before.startDate,
          end: patch.endDate ?? before.endDate,
        },
        checkpoints: patch.checkpoints ?? before.checkpoints,
        objectiveId: patch.objectiveId !== undefined ? patch.objectiveId : before.objectiveId,
      }),
    );
    const updated = await repo.updateTarget(tx, actor.orgId, id, input.version, patch);
    if (!updated) throw new VersionConflict('target', before.version);
    await recordVersion(tx, actor, id, 'edited', input.reason ?? null);
    await recordAudit(tx, actor, {
      action: 'target.update',
      entityType: 'target',
      entityId: id,
      before: {
        value: before.value,
        startDate: before.startDate,
        endDate: before.endDate,
        title: before.title,
      },
      after: { ...patch, smart: undefined, reason: input.reason ?? null },
    });
  });
  return getTarget({ db, actor, id });
}

/** The SMART letters that fail, as a sentence. */
export function failingSentence(smart: SmartResult) {
  return smart.letters
    .filter((l) => !l.pass)
    .map((l) => `${l.name}: ${l.reason}`)
    .join(' · ');
}

export async function publishTarget({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { version: number; overrideReason?: string };
}) {
  await db.transaction(async (tx) => {
    const before = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'set', await targetSubject(tx, before));
    if (before.status !== 'draft') throw new Conflict(`This target is already ${before.status}`);
    if (before.version !== input.version) throw new VersionConflict('target', before.version);
    const owner = await resolveOwner(tx, actor, { personId: before.personId, teamId: before.teamId });
    const smart = await smartOf(tx, actor, {
      metricId: before.metricId,
      owner,
      title: before.title,
      description: before.description,
      value: before.value,
      range: { label: before.periodLabel, start: before.startDate, end: before.endDate },
      checkpoints: before.checkpoints,
      objectiveId: before.objectiveId,
    });
    if (!smart.pass && !input.overrideReason) {
      throw Invalid.field(
        'body.overrideReason',
        `is required to publish a target that fails ${smart.failing.join(', ')} — ${failingSentence(smart)}`,
      );
    }
    const updated = await repo.updateTarget(tx, actor.orgId, id, input.version, {
      status: 'published',
      smart: storedSmart(smart),
      smartOverride: smart.pass ? null : (input.overrideReason ?? null),
      publishedAt: new Date(),
      publishedBy: actor.userId || null,
    });
    if (!updated) throw new VersionConflict('target', before.version);
    await recordVersion(tx, actor, id, 'published', smart.pass ? null : (input.overrideReason ?? null));
    await recordAudit(tx, actor, {
      action: 'target.publish',
      entityType: 'target',
      entityId: id,
      after: { smartFailing: smart.failing, overrideReason: smart.pass ? null : input.overrideReason },
    });
  });
  return getTarget({ db, actor, id });
}

export async function acknowledgeTarget({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { version: number; comment?: string };
}) {
  await db.transaction(async (tx) => {
    const before = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'acknowledge', await targetSubject(tx, before));
    if (before.status === 'acknowledged') throw new Conflict('You have already acknowledged this version');
    if (before.status !== 'published') throw new Conflict(`A ${before.status} target cannot be acknowledged`);
    if (before.version !== input.version) throw new VersionConflict('target', before.version);
    const updated = await repo.updateTarget(tx, actor.orgId, id, input.version, {
      status: 'acknowledged',
      acknowledgedAt: new Date(),
      acknowledgedBy: actor.userId || null,
    });
    if (!updated) throw new VersionConflict('target', before.version);
    await recordVersion(tx, actor, id, 'acknowledged', input.comment || null);
    await recordAudit(tx, actor, { action: 'target.acknowledge', entityType: 'target', entityId: id });
  });
  return getTarget({ db, actor, id });
}

export async function closeTarget({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { version: number; reason: string };
}) {
  await db.transaction(async (tx) => {
    const before = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'set', await targetSubject(tx, before));
    if (before.status === 'closed') throw new Conflict('This target is already closed');
    const updated = await repo.updateTarget(tx, actor.orgId, id, input.version, { status: 'closed' });
    if (!updated) throw new VersionConflict('target', before.version);
    await recordVersion(tx, actor, id, 'closed', input.reason);
    await recordAudit(tx, actor, {
      action: 'target.close',
      entityType: 'target',
      entityId: id,
      after: { reason: input.reason },
    });
  });
  return getTarget({ db, actor, id });
}
