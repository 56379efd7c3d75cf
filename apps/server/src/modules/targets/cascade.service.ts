/**
 * Cascading a team's target to its people and sub-teams: the recipients' history and capacity read
 * from the data, the split computed by packages/core (`allocate`), each line SMART-checked against
 * its recipient's own history, previewed, edited by the leader and applied — creating or revising
 * the recipients' targets, each with the line that explains its number. Sub-teams' targets cascade
 * the same way, one level at a time, by the sub-team's leader.
 */
import {
  type AllocationRecipient,
  allocate,
  capacityOf,
  checkSmart,
  type IsoDate,
  isMetricId,
  type MetricDefinition,
  metricDefinition,
  peerUsual,
  previousPeriods,
  relativeCapacity,
  type SmartResult,
} from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Invalid, VersionConflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { ownerSubjects } from '../crm/crm.scope.ts';
import { todayIso } from '../users/users.service.ts';
import { type TargetSubject, targetPolicy } from './targets.policy.ts';
import * as repo from './targets.repository.ts';
import type { CascadeSettings } from './targets.schemas.ts';
import {
  authorizeTarget,
  currencyOf,
  failingSentence,
  formatterFor,
  historyOf,
  loadTarget,
  periodOf,
  presentTargets,
  recordVersion,
  targetSubject,
} from './targets.service.ts';

interface Recipient {
  kind: 'person' | 'team';
  id: string;
  name: string;
  capacity: number;
  capacityNote: string;
  /** People: capacity now against the look-back periods, and which of those they worked in. */
  relative?: ReturnType<typeof relativeCapacity>;
}

function clampDay(day: IsoDate, start: IsoDate, end: IsoDate) {
  return day < start ? start : day > end ? end : day;
}

function rethrowRange(e: unknown, field: string): never {
  if (e instanceof RangeError) throw Invalid.field(field, e.message);
  throw e;
}

/** Everything a cascade needs, computed without writing: the preview, and the basis of applying it. */
async function computeCascade(db: Executor, actor: Actor, parent: repo.TargetRow, settings: CascadeSettings) {
  if (!parent.teamId) throw new Conflict('Only a team’s target can be cascaded');
  if (parent.status === 'closed') throw new Conflict('This target is closed');
  if (!isMetricId(parent.metricId))
    throw new Conflict(`The metric "${parent.metricId}" is no longer in the catalogue`);
  const metric = metricDefinition(parent.metricId);
  if (!metric.additive) {
    throw new Conflict(
      `${metric.name} is not a sum of people’s figures, so it cannot be split: set each person’s target directly`,
    );
  }
  const day = clampDay(todayIso(), parent.startDate, parent.endDate);
  const { subTeams, people } = await repo.cascadeRecipients(db, actor.orgId, parent.teamId, day);
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    people.map((p) => p.id),
  );
  const notes: string[] = [];
  const excluded = new Set(settings.exclude);
  const known = new Set([...subTeams.map((t) => t.id), ...people.map((p) => p.id)]);
  settings.exclude.forEach((id, i) => {
    if (!known.has(id))
      throw Invalid.field(`body.exclude.${i}`, `is not a person or sub-team of ${parent.ownerName}`);
  });
  settings.bounds.forEach((b, i) => {
    if (!known.has(b.recipientId)) {
      throw Invalid.field(
        `body.bounds.${i}.recipientId`,
        `is not a person or sub-team of ${parent.ownerName}`,
      );
    }
  });
  const range = { start: parent.startDate, end: parent.endDate };
  const period = periodOf(parent.periodLabel, parent.startDate, parent.endDate);
  const past = previousPeriods(period, settings.lookback);
  const eligiblePeople = people.filter((p) => {
    if (excluded.has(p.id)) return false;
    if (!targetPolicy.can(actor, 'set', { ...subjectOf(p.id), ownerKind: 'person' } as TargetSubject)) {
      notes.push(`${p.name} is left out: you cannot set your own target (your leader sets it)`);
      return false;
    }
    return true;
  });
  const leave = await repo.leaveOf(
    db,
    actor.orgId,
    eligiblePeople.map((p) => p.id),
    past[0]?.start ?? range.start,
    range.end,
  );
  const recipients: Recipient[] = [];
  for (const t of subTeams) {
    if (excluded.has(t.id)) continue;
    const members = await repo.subtreePeople(db, actor.orgId, t.id, day);
    const memberLeave = await repo.leaveOf(
      db,
      actor.orgId,
      members.map((m) => m.id),
      range.start,
      range.end,
    );
    const capacity = members.reduce(
      (sum, m) =>
        sum +
        capacityOf(
          m,
          memberLeave.filter((l) => l.userId === m.id),
          range,
        ).share,
      0,
    );
    recipients.push({
      kind: 'team',
      id: t.id,
      name: t.name,
      capacity,
      capacityNote: `${members.length} ${members.length === 1 ? 'person' : 'people'}, ${capacity.toFixed(2)} full-time equivalents after ramp and leave`,
    });
  }
  for (const p of eligiblePeople) {
    const mine = leave.filter((l) => l.userId === p.id);
    const c = capacityOf(p, mine, range);
    recipients.push({
      kind: 'person',
      id: p.id,
      name: p.name,
      capacity: c.share,
      capacityNote: c.note,
      relative: relativeCapacity(p, mine, range, past),
    });
  }
  if (recipients.length === 0) {
    throw new Conflict(`${parent.ownerName} has no people or sub-teams to cascade this target to`);
  }

  const history = await historyOf(db, actor.orgId, metric.id, recipients, period, settings.lookback);
  const bounds = new Map(settings.bounds.map((b) => [b.recipientId, b]));
  const input: AllocationRecipient[] = recipients.map((r, i) => ({
    id: r.id,
    name: r.name,
    history: (history.values[i] ?? []).map((v) => v ?? 0),
    capacity: r.capacity,
    capacityNote: r.capacityNote,
    min: bounds.get(r.id)?.min ?? null,
    max: bounds.get(r.id)?.max ?? null,
  }));
  let allocation: ReturnType<typeof allocate>;
  try {
    allocation = allocate({
      total: parent.value,
      uplift: settings.uplift,
      method: settings.method,
      weights: settings.weights,
      step: 1,
      recipients: input,
    });
  } catch (e) {
    rethrowRange(e, 'body.bounds');
  }
  const [objective, currency, current] = await Promise.all([
    parent.objectiveId ? repo.findObjective(db, actor.orgId, parent.objectiveId) : undefined,
    currencyOf(db, actor.orgId),
    Promise.all(
      recipients.map((r) =>
        repo.findLiveTarget(
          db,
          actor.orgId,
          r.kind === 'person' ? { personId: r.id } : { teamId: r.id },
          metric.id,
          parent.startDate,
          parent.endDate,
        ),
      ),
    ),
  ]);
  // For people with no history of their own: what their teammates usually reach per full capacity.
  const peers = peerUsual(
    recipients.flatMap((r, i) =>
      r.relative ? [{ history: input[i]!.history, pastShares: r.relative.pastShares }] : [],
    ),
  );
  const smartFor = (i: number, value: number): SmartResult => {
    const r = recipients[i]!;
    return checkSmart({
      metric: metric.id,
      metricName: metric.name,
      measurable: true,
      direction: metric.direction,
      unit: metric.unit,
      owner: { kind: r.kind, name: r.name },
      title: childTitle(parent.title, r.name),
      description: parent.description,
      value,
      start: parent.startDate,
      end: parent.endDate,
      checkpoints: scaledCheckpoints(parent, value),
      objective: objective
        ? {
            title: objective.title,
            start: objective.startDate,
            end: objective.endDate,
            status: objective.status,
          }
        : null,
      history: r.relative ? input[i]!.history.filter((_, j) => r.relative?.workedIn[j]) : input[i]!.history,
      capacity: r.relative?.scale ?? null,
      capacityNote: r.relative?.note ?? null,
      peers:
        r.kind === 'person' && peers
          ? { ...peers, capacity: r.capacity, capacityNote: r.capacityNote }
          : null,
      format: formatterFor(metric, currency),
    });
  };
  const lines = allocation.lines.map((line, i) => ({
    ...line,
    recipientId: line.id,
    recipientKind: recipients[i]!.kind,
    history: input[i]!.history as number[],
    lookback: history.periods.map((p) => p.label),
    capacityNote: recipients[i]!.capacityNote,
    editedFrom: null as number | null,
    currentTargetId: current[i]?.id ?? null,
    currentValue: current[i]?.value ?? null,
    currentVersion: current[i]?.version ?? null,
    currentStatus: current[i]?.status ?? null,
    smart: smartFor(i, line.value),
  }));
  return {
    metric,
    allocation,
    lines,
    notes: [...notes, ...allocation.notes],
    lookback: history.periods.map((p) => p.label),
    recipients,
    smartFor,
  };
}

function childTitle(parentTitle: string, name: string) {
  return `${parentTitle} — ${name}`.slice(0, 200);
}

/** A child's checkpoints: the parent's, scaled to the child's share of the value. */
function scaledCheckpoints(parent: repo.TargetRow, value: number) {
  if (parent.value === 0) return [];
  return parent.checkpoints.map((c) => ({
    date: c.date,
    value: Math.round((c.value * value) / parent.value),
  }));
}

function presentPreview(parent: repo.TargetRow, c: Awaited<ReturnType<typeof computeCascade>>) {
  return {
    targetId: parent.id,
    total: c.allocation.total,
    uplift: c.allocation.uplift,
    allocated: c.allocation.allocated,
    method: c.allocation.method,
    weights: c.allocation.weights,
    lookback: c.lookback,
    notes: c.notes,
    lines: c.lines.map(({ id: _id, currentVersion: _v, currentStatus: _s, ...l }) => l),
  };
}

export async function previewCascade({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: CascadeSettings;
}) {
  const parent = await loadTarget(db, actor, id);
  authorizeTarget(actor, 'set', await targetSubject(db, parent));
  return presentPreview(parent, await computeCascade(db, actor, parent, input));
}

/** The leader's final values, checked to cover every recipient once and to add up exactly. */
function finalValues(
  c: Awaited<ReturnType<typeof computeCascade>>,
  values: { recipientId: string; value: number }[] | undefined,
  metric: MetricDefinition,
) {
  if (!values) return c.lines.map((l) => l.value);
  const byId = new Map<string, number>();
  values.forEach((v, i) => {
    if (!c.lines.some((l) => l.recipientId === v.recipientId)) {
      throw Invalid.field(`body.values.${i}.recipientId`, 'is not one of this cascade’s recipients');
    }
    if (byId.has(v.recipientId)) throw Invalid.field(`body.values.${i}.recipientId`, 'appears twice');
    if (!Number.isInteger(v.value)) {
      throw Invalid.field(
        `body.values.${i}.value`,
        `must be a whole number of ${metric.unit === 'currency' ? 'currency units' : 'units'}`,
      );
    }
    byId.set(v.recipientId, v.value);
  });
  const missing = c.lines.filter((l) => !byId.has(l.recipientId)).map((l) => l.name);
  if (missing.length) throw Invalid.field('body.values', `has no value for ${missing.join(', ')}`);
  const out = c.lines.map((l) => byId.get(l.recipientId) as number);
  const sum = out.reduce((a, b) => a + b, 0);
  const diff = c.allocation.allocated - sum;
  if (diff !== 0) {
    throw Invalid.field(
      'body.values',
      `add up to ${sum}, but the team target${c.allocation.uplift ? ' with its uplift' : ''} is ${c.allocation.allocated}: ${diff > 0 ? 'add' : 'take away'} ${Math.abs(diff)}`,
    );
  }
  return out;
}

export async function applyCascade({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: CascadeSettings & {
    version: number;
    values?: { recipientId: string; value: number }[];
    publish: boolean;
    overrideReason?: string;
    reason?: string;
  };
}) {
  const childIds = await db.transaction(async (tx) => {
    await repo.lockTarget(tx, actor.orgId, id);
    const parent = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'set', await targetSubject(tx, parent));
    if (parent.version !== input.version) throw new VersionConflict('target', parent.version);
    const c = await computeCascade(tx, actor, parent, input);
    const values = finalValues(c, input.values, c.metric);
    const smarts = values.map((v, i) => (v === c.lines[i]!.value ? c.lines[i]!.smart : c.smartFor(i, v)));
    if (input.publish && !input.overrideReason) {
      const failing = c.lines.flatMap((l, i) =>
        smarts[i]!.pass
          ? []
          : [`${l.name} fails ${smarts[i]!.failing.join(', ')} (${failingSentence(smarts[i]!)})`],
      );
      const parentSmart = parent.smart as SmartResult | null;
      if (parent.status === 'draft' && parentSmart && !parentSmart.pass) {
        failing.unshift(`the team target fails ${parentSmart.failing.join(', ')}`);
      }
      if (failing.length) {
        throw Invalid.field('body.overrideReason', `is required to publish: ${failing.join('; ')}`);
      }
    }
    const now = new Date();
    const ids: string[] = [];
    for (const [i, line] of c.lines.entries()) {
      const value = values[i]!;
      const smart = smarts[i]!;
      const {
        currentTargetId,
        currentVersion,
        currentStatus,
        currentValue,
        smart: _s,
        id: _id,
        ...rest
      } = line;
      const allocation = { ...rest, value, editedFrom: value === line.value ? null : line.value };
      const publishedFields = input.publish
        ? {
            status: 'published' as const,
            publishedAt: now,
            publishedBy: actor.userId || null,
            smartOverride: smart.pass ? null : (input.overrideReason ?? null),
          }
        : {};
      if (currentTargetId && currentVersion !== null) {
        const unchangedAck = currentStatus === 'acknowledged' && currentValue === value;
        const updated = await repo.updateTarget(tx, actor.orgId, currentTargetId, currentVersion, {
          value,
          parentId: parent.id,
          objectiveId: parent.objectiveId,
          checkpoints: scaledCheckpoints(parent, value),
          allocation,
          smart: { pass: smart.pass, letters: smart.letters, failing: smart.failing },
          ...(input.publish && (currentStatus === 'draft' || !unchangedAck) ? publishedFields : {}),
          ...(currentStatus === 'acknowledged' && !unchangedAck
            ? { acknowledgedAt: null, acknowledgedBy: null }
            : {}),
        });
        if (!updated) throw new VersionConflict('target', currentVersion);
        await recordVersion(
          tx,
          actor,
          currentTargetId,
          'cascaded',
          input.reason || `Cascaded from "${parent.title}"`,
        );
        ids.push(currentTargetId);
      } else {
        const r = c.recipients[i]!;
        const { id: childId } = await repo.insertTarget(tx, {
          orgId: actor.orgId,
          personId: r.kind === 'person' ? r.id : null,
          teamId: r.kind === 'team' ? r.id : null,
          metricId: parent.metricId,
          title: childTitle(parent.title, r.name),
          description: parent.description,
          periodLabel: parent.periodLabel,
          startDate: parent.startDate,
          endDate: parent.endDate,
          checkpoints: scaledCheckpoints(parent, value),
          value,
          objectiveId: parent.objectiveId,
          parentId: parent.id,
          allocation,
          smart: { pass: smart.pass, letters: smart.letters, failing: smart.failing },
          createdBy: actor.userId || null,
          ...publishedFields,
        });
        await recordVersion(
          tx,
          actor,
          childId,
          'cascaded',
          input.reason || `Cascaded from "${parent.title}"`,
        );
        ids.push(childId);
      }
    }
    const settings = {
      method: input.method,
      weights: c.allocation.weights,
      lookback: input.lookback,
      uplift: input.uplift,
      bounds: input.bounds,
      exclude: input.exclude,
      allocated: c.allocation.allocated,
      at: now.toISOString(),
    };
    const parentPatch: repo.TargetPatchRow = { cascade: settings };
    if (input.publish && parent.status === 'draft') {
      const parentSmart = parent.smart as SmartResult | null;
      Object.assign(parentPatch, {
        status: 'published',
        publishedAt: now,
        publishedBy: actor.userId || null,
        smartOverride: parentSmart && !parentSmart.pass ? (input.overrideReason ?? null) : null,
      });
    }
    const updated = await repo.updateTarget(tx, actor.orgId, parent.id, parent.version, parentPatch);
    if (!updated) throw new VersionConflict('target', parent.version);
    await recordVersion(
      tx,
      actor,
      parent.id,
      'cascaded',
      input.reason ||
        `Cascaded to ${ids.length} ${ids.length === 1 ? 'recipient' : 'recipients'} by ${input.method}`,
    );
    await recordAudit(tx, actor, {
      action: 'target.cascade',
      entityType: 'target',
      entityId: parent.id,
      after: {
        ...settings,
        publish: input.publish,
        overrideReason: input.overrideReason ?? null,
        lines: c.lines.map((l, i) => ({ recipientId: l.recipientId, computed: l.value, value: values[i] })),
      },
    });
    return ids;
  });
  const parentRow = await loadTarget(db, actor, id);
  const childRows = await repo.listChildren(db, actor.orgId, id);
  const [target, ...children] = await presentTargets(db, actor, [
    parentRow,
    ...childRows.filter((r) => childIds.includes(r.id)),
  ]);
  return { target: target!, children };
}
