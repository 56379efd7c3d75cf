/**
 * Forecasting's use cases: a person submits their call for a period, a leader adjusts a person's or
 * a team's figure with a note, the team's forecast is rolled up its tree with every figure broken
 * down to people, submissions, adjustments and deals, and past calls are judged against what was won.
 *
 * Submissions and adjustments are append-only: the latest of each subject counts and the earlier
 * ones stay as history. The arithmetic (roll-up, category totals, weighted pipeline, accuracy and
 * bias) is packages/core's; this file only gathers the inputs and shapes the answers.
 */
import {
  categoryTotals,
  type ForecastCategory,
  forecastTrackRecord,
  type Period,
  periodContaining,
  previousPeriods,
  rollUpForecast,
  weightedPipeline,
} from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { decodeCursor, decodeKeyset, toPage } from '../../platform/pagination.ts';
import type { Subject } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { ownerSubject } from '../crm/crm.scope.ts';
import { personMetric, readPeriod } from '../kpi/kpi.service.ts';
import * as orgRepo from '../organisations/organisations.repository.ts';
import * as teamsRepo from '../teams/teams.repository.ts';
import * as usersRepo from '../users/users.repository.ts';
import { todayIso } from '../users/users.service.ts';
import { forecastPolicy } from './forecasts.policy.ts';
import * as repo from './forecasts.repository.ts';
import type {
  AdjustForecastInput,
  Adjustment,
  DealFigures,
  PersonForecast,
  SubmitForecastInput,
  TeamForecast,
} from './forecasts.schemas.ts';

const CATEGORIES: ForecastCategory[] = ['closed', 'commit', 'best_case', 'pipeline', 'omitted'];

/** Sums of amounts stored to the cent, without binary-fraction dust. */
const cents = (n: number) => Math.round(n * 100) / 100;

function periodJson(p: Period) {
  return { label: p.label, kind: p.kind, start: p.start, end: p.end };
}

async function reportingCurrency(db: Executor, orgId: string) {
  return (await orgRepo.findOrganisation(db, orgId))?.settings.currency ?? 'EUR';
}

function refuseEnded(period: Period, path: string) {
  const today = todayIso();
  if (period.end < today) {
    throw Invalid.field(path, `ended on ${period.end}: a forecast is for a period still running or to come`);
  }
}

/**
 * The person, if the actor may see their forecasts. Otherwise "not found", as for any personal
 * record outside one's scope.
 */
async function visiblePerson(db: Executor, actor: Actor, personId: string) {
  const person = await usersRepo.findUser(db, actor.orgId, personId);
  if (!person) throw new NotFound('person');
  const subject = await ownerSubject(db, actor.orgId, personId);
  if (!forecastPolicy.can(actor, 'view_person', subject)) throw new NotFound('person');
  return { person, subject };
}

async function existingTeam(db: Executor, actor: Actor, teamId: string) {
  const team = await teamsRepo.findTeam(db, actor.orgId, teamId);
  if (!team) throw new NotFound('team');
  return team;
}

const teamSubject = (actor: Actor, teamId: string): Subject => ({ orgId: actor.orgId, teamIds: [teamId] });

function presentSubmission(row: repo.SubmissionRow) {
  return {
    id: row.id,
    personId: row.submitterId,
    period: {
      label: row.periodLabel,
      kind: readPeriod(row.periodLabel).kind,
      start: row.periodStart,
      end: row.periodEnd,
    },
    currency: row.currency,
    amount: row.amount,
    bestCase: row.bestCase,
    note: row.note,
    submittedAt: row.submittedAt,
  };
}

function presentAdjustment(row: repo.AdjustmentRow): Adjustment {
  return {
    id: row.id,
    period: row.periodLabel,
    personId: row.personId,
    teamId: row.teamId,
    amount: row.amount,
    note: row.note,
    adjustedBy: { id: row.adjustedBy, name: row.adjustedByName ?? '' },
    adjustedAt: row.adjustedAt,
  };
}

function summary(row: repo.SubmissionRow) {
  return {
    id: row.id,
    amount: row.amount,
    bestCase: row.bestCase,
    note: row.note,
    submittedAt: row.submittedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Submitting and adjusting

export async function submitForecast({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: SubmitForecastInput;
}) {
  forecastPolicy.authorize(actor, 'submit', { orgId: actor.orgId, userId: actor.userId });
  const period = readPeriod(input.period, 'body.period');
  refuseEnded(period, 'body.period');
  if (input.bestCase != null && input.bestCase < input.amount) {
    throw Invalid.field('body.bestCase', `must be at least the amount (${input.amount})`);
  }
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertSubmission(tx, {
      orgId: actor.orgId,
      submitterId: actor.userId,
      periodLabel: period.label,
      periodStart: period.start,
      periodEnd: period.end,
      currency: await reportingCurrency(tx, actor.orgId),
      amount: input.amount,
      bestCase: input.bestCase ?? null,
      note: input.note || null,
    });
    await recordAudit(tx, actor, {
      action: 'forecast.submit',
      entityType: 'forecast_submission',
      entityId: created.id,
      after: {
        period: period.label,
        amount: input.amount,
        bestCase: input.bestCase ?? null,
        note: input.note ?? null,
      },
    });
    return created;
  });
  return presentSubmission(row);
}

export async function adjustForecast({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: AdjustForecastInput;
}) {
  const period = readPeriod(input.period, 'body.period');
  let subject: Subject;
  if (input.personId) {
    if (!(await usersRepo.findUser(db, actor.orgId, input.personId))) throw new NotFound('person');
    subject = await ownerSubject(db, actor.orgId, input.personId);
  } else {
    await existingTeam(db, actor, input.teamId as string);
    subject = teamSubject(actor, input.teamId as string);
  }
  forecastPolicy.authorize(actor, 'adjust', subject);
  refuseEnded(period, 'body.period');
  const id = await db.transaction(async (tx) => {
    const [previous] = await repo.latestAdjustments(tx, actor.orgId, period.label, {
      personIds: input.personId ? [input.personId] : [],
      teamIds: input.teamId ? [input.teamId] : [],
    });
    const { id } = await repo.insertAdjustment(tx, {
      orgId: actor.orgId,
      periodLabel: period.label,
      personId: input.personId ?? null,
      teamId: input.teamId ?? null,
      amount: input.amount,
      note: input.note,
      adjustedBy: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'forecast.adjust',
      entityType: 'forecast_adjustment',
      entityId: String(id),
      before: previous ? { amount: previous.amount, note: previous.note } : null,
      after: { ...input, period: period.label },
    });
    return id;
  });
  const row = await repo.findAdjustment(db, actor.orgId, id);
  return presentAdjustment(row!);
}

// ---------------------------------------------------------------------------------------------
// Figures

function dealFiguresOf(rows: readonly repo.DealSumRow[], currency: string): DealFigures {
  const counted = rows.filter((r) => r.currency === currency);
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => [c, { deals: 0, amount: 0 }]),
  ) as DealFigures['categories'];
  for (const r of counted) categories[r.category].deals += r.deals;
  const totals = categoryTotals(counted.map((r) => ({ amount: r.amount, category: r.category })));
  for (const c of CATEGORIES) categories[c].amount = cents(totals.byCategory[c]);
  return {
    categories,
    commit: cents(totals.commit),
    bestCase: cents(totals.bestCase),
    weightedOpen: cents(
      weightedPipeline(
        counted
          .filter((r) => r.status === 'open')
          .map((r) => ({ amount: r.amount, probability: r.probability })),
      ),
    ),
    otherCurrencyDeals: rows.filter((r) => r.currency !== currency).reduce((n, r) => n + r.deals, 0),
  };
}

interface Inputs {
  currency: string;
  submissions: Map<string, repo.SubmissionRow>;
  personAdjustments: Map<string, repo.AdjustmentRow>;
  teamAdjustments: Map<string, repo.AdjustmentRow>;
  deals: Map<string, repo.DealSumRow[]>;
}

async function gatherInputs(
  db: Executor,
  orgId: string,
  period: Period,
  personIds: readonly string[],
  teamIds: readonly string[],
): Promise<Inputs> {
  const [currency, submissions, adjustments, deals] = await Promise.all([
    reportingCurrency(db, orgId),
    repo.latestSubmissions(db, orgId, period.label, personIds),
    repo.latestAdjustments(db, orgId, period.label, { personIds, teamIds }),
    repo.sumDealsBehind(db, orgId, personIds, period.start, period.end),
  ]);
  const byOwner = new Map<string, repo.DealSumRow[]>();
  for (const d of deals) byOwner.set(d.ownerId, [...(byOwner.get(d.ownerId) ?? []), d]);
  return {
    currency,
    submissions: new Map(submissions.map((s) => [s.submitterId, s])),
    personAdjustments: new Map(adjustments.filter((a) => a.personId).map((a) => [a.personId as string, a])),
    teamAdjustments: new Map(adjustments.filter((a) => a.teamId).map((a) => [a.teamId as string, a])),
    deals: byOwner,
  };
}

function personLine(
  actor: Actor,
  person: { userId: string; name: string; teamId: string | null },
  inputs: Inputs,
): PersonForecast {
  const sub = inputs.submissions.get(person.userId);
  const adj = inputs.personAdjustments.get(person.userId);
  const subject = {
    orgId: actor.orgId,
    userId: person.userId,
    teamIds: person.teamId ? [person.teamId] : [],
  };
  return {
    personId: person.userId,
    name: person.name,
    teamId: person.teamId,
    submitted: sub ? summary(sub) : null,
    adjusted: adj ? presentAdjustment(adj) : null,
    effective: adj?.amount ?? sub?.amount ?? null,
    adjustedBeforeLatestSubmission: !!(adj && sub && sub.submittedAt > adj.adjustedAt),
    deals: dealFiguresOf(inputs.deals.get(person.userId) ?? [], inputs.currency),
    can: { adjust: forecastPolicy.can(actor, 'adjust', subject) },
  };
}

/**
 * The team's forecast rolled up its tree: each sub-team (recursively) and each person now in it,
 * with the latest submission, the latest adjustment and the deals behind each figure. A team's
 * figure is the sum of its members' and sub-teams' effective figures, unless the team itself was
 * adjusted; then the adjustment counts and the difference is shown.
 */
export async function getTeamForecast({
  db,
  actor,
  teamId,
  period: label,
}: {
  db: Db;
  actor: Actor;
  teamId: string;
  period: string;
}) {
  const period = readPeriod(label, 'query.period');
  const root = await existingTeam(db, actor, teamId);
  forecastPolicy.authorize(actor, 'view_team', teamSubject(actor, teamId));
  const subtree = await teamsRepo.findSubtreeIds(db, actor.orgId, teamId);
  const teamRows = await repo.findTeamsByIds(db, actor.orgId, subtree, teamId);
  const children = new Map<string, typeof teamRows>();
  for (const t of teamRows) {
    if (t.id === teamId || !t.parentId) continue;
    children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  }
  // Only teams reachable from the root through teams that are kept (an archived team cuts its branch).
  const reachable: string[] = [];
  const walk = (id: string) => {
    reachable.push(id);
    for (const c of children.get(id) ?? []) walk(c.id);
  };
  walk(teamId);
  const members = await repo.currentMembers(db, actor.orgId, reachable);
  const inputs = await gatherInputs(
    db,
    actor.orgId,
    period,
    members.map((m) => m.userId),
    reachable,
  );

  const out: TeamForecast[] = [];
  interface Computed {
    node: TeamForecast;
    dealRows: repo.DealSumRow[];
  }
  const compute = (
    team: { id: string; name: string; type: TeamForecast['type'] },
    parentId: string | null,
    depth: number,
  ): Computed => {
    const node = { teamId: team.id } as TeamForecast;
    out.push(node); // depth first: the team before its sub-teams
    const direct = members.filter((m) => m.teamId === team.id);
    const lines = direct.map((m) => personLine(actor, m, inputs));
    const subs = (children.get(team.id) ?? []).map((c) => compute(c, team.id, depth + 1));
    const teamAdj = inputs.teamAdjustments.get(team.id);
    const roll = rollUpForecast(
      [
        ...lines.flatMap((l) =>
          l.submitted ? [{ submitterId: l.personId, amount: l.submitted.amount }] : [],
        ),
        ...subs.map((s) => ({ submitterId: `team:${s.node.teamId}`, amount: s.node.effective })),
      ],
      [
        ...lines.flatMap((l) => (l.adjusted ? [{ submitterId: l.personId, amount: l.adjusted.amount }] : [])),
        ...(teamAdj ? [{ submitterId: null, amount: teamAdj.amount }] : []),
      ],
    );
    const dealRows = [
      ...direct.flatMap((m) => inputs.deals.get(m.userId) ?? []),
      ...subs.flatMap((s) => s.dealRows),
    ];
    const canSeePeople = forecastPolicy.can(actor, 'view_team_people', teamSubject(actor, team.id));
    Object.assign(node, {
      teamId: team.id,
      name: team.name,
      type: team.type,
      parentId,
      depth,
      subTeamIds: subs.map((s) => s.node.teamId),
      people: direct.length + subs.reduce((n, s) => n + s.node.people, 0),
      withoutForecast:
        lines.filter((l) => l.effective === null).length +
        subs.reduce((n, s) => n + s.node.withoutForecast, 0),
      submitted: cents(
        lines.reduce((n, l) => n + (l.submitted?.amount ?? 0), 0) +
          subs.reduce((n, s) => n + s.node.submitted, 0),
      ),
      rolledUp: cents(roll.linesTotal),
      adjusted: !!teamAdj,
      adjustment: teamAdj && canSeePeople ? presentAdjustment(teamAdj) : null,
      difference: teamAdj ? cents(roll.total - roll.linesTotal) : null,
      effective: cents(roll.total),
      deals: dealFiguresOf(dealRows, inputs.currency),
      canSeePeople,
      members: canSeePeople ? lines : null,
      can: { adjust: forecastPolicy.can(actor, 'adjust', teamSubject(actor, team.id)) },
    } satisfies TeamForecast);
    return { node, dealRows };
  };
  compute(root, null, 0);
  return { period: periodJson(period), currency: inputs.currency, teams: out };
}

/** One person's forecast for the period: their line as a team roll-up shows it. */
export async function getPersonForecast({
  db,
  actor,
  personId,
  period: label,
}: {
  db: Db;
  actor: Actor;
  personId: string;
  period: string;
}) {
  const period = readPeriod(label, 'query.period');
  const { person, subject } = await visiblePerson(db, actor, personId);
  const inputs = await gatherInputs(db, actor.orgId, period, [personId], []);
  return {
    period: periodJson(period),
    currency: inputs.currency,
    forecast: personLine(
      actor,
      { userId: person.id, name: person.name, teamId: subject.teamIds?.[0] ?? null },
      inputs,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// History

export async function listSubmissions({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { personId?: string; period?: string; limit: number; cursor?: string };
}) {
  const personId = input.personId ?? actor.userId;
  const periodLabel = input.period ? readPeriod(input.period, 'query.period').label : undefined;
  await visiblePerson(db, actor, personId);
  const rows = await repo.listSubmissions(db, actor.orgId, {
    personId,
    periodLabel,
    after: decodeKeyset(input.cursor, 'timestamp'),
    limit: input.limit,
  });
  const page = toPage(rows, input.limit, (r) => [r.submittedKey, r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map(presentSubmission) };
}

function exactlyOne(input: { personId?: string; teamId?: string }) {
  if (input.personId && input.teamId) {
    throw Invalid.field('query.teamId', 'give personId or teamId, not both');
  }
}

export async function listAdjustments({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { personId?: string; teamId?: string; period?: string; limit: number; cursor?: string };
}) {
  exactlyOne(input);
  const periodLabel = input.period ? readPeriod(input.period, 'query.period').label : undefined;
  const [beforeId] = decodeCursor(input.cursor, 1) ?? [];
  if (beforeId !== undefined && (typeof beforeId !== 'number' || !Number.isInteger(beforeId))) {
    throw Invalid.field(
      'query.cursor',
      'is not a cursor this list produced; start again from the first page',
    );
  }
  if (input.teamId) {
    await existingTeam(db, actor, input.teamId);
    forecastPolicy.authorize(actor, 'view_team_people', teamSubject(actor, input.teamId));
  } else {
    await visiblePerson(db, actor, input.personId ?? actor.userId);
  }
  const rows = await repo.listAdjustments(db, actor.orgId, {
    personId: input.teamId ? undefined : (input.personId ?? actor.userId),
    teamId: input.teamId,
    periodLabel,
    beforeId: beforeId as number | undefined,
    limit: input.limit,
  });
  const page = toPage(rows, input.limit, (r) => [r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map(presentAdjustment) };
}

/** Current members of a team and the teams below it. */
async function teamPeople(db: Executor, actor: Actor, teamId: string) {
  const subtree = await teamsRepo.findSubtreeIds(db, actor.orgId, teamId);
  const rows = await repo.currentMembers(db, actor.orgId, subtree);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.userId) && seen.add(r.userId));
}

/** The deals behind a person's (or a team's) figure, in one category or all, by close date. */
export async function listForecastDeals({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: {
    period: string;
    personId?: string;
    teamId?: string;
    category?: ForecastCategory;
    limit: number;
    cursor?: string;
  };
}) {
  exactlyOne(input);
  const period = readPeriod(input.period, 'query.period');
  const after = decodeKeyset(input.cursor, 'date');
  let ownerIds: string[];
  if (input.teamId) {
    await existingTeam(db, actor, input.teamId);
    forecastPolicy.authorize(actor, 'view_team_people', teamSubject(actor, input.teamId));
    ownerIds = (await teamPeople(db, actor, input.teamId)).map((p) => p.userId);
  } else {
    const personId = input.personId ?? actor.userId;
    await visiblePerson(db, actor, personId);
    ownerIds = [personId];
  }
  const rows = await repo.listDealsBehind(db, actor.orgId, {
    ownerIds,
    start: period.start,
    end: period.end,
    category: input.category,
    after,
    limit: input.limit,
  });
  const page = toPage(rows, input.limit, (r) => [r.closeDate, r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ closeDate: _c, status, ...r }) => ({ ...r, status: status as 'open' | 'won' })),
  };
}

// ---------------------------------------------------------------------------------------------
// Track record

/**
 * For each of the last `periods` finished periods of a kind: the person's latest submission made
 * before the period ended, the revenue they actually won (the KPI engine's revenue_won), accuracy
 * and bias, and the means. For a team (its leaders, directors and admins): every current member's.
 */
export async function getTrackRecord({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { personId?: string; teamId?: string; kind: 'week' | 'month' | 'quarter' | 'year'; periods: number };
}) {
  exactlyOne(input);
  let team: { id: string; name: string } | null = null;
  let people: { id: string; name: string }[];
  if (input.teamId) {
    const t = await existingTeam(db, actor, input.teamId);
    forecastPolicy.authorize(actor, 'view_team_people', teamSubject(actor, input.teamId));
    team = { id: t.id, name: t.name };
    people = (await teamPeople(db, actor, input.teamId)).map((p) => ({ id: p.userId, name: p.name }));
  } else {
    const { person } = await visiblePerson(db, actor, input.personId ?? actor.userId);
    people = [{ id: person.id, name: person.name }];
  }
  const periods = previousPeriods(periodContaining(todayIso(), input.kind), input.periods);
  const currency = await reportingCurrency(db, actor.orgId);
  const submissions = await repo.submissionsBeforeEnd(
    db,
    actor.orgId,
    people.map((p) => p.id),
    periods.map((p) => p.label),
  );
  const byKey = new Map(submissions.map((s) => [`${s.submitterId}|${s.periodLabel}`, s]));
  const records = [];
  for (const person of people) {
    const actuals = await Promise.all(
      periods.map(
        async (p) =>
          (await personMetric({
            db,
            orgId: actor.orgId,
            personId: person.id,
            metric: 'revenue_won',
            start: p.start,
            end: p.end,
          })) ?? 0,
      ),
    );
    const subs = periods.map((p) => byKey.get(`${person.id}|${p.label}`));
    const judged = forecastTrackRecord(
      periods.flatMap((p, i) => {
        const s = subs[i];
        return s ? [{ periodLabel: p.label, forecast: s.amount, actual: actuals[i] as number }] : [];
      }),
    );
    const judgedBy = new Map(judged.periods.map((j) => [j.periodLabel, j]));
    records.push({
      personId: person.id,
      name: person.name,
      periods: periods.map((p, i) => {
        const s = subs[i];
        const j = judgedBy.get(p.label);
        return {
          period: periodJson(p),
          submission: s ? summary(s) : null,
          forecast: s?.amount ?? null,
          actual: actuals[i] as number,
          accuracy: j?.accuracy ?? null,
          bias: j?.bias ?? null,
        };
      }),
      meanAccuracy: judged.meanAccuracy,
      meanBias: judged.meanBias,
      tendency: judged.tendency,
    });
  }
  return { kind: input.kind, currency, team, people: records };
}
