/** Pipelines and their ordered stages, each with a default probability; won and lost are terminal. */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Conflict, Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { pipelinePolicy } from './crm.policy.ts';
import * as repo from './pipelines.repository.ts';
import type { StageInput } from './pipelines.schemas.ts';

/** The standard B2B sales process (../DESIGN.md), used for every new organisation. */
export const STANDARD_STAGES: StageInput[] = [
  { name: 'Prospecting', kind: 'open', probability: 10 },
  { name: 'Qualification', kind: 'open', probability: 20 },
  { name: 'Proposal', kind: 'open', probability: 50 },
  { name: 'Negotiation', kind: 'open', probability: 75 },
  { name: 'Won', kind: 'won', probability: 100 },
  { name: 'Lost', kind: 'lost', probability: 0 },
];

const kindOrder = { open: 0, won: 1, lost: 2 } as const;

function present(actor: Actor, row: repo.PipelineRow, stages: repo.StageRow[]) {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    version: row.version,
    stages: stages
      .filter((s) => s.pipelineId === row.id)
      .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.position - b.position)
      .map((s) => ({
        id: s.id,
        name: s.name,
        position: s.position,
        kind: s.kind,
        probability: s.probability,
      })),
    can: pipelinePolicy.abilities(actor, { orgId: row.orgId }),
  };
}

function checkStages(stages: StageInput[]) {
  const count = (kind: StageInput['kind']) => stages.filter((s) => s.kind === kind).length;
  if (count('open') < 1) throw Invalid.field('body.stages', 'needs at least one open stage');
  if (count('won') !== 1) throw Invalid.field('body.stages', 'needs exactly one won stage');
  if (count('lost') !== 1) throw Invalid.field('body.stages', 'needs exactly one lost stage');
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (seen.has(key)) throw Invalid.field(`body.stages.${i}.name`, `“${s.name}” appears twice`);
    seen.add(key);
  });
  stages.forEach((s, i) => {
    if (s.kind === 'won' && s.probability !== 100)
      throw Invalid.field(`body.stages.${i}.probability`, 'must be 100 for the won stage');
    if (s.kind === 'lost' && s.probability !== 0)
      throw Invalid.field(`body.stages.${i}.probability`, 'must be 0 for the lost stage');
  });
}

/** Creates a pipeline with its stages, in the caller's transaction. */
export async function insertPipelineWithStages(
  tx: Executor,
  orgId: string,
  input: { name: string; isDefault: boolean; stages: StageInput[] },
) {
  if (input.isDefault) await repo.clearDefault(tx, orgId);
  const row = await repo.insertPipeline(tx, { orgId, name: input.name, isDefault: input.isDefault });
  const stages = await repo.insertStages(
    tx,
    input.stages.map((s, i) => ({
      orgId,
      pipelineId: row.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      position: i + 1,
    })),
  );
  return { row, stages };
}

/** Every organisation has a default pipeline; one made before pipelines existed gets it on first use. */
export async function ensureDefaultPipeline(db: Db, orgId: string) {
  const existing = await repo.findDefaultPipeline(db, orgId);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    await repo.lockPipelines(tx, orgId);
    const again = await repo.findDefaultPipeline(tx, orgId);
    if (again) return again;
    const { row } = await insertPipelineWithStages(tx, orgId, {
      name: 'Sales',
      isDefault: true,
      stages: STANDARD_STAGES,
    });
    return row;
  });
}

export async function listPipelines({ db, actor }: { db: Db; actor: Actor }) {
  pipelinePolicy.authorize(actor, 'read', { orgId: actor.orgId });
  await ensureDefaultPipeline(db, actor.orgId);
  const rows = await repo.listPipelines(db, actor.orgId);
  const stages = await repo.listStages(
    db,
    actor.orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(actor, r, stages));
}

export async function getPipeline({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  const row = await repo.findPipeline(db, actor.orgId, id);
  if (!row || row.archivedAt) throw new NotFound('pipeline');
  return present(actor, row, await repo.listStages(db, actor.orgId, [id]));
}

export async function createPipeline({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { name: string; isDefault?: boolean; stages?: StageInput[] };
}) {
  pipelinePolicy.authorize(actor, 'manage', { orgId: actor.orgId });
  const stages = input.stages ?? STANDARD_STAGES;
  checkStages(stages);
  const id = await db.transaction(async (tx) => {
    if (await repo.nameTaken(tx, actor.orgId, input.name))
      throw Invalid.field('body.name', 'another pipeline has this name');
    const { row } = await insertPipelineWithStages(tx, actor.orgId, {
      name: input.name,
      isDefault: input.isDefault ?? false,
      stages,
    });
    await recordAudit(tx, actor, {
      action: 'pipeline.create',
      entityType: 'pipeline',
      entityId: row.id,
      after: { name: row.name, isDefault: row.isDefault, stages },
    });
    return row.id;
  });
  return getPipeline({ db, actor, id });
}

export async function updatePipeline({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { version: number; name?: string; isDefault?: true; stages?: StageInput[] };
}) {
  pipelinePolicy.authorize(actor, 'manage', { orgId: actor.orgId });
  await db.transaction(async (tx) => {
    const before = await getPipeline({ db: tx, actor, id });
    if (input.name && (await repo.nameTaken(tx, actor.orgId, input.name, id))) {
      throw Invalid.field('body.name', 'another pipeline has this name');
    }
    if (input.isDefault) await repo.clearDefault(tx, actor.orgId);
    const updated = await repo.updatePipeline(tx, actor.orgId, id, input.version, {
      name: input.name,
      isDefault: input.isDefault,
    });
    if (!updated) throw new VersionConflict('pipeline', before.version);
    if (input.stages) {
      checkStages(input.stages);
      const existing = new Map(before.stages.map((s) => [s.id, s]));
      for (const [i, s] of input.stages.entries()) {
        if (s.id && !existing.has(s.id))
          throw Invalid.field(`body.stages.${i}.id`, 'is not a stage of this pipeline');
      }
      const kept = new Set(input.stages.map((s) => s.id).filter(Boolean));
      for (const old of before.stages) {
        if (kept.has(old.id)) continue;
        const n = await repo.countDealsInStage(tx, actor.orgId, old.id);
        if (n > 0)
          throw new Conflict(
            `The stage “${old.name}” still holds ${n} deal${n === 1 ? '' : 's'}; move them first`,
          );
        await repo.updateStage(tx, actor.orgId, old.id, { archivedAt: new Date() });
      }
      for (const [i, s] of input.stages.entries()) {
        const old = s.id ? existing.get(s.id) : undefined;
        if (old && old.kind !== s.kind) {
          const n = await repo.countDealsInStage(tx, actor.orgId, old.id);
          if (n > 0) {
            throw new Conflict(
              `The stage “${old.name}” holds ${n} deal${n === 1 ? '' : 's'}; its kind cannot change`,
            );
          }
        }
        if (s.id) {
          await repo.updateStage(tx, actor.orgId, s.id, {
            name: s.name,
            kind: s.kind,
            probability: s.probability,
            position: i + 1,
          });
        } else {
          await repo.insertStages(tx, [
            {
              orgId: actor.orgId,
              pipelineId: id,
              name: s.name,
              kind: s.kind,
              probability: s.probability,
              position: i + 1,
            },
          ]);
        }
      }
    }
    await recordAudit(tx, actor, {
      action: 'pipeline.update',
      entityType: 'pipeline',
      entityId: id,
      before,
      after: await getPipeline({ db: tx, actor, id }),
    });
  });
  return getPipeline({ db, actor, id });
}
