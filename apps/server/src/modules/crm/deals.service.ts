/**
 * Deals: the opportunities every revenue figure comes from. A deal's stage only changes through
 * `moveDeal` (or creation and import), and every change is appended to its stage history, because
 * funnel conversion, time in stage, cycle length and velocity are computed from that history.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findOrganisation } from '../organisations/organisations.repository.ts';
import { todayIso } from '../users/users.service.ts';
import { findAccount } from './accounts.repository.ts';
import { authorizeEdit, checkOwner } from './crm.ownership.ts';
import { crmPolicy } from './crm.policy.ts';
import { ownerSubject, ownerSubjects } from './crm.scope.ts';
import * as repo from './deals.repository.ts';
import type { CreateDealInput, ObjectionInput, UpdateDealInput } from './deals.schemas.ts';
import * as pipelines from './pipelines.repository.ts';
import { ensureDefaultPipeline } from './pipelines.service.ts';

type Status = 'open' | 'won' | 'lost';

function present(actor: Actor, row: repo.DealRow, subjectOf: (ownerId: string | null) => Subject) {
  const { orgId, ...rest } = row;
  return { ...rest, can: crmPolicy.abilities(actor, subjectOf(row.ownerId)) };
}

async function presentMany(db: Executor, actor: Actor, rows: repo.DealRow[]) {
  const subjectOf = await ownerSubjects(
    db,
    actor.orgId,
    rows.map((r) => r.ownerId),
  );
  return rows.map((r) => present(actor, r, subjectOf));
}

async function presentOne(db: Executor, actor: Actor, row: repo.DealRow) {
  return present(actor, row, await ownerSubjects(db, actor.orgId, [row.ownerId]));
}

async function loadDeal(db: Executor, actor: Actor, id: string) {
  const row = await repo.findDeal(db, actor, id);
  if (!row) throw new NotFound('deal');
  return row;
}

/** The forecast category a closed deal takes, or an open deal's own. */
function forecastFor(status: Status, current: repo.DealRow['forecastCategory'] | undefined) {
  if (status === 'won') return 'closed' as const;
  if (status === 'lost') return 'omitted' as const;
  return current && current !== 'closed' && current !== 'omitted' ? current : ('pipeline' as const);
}

async function checkLinks(
  tx: Executor,
  actor: Actor,
  input: { accountId?: string | null; contactId?: string | null; productId?: string | null },
) {
  if (input.accountId && !(await findAccount(tx, actor, input.accountId))) {
    throw Invalid.field('body.accountId', 'no such account');
  }
  if (input.contactId) {
    const contact = await repo.findLinkableContact(tx, actor, input.contactId);
    if (!contact) throw Invalid.field('body.contactId', 'no such contact');
    if (input.accountId && contact.accountId && contact.accountId !== input.accountId) {
      throw Invalid.field('body.contactId', 'works for a different account than the deal’s');
    }
  }
  if (input.productId && !(await repo.productExists(tx, actor.orgId, input.productId))) {
    throw Invalid.field('body.productId', 'no such product');
  }
}

function checkDates(d: { createdOn: string; engagedOn?: string | null; closedOn?: string | null }) {
  if (d.engagedOn && d.engagedOn < d.createdOn) {
    throw Invalid.field('body.engagedOn', `must be on or after the creation date (${d.createdOn})`);
  }
  if (d.closedOn && d.closedOn < d.createdOn) {
    throw Invalid.field('body.closedOn', `must be on or after the creation date (${d.createdOn})`);
  }
}

export async function listDeals({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: repo.DealFilter & { sort: repo.DealSort; limit: number; cursor?: string };
}) {
  const rows = await repo.listDeals(db, actor, {
    ...input,
    after: decodeKeyset(input.cursor, repo.dealSortFormat(input.sort)),
  });
  const page = toPage(rows, input.limit, (r) => repo.dealSortKey(r, input.sort));
  return {
    nextCursor: page.nextCursor,
    items: await presentMany(db, actor, page.items),
  };
}

export async function getBoard({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: repo.DealFilter & { perStage: number };
}) {
  const pipelineId = input.pipelineId ?? (await ensureDefaultPipeline(db, actor.orgId)).id;
  const pipeline = await pipelines.findPipeline(db, actor.orgId, pipelineId);
  if (!pipeline || pipeline.archivedAt) throw Invalid.field('query.pipelineId', 'no such pipeline');
  const stages = await pipelines.listStages(db, actor.orgId, [pipelineId]);
  const filter = { ...input, pipelineId };
  const [summary, rows] = await Promise.all([
    repo.boardSummary(db, actor, filter),
    repo.boardDeals(
      db,
      actor,
      filter,
      stages.map((s) => s.id),
      input.perStage,
    ),
  ]);
  const presented = await presentMany(db, actor, rows);
  const order = { open: 0, won: 1, lost: 2 };
  return {
    pipelineId,
    columns: stages
      .sort((a, b) => order[a.kind] - order[b.kind] || a.position - b.position)
      .map((s) => {
        const sums = summary.filter((x) => x.stageId === s.id);
        return {
          stageId: s.id,
          name: s.name,
          kind: s.kind,
          probability: s.probability,
          count: sums.reduce((n, x) => n + x.count, 0),
          totals: sums.map((x) => ({ currency: x.currency, amount: x.amount })),
          deals: presented.filter((d) => d.stageId === s.id),
        };
      }),
  };
}

export async function getDeal({ db, actor, id }: { db: Db | Executor; actor: Actor; id: string }) {
  return presentOne(db, actor, await loadDeal(db, actor, id));
}

export async function createDeal({ db, actor, input }: { db: Db; actor: Actor; input: CreateDealInput }) {
  const ownerId = input.ownerId ?? actor.userId;
  const pipelineId = input.pipelineId ?? (await ensureDefaultPipeline(db, actor.orgId)).id;
  const id = await db.transaction(async (tx) => {
    crmPolicy.authorize(actor, 'create', await ownerSubject(tx, actor.orgId, ownerId));
    if (input.ownerId) await checkOwner(tx, actor, input.ownerId, 'body.ownerId', 'create');
    const pipeline = await pipelines.findPipeline(tx, actor.orgId, pipelineId);
    if (!pipeline || pipeline.archivedAt) throw Invalid.field('body.pipelineId', 'no such pipeline');
    const stages = await pipelines.listStages(tx, actor.orgId, [pipelineId]);
    const stage = input.stageId
      ? stages.find((s) => s.id === input.stageId)
      : stages.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position)[0];
    if (!stage) throw Invalid.field('body.stageId', 'is not a stage of this pipeline');
    if (stage.kind === 'lost' && !input.lostReason) {
      throw Invalid.field('body.lostReason', 'is required for a lost deal');
    }
    await checkLinks(tx, actor, input);
    if (input.externalId && (await repo.findDealIdByExternalId(tx, actor.orgId, input.externalId))) {
      throw Invalid.field('body.externalId', 'another deal has this external id');
    }
    const createdOn = input.createdOn ?? todayIso();
    const closedOn = stage.kind === 'open' ? null : (input.closedOn ?? todayIso());
    checkDates({ createdOn, engagedOn: input.engagedOn, closedOn });
    const org = await findOrganisation(tx, actor.orgId);
    const { id } = await repo.insertDeal(tx, {
      orgId: actor.orgId,
      externalId: input.externalId ?? null,
      name: input.name,
      accountId: input.accountId ?? null,
      contactId: input.contactId ?? null,
      productId: input.productId ?? null,
      ownerId,
      amount: input.amount ?? null,
      currency: input.currency ?? org?.settings.currency ?? 'EUR',
      pipelineId,
      stageId: stage.id,
      status: stage.kind,
      expectedCloseDate: input.expectedCloseDate ?? null,
      source: input.source ?? null,
      competitor: input.competitor ?? null,
      lostReason: stage.kind === 'lost' ? (input.lostReason ?? null) : null,
      forecastCategory: forecastFor(stage.kind, input.forecastCategory),
      createdOn,
      engagedOn: input.engagedOn ?? null,
      closedOn,
    });
    await repo.insertStageChange(tx, {
      orgId: actor.orgId,
      dealId: id,
      fromStageId: null,
      toStageId: stage.id,
      changedAt: new Date(),
      changedBy: actor.userId || null,
      source: 'user',
    });
    await recordAudit(tx, actor, {
      action: 'deal.create',
      entityType: 'deal',
      entityId: id,
      after: { ...input, ownerId, pipelineId, stageId: stage.id, createdOn, closedOn },
    });
    return id;
  });
  return getDeal({ db, actor, id });
}

export async function updateDeal({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: UpdateDealInput;
}) {
  await db.transaction(async (tx) => {
    const before = await loadDeal(tx, actor, id);
    const { version, ...patch } = input;
    const reassigned = await authorizeEdit(tx, actor, before.ownerId, patch.ownerId);
    await checkLinks(tx, actor, {
      accountId: patch.accountId === undefined ? before.accountId : patch.accountId,
      // A new account must still match the deal's contact (the old one unless a new one is given).
      contactId:
        patch.contactId !== undefined
          ? patch.contactId
          : patch.accountId !== undefined
            ? before.contactId
            : undefined,
      productId: patch.productId,
    });
    if (patch.externalId && patch.externalId !== before.externalId) {
      const other = await repo.findDealIdByExternalId(tx, actor.orgId, patch.externalId);
      if (other && other !== id) throw Invalid.field('body.externalId', 'another deal has this external id');
    }
    checkDates({
      createdOn: before.createdOn,
      engagedOn: patch.engagedOn === undefined ? before.engagedOn : patch.engagedOn,
      closedOn: before.closedOn,
    });
    if (patch.lostReason !== undefined && before.status !== 'lost' && patch.lostReason) {
      throw Invalid.field('body.lostReason', 'only a lost deal has a lost reason');
    }
    if (patch.lostReason === null && before.status === 'lost') {
      throw Invalid.field('body.lostReason', 'a lost deal needs its reason');
    }
    if (
      patch.forecastCategory &&
      before.status !== 'open' &&
      patch.forecastCategory !== before.forecastCategory
    ) {
      throw Invalid.field(
        'body.forecastCategory',
        `a ${before.status} deal is ${before.forecastCategory}; reopen it first`,
      );
    }
    const updated = await repo.updateDeal(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('deal', before.version);
    const { orgId: _o, stageEnteredAt: _s, ...beforeRecord } = before;
    await recordAudit(tx, actor, {
      action: reassigned ? 'deal.reassign' : 'deal.update',
      entityType: 'deal',
      entityId: id,
      before: beforeRecord,
      after: patch,
    });
  });
  return getDeal({ db, actor, id });
}

/**
 * Moves a deal to another stage of its pipeline: into won or lost (closing it, with a lost reason),
 * back out of them (reopening), or between open stages. Each move is kept in the stage history.
 */
export async function moveDeal({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: { version: number; stageId: string; lostReason?: string; closedOn?: string };
}) {
  await db.transaction(async (tx) => {
    const before = await loadDeal(tx, actor, id);
    crmPolicy.authorize(actor, 'update', await ownerSubject(tx, actor.orgId, before.ownerId));
    const stage = await pipelines.findStage(tx, actor.orgId, input.stageId);
    if (!stage || stage.pipelineId !== before.pipelineId || stage.archivedAt) {
      throw Invalid.field('body.stageId', 'is not a stage of this deal’s pipeline');
    }
    if (stage.id === before.stageId)
      throw Invalid.field('body.stageId', `the deal is already in ${stage.name}`);
    if (stage.kind === 'lost' && !input.lostReason)
      throw Invalid.field('body.lostReason', 'is required to mark a deal lost');
    if (stage.kind !== 'lost' && input.lostReason)
      throw Invalid.field('body.lostReason', 'only a lost deal has a lost reason');
    if (stage.kind === 'open' && input.closedOn)
      throw Invalid.field('body.closedOn', 'only a won or lost deal has a close date');
    const closedOn = stage.kind === 'open' ? null : (input.closedOn ?? todayIso());
    checkDates({ createdOn: before.createdOn, closedOn });
    const updated = await repo.updateDeal(tx, actor.orgId, id, input.version, {
      stageId: stage.id,
      status: stage.kind,
      closedOn,
      lostReason: stage.kind === 'lost' ? input.lostReason : null,
      forecastCategory: forecastFor(stage.kind, before.forecastCategory),
    });
    if (!updated) throw new VersionConflict('deal', before.version);
    await repo.insertStageChange(tx, {
      orgId: actor.orgId,
      dealId: id,
      fromStageId: before.stageId,
      toStageId: stage.id,
      changedAt: new Date(),
      changedBy: actor.userId || null,
      source: 'user',
    });
    const reopened = before.status !== 'open' && stage.kind === 'open';
    await recordAudit(tx, actor, {
      action: reopened ? 'deal.reopen' : stage.kind === 'open' ? 'deal.move' : `deal.${stage.kind}`,
      entityType: 'deal',
      entityId: id,
      before: {
        stageId: before.stageId,
        stageName: before.stageName,
        status: before.status,
        closedOn: before.closedOn,
      },
      after: {
        stageId: stage.id,
        stageName: stage.name,
        status: stage.kind,
        closedOn,
        lostReason: input.lostReason ?? null,
      },
    });
  });
  return getDeal({ db, actor, id });
}

export async function dealHistory({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await loadDeal(db, actor, id);
  return repo.listStageChanges(db, actor.orgId, id);
}

export async function listObjections({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await loadDeal(db, actor, id);
  return repo.listObjections(db, actor.orgId, id);
}

export async function logObjection({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: ObjectionInput;
}) {
  await db.transaction(async (tx) => {
    const deal = await loadDeal(tx, actor, id);
    crmPolicy.authorize(actor, 'update', await ownerSubject(tx, actor.orgId, deal.ownerId));
    const raisedOn = input.raisedOn ?? todayIso();
    if (raisedOn < deal.createdOn)
      throw Invalid.field(
        'body.raisedOn',
        `must be on or after ${deal.createdOn}, when the deal was created`,
      );
    const row = {
      orgId: actor.orgId,
      dealId: id,
      type: input.type,
      technique: input.technique ?? null,
      outcome: input.outcome,
      notes: input.notes ?? null,
      raisedOn,
      loggedBy: actor.userId,
    };
    const created = await repo.insertObjection(tx, row);
    await recordAudit(tx, actor, {
      action: 'objection.create',
      entityType: 'deal',
      entityId: id,
      after: { id: created.id, ...row },
    });
  });
  return repo.listObjections(db, actor.orgId, id);
}

/**
 * Merges the board totals' rows of differences (the totals stay the same): hourly for every
 * organisation, and for one organisation after its deals import.
 */
export async function compactBoardTotals({ db, orgId }: { db: Db; orgId?: string }) {
  await repo.compactDealStageTotals(db, orgId);
}

/** Recomputes the board totals from the deals, e.g. after loading deals with triggers disabled. */
export async function rebuildBoardTotals({ db }: { db: Db }) {
  await repo.rebuildDealStageTotals(db);
}
