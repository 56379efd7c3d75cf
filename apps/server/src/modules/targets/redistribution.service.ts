/**
 * Mid-period redistribution of a team target's shortfall: each cascaded target's end-of-period
 * projection from the KPI engine, the proposal computed by packages/core (`redistribute`: a chosen
 * share of the at-risk shortfall moved to the on-track people in proportion to their headroom, the
 * team total unchanged), then applied with the leader's edits and reason. Every changed target gets
 * a version pointing at the redistribution, goes back to its owner to acknowledge, and shows why.
 */
import { type IsoDate, isMetricId, metricDefinition, redistribute } from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Invalid, VersionConflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { todayIso } from '../users/users.service.ts';
import * as repo from './targets.repository.ts';
import {
  authorizeTarget,
  loadTarget,
  presentTargets,
  progressOf,
  recordVersion,
  targetSubject,
} from './targets.service.ts';

export interface RedistributionSettings {
  asOf?: IsoDate;
  share: number;
  projection: 'pipeline' | 'run_rate';
  caps: { targetId: string; maxIncrease: number | null }[];
  /** Caps every increase at this share of the person's target (null: their headroom only). */
  maxIncreaseShare?: number | null;
  exclude: string[];
}

/** The tighter of two caps (null: none). */
function capOf(a: number | null, b: number | null) {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

async function computeProposal(
  db: Executor,
  actor: Actor,
  parent: repo.TargetRow,
  s: RedistributionSettings,
) {
  if (!parent.teamId) throw new Conflict('Only a team’s target can be redistributed between its people');
  if (parent.status === 'closed') throw new Conflict('This target is closed');
  if (!isMetricId(parent.metricId) || !metricDefinition(parent.metricId).additive) {
    throw new Conflict('Only a target that is a sum of people’s figures can be redistributed');
  }
  const asOf = s.asOf ?? todayIso();
  if (asOf < parent.startDate)
    throw Invalid.field('body.asOf', `is before the period starts (${parent.startDate})`);
  if (asOf > parent.endDate)
    throw Invalid.field('body.asOf', `is after the period ended (${parent.endDate}): its result is final`);
  const children = (await repo.listChildren(db, actor.orgId, parent.id)).filter((c) => c.status !== 'draft');
  if (children.length === 0) {
    throw new Conflict('No published targets were cascaded from this one: cascade and publish it first');
  }
  const ids = new Set(children.map((c) => c.id));
  s.caps.forEach((c, i) => {
    if (!ids.has(c.targetId))
      throw Invalid.field(`body.caps.${i}.targetId`, 'is not a target cascaded from this one');
  });
  s.exclude.forEach((id, i) => {
    if (!ids.has(id)) throw Invalid.field(`body.exclude.${i}`, 'is not a target cascaded from this one');
  });
  const progress = await progressOf(db, actor.orgId, children, { asOf, projection: s.projection });
  const caps = new Map(s.caps.map((c) => [c.targetId, c.maxIncrease]));
  const excluded = new Set(s.exclude);
  const result = redistribute({
    share: s.share,
    step: 1,
    people: children.map((c) => {
      const p = progress.get(c.id);
      return {
        id: c.id,
        name: c.ownerName,
        target: c.value,
        actual: p?.actual ?? 0,
        projected: Math.round(p?.projected ?? 0),
        maxIncrease: capOf(
          caps.get(c.id) ?? null,
          s.maxIncreaseShare == null ? null : Math.floor(c.value * s.maxIncreaseShare),
        ),
        excluded: excluded.has(c.id),
      };
    }),
  });
  const byId = new Map(children.map((c) => [c.id, c]));
  return {
    targetId: parent.id,
    asOf,
    share: s.share,
    projection: s.projection,
    totalShortfall: result.totalShortfall,
    totalHeadroom: result.totalHeadroom,
    requested: result.requested,
    moved: result.moved,
    teamTotal: result.teamTotal,
    notes: result.notes,
    lines: result.lines.map((l) => {
      const c = byId.get(l.id)!;
      return {
        targetId: l.id,
        targetVersion: c.version,
        personId: c.personId,
        teamId: c.teamId,
        name: l.name,
        status: l.status,
        target: l.target,
        actual: l.actual,
        projected: l.projected,
        shortfall: l.shortfall,
        headroom: l.headroom,
        cap: l.cap,
        change: l.change,
        newTarget: l.newTarget,
        rationale: l.rationale,
        editedFrom: null as number | null,
      };
    }),
    children,
  };
}

export async function proposeRedistribution({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: RedistributionSettings;
}) {
  const parent = await loadTarget(db, actor, id);
  authorizeTarget(actor, 'set', await targetSubject(db, parent));
  const { children: _c, ...proposal } = await computeProposal(db, actor, parent, input);
  return proposal;
}

export async function applyRedistribution({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: RedistributionSettings & {
    version: number;
    reason: string;
    changes?: { targetId: string; targetVersion: number; newTarget: number }[];
  };
}) {
  const redistributionId = await db.transaction(async (tx) => {
    await repo.lockTarget(tx, actor.orgId, id);
    const parent = await loadTarget(tx, actor, id);
    authorizeTarget(actor, 'set', await targetSubject(tx, parent));
    if (parent.version !== input.version) throw new VersionConflict('target', parent.version);
    const proposal = await computeProposal(tx, actor, parent, input);
    const lines = proposal.lines;
    if (input.changes) {
      const byId = new Map(lines.map((l) => [l.targetId, l]));
      const seen = new Set<string>();
      input.changes.forEach((c, i) => {
        const line = byId.get(c.targetId);
        if (!line)
          throw Invalid.field(`body.changes.${i}.targetId`, 'is not a target cascaded from this one');
        if (seen.has(c.targetId)) throw Invalid.field(`body.changes.${i}.targetId`, 'appears twice');
        seen.add(c.targetId);
        if (c.targetVersion !== line.targetVersion) throw new VersionConflict('target', line.targetVersion);
        if (!Number.isInteger(c.newTarget))
          throw Invalid.field(`body.changes.${i}.newTarget`, 'must be a whole number');
        if (c.newTarget !== line.newTarget) {
          line.editedFrom = line.newTarget;
          line.newTarget = c.newTarget;
          line.change = c.newTarget - line.target;
        }
      });
      // Targets not listed keep their value.
      for (const l of lines) {
        if (!seen.has(l.targetId) && l.newTarget !== l.target) {
          l.editedFrom = l.newTarget;
          l.newTarget = l.target;
          l.change = 0;
        }
      }
      const after = lines.reduce((a, l) => a + l.newTarget, 0);
      if (after !== proposal.teamTotal) {
        throw Invalid.field(
          'body.changes',
          `the new targets add up to ${after}, but the team total is ${proposal.teamTotal} and may not change: ${after > proposal.teamTotal ? 'take away' : 'add'} ${Math.abs(after - proposal.teamTotal)}`,
        );
      }
    }
    const changed = lines.filter((l) => l.newTarget !== l.target);
    if (changed.length === 0)
      throw new Conflict('Nothing would change: no target moves in this redistribution');
    const moved = changed.reduce((a, l) => a + Math.max(0, l.change), 0);
    const { id: redistributionId } = await repo.insertRedistribution(tx, {
      orgId: actor.orgId,
      targetId: parent.id,
      asOf: proposal.asOf,
      share: input.share,
      projectionMethod: input.projection,
      moved,
      reason: input.reason,
      lines,
      appliedBy: actor.userId || null,
    });
    const children = new Map(proposal.children.map((c) => [c.id, c]));
    for (const l of changed) {
      const child = children.get(l.targetId)!;
      const updated = await repo.updateTarget(tx, actor.orgId, child.id, child.version, {
        value: l.newTarget,
        // The checkpoints keep their shape, scaled to the new figure.
        checkpoints: child.checkpoints.map((c) => ({
          date: c.date,
          value: child.value === 0 ? c.value : Math.round((c.value * l.newTarget) / child.value),
        })),
        // A changed target goes back to its owner to acknowledge.
        status: 'published',
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      if (!updated) throw new VersionConflict('target', child.version);
      await recordVersion(tx, actor, child.id, 'redistributed', input.reason, redistributionId);
    }
    const touched = await repo.updateTarget(tx, actor.orgId, parent.id, parent.version, {});
    if (!touched) throw new VersionConflict('target', parent.version);
    await recordVersion(
      tx,
      actor,
      parent.id,
      'redistributed',
      `${input.reason} (moved ${moved} between ${changed.length} targets; team total unchanged at ${proposal.teamTotal})`,
      redistributionId,
    );
    await recordAudit(tx, actor, {
      action: 'target.redistribute',
      entityType: 'target',
      entityId: parent.id,
      after: {
        redistributionId,
        share: input.share,
        asOf: proposal.asOf,
        reason: input.reason,
        changes: changed.map((l) => ({ targetId: l.targetId, before: l.target, after: l.newTarget })),
      },
    });
    return redistributionId;
  });
  const [record] = (await repo.listRedistributions(db, actor.orgId, id)).filter(
    (r) => r.id === redistributionId,
  );
  const rows = await repo.listChildren(db, actor.orgId, id);
  return {
    redistribution: presentRedistribution(record!),
    children: await presentTargets(db, actor, rows),
  };
}

function presentRedistribution(r: Awaited<ReturnType<typeof repo.listRedistributions>>[number]) {
  return { ...r, lines: r.lines as never[] };
}

export async function listRedistributions({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  const parent = await loadTarget(db, actor, id);
  // The lines hold each person's target and results: for those who set the team's targets.
  authorizeTarget(actor, 'set', await targetSubject(db, parent));
  return { items: (await repo.listRedistributions(db, actor.orgId, id)).map(presentRedistribution) };
}
