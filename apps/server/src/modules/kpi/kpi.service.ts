/**
 * The KPI engine's use cases: any metric for people or teams × periods (the API's `/api/kpis` and
 * `pacesetter kpi`), the person and team dashboards (pace, projection, red/amber/green, trend, early
 * warning, activity vs outcome) and the funnel diagnostics.
 *
 * A team's figure is the sum of its people's figures over the days each was in the team (or in a
 * team below it): a rep who moved teams in March counts for the old team until then and for the new
 * one after. Ratios and medians are computed from the summed counts and the merged histograms by
 * packages/core, never averaged from the people's ratios.
 */
import {
  ACTIVITY_TYPES,
  type ActivityOutcomeInput,
  activityOutcome,
  addTotals,
  computeAll,
  DEFAULT_COACHING_FOCUS,
  type EarlyWarning,
  earlyWarning,
  emptyTotals,
  expectedByDate,
  type FunnelCounts,
  funnelSteps,
  type IsoDate,
  type KpiTotals,
  METRICS,
  type MetricId,
  median,
  mergeFunnelCounts,
  type Period,
  type ProjectionMethod,
  pace,
  paceRatio,
  parsePeriod,
  previousPeriods,
  projection,
  rag,
  splitByMonths,
  toDayNumber,
  weakestStage,
  workingDays,
} from '@pacesetter/core';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { pipelineStages, pipelines } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { ownerSubject } from '../crm/crm.scope.ts';
import { ensureDefaultPipeline } from '../crm/pipelines.service.ts';
import * as orgRepo from '../organisations/organisations.repository.ts';
import * as targetsRepo from '../targets/targets.repository.ts';
import * as teamsRepo from '../teams/teams.repository.ts';
import * as usersRepo from '../users/users.repository.ts';
import { todayIso } from '../users/users.service.ts';
import { kpiPolicy } from './kpi.policy.ts';
import * as repo from './kpi.repository.ts';

/** The map's value for a key, created first when missing. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

const FAR_PAST = '1900-01-01';
const FAR_FUTURE = '2999-12-31';

/** A person's days in a scope: the whole of time for a person; their membership spans for a team. */
interface Span {
  ownerId: string;
  start: IsoDate;
  end: IsoDate;
}

export function readPeriod(label: string, field = 'period'): Period {
  try {
    return parsePeriod(label);
  } catch (e) {
    throw Invalid.field(field, (e as Error).message);
  }
}

async function reportingCurrency(db: Executor, orgId: string) {
  const org = await orgRepo.findOrganisation(db, orgId);
  return { currency: org?.settings.currency ?? 'EUR', settings: org?.settings ?? {} };
}

/**
 * Totals per span owner for each period: the roll-ups summed over each owner's days in each period.
 * Returns `totals[periodIndex].get(ownerId)`.
 */
async function totalsBy(
  db: Executor,
  orgId: string,
  currency: string,
  spans: readonly Span[],
  periods: readonly Period[],
): Promise<Map<string, KpiTotals>[]> {
  const slices: repo.Slice[] = [];
  periods.forEach((p, key) => {
    for (const s of spans) slices.push(...slicesOf(key, s, p));
  });
  const out = periods.map(() => new Map<string, KpiTotals>());
  const at = (key: number, ownerId: string) =>
    entry(out[key] as Map<string, KpiTotals>, ownerId, emptyTotals);
  for (const s of slices) at(s.key, s.ownerId);
  await sumSlices(db, orgId, currency, slices, at);
  return out;
}

/** Adds the roll-up sums of each slice into `at(slice.key, owner)`'s totals (three queries in all). */
async function sumSlices(
  db: Executor,
  orgId: string,
  currency: string,
  slices: repo.Slice[],
  at: (key: number, ownerId: string) => KpiTotals,
) {
  if (slices.length === 0) return;
  const [deals, cycles, activities] = await Promise.all([
    repo.sumDealDays(db, orgId, currency, slices),
    repo.sumCycleDays(db, orgId, slices),
    repo.sumActivityDays(db, orgId, slices),
  ]);
  for (const r of deals) {
    const t = at(r.key, r.ownerId);
    t.dealsCreated += r.dealsCreated;
    t.dealsWon += r.dealsWon;
    t.dealsLost += r.dealsLost;
    t.revenueWon += r.revenueWon;
    t.revenueDeals = (t.revenueDeals ?? 0) + r.revenueDeals;
  }
  for (const r of cycles) {
    const t = at(r.key, r.ownerId);
    t.cycleDays = [...t.cycleDays, [r.cycleDays, r.deals]];
  }
  for (const r of activities) {
    const t = at(r.key, r.ownerId);
    if ((ACTIVITY_TYPES as readonly string[]).includes(r.type)) {
      t.activities[r.type as (typeof ACTIVITY_TYPES)[number]] += r.activities;
    }
  }
}

/** Slices of the roll-ups for one span over one range: whole months from month rows, edges from day rows. */
function slicesOf(key: number, span: Span, range: { start: IsoDate; end: IsoDate }): repo.Slice[] {
  const start = span.start > range.start ? span.start : range.start;
  const end = span.end < range.end ? span.end : range.end;
  if (start > end) return [];
  const split = splitByMonths({ start, end });
  const out: repo.Slice[] = [];
  if (split.months) out.push({ key, ownerId: span.ownerId, grain: 'm', ...split.months });
  for (const d of split.days) out.push({ key, ownerId: span.ownerId, grain: 'd', ...d });
  return out;
}

const PIPELINE_METRICS: readonly MetricId[] = [
  'pipeline_due',
  'weighted_pipeline_due',
  'open_deals',
  'sales_velocity',
];

/** What beyond the roll-ups some metrics need: the open pipeline now, the accounts' customer dates. */
function extrasFor(metrics: readonly MetricId[]) {
  return {
    pipeline: metrics.some((m) => PIPELINE_METRICS.includes(m)),
    customers: metrics.includes('customer_retention'),
  };
}

/**
 * Reads the open pipeline (now) and the customer counts of the period, as asked, and returns what
 * adds them to each owner's totals; apart from the roll-up sums, so both can run at once.
 */
async function fetchCurrentState(
  db: Executor,
  orgId: string,
  currency: string,
  ownerIds: readonly string[],
  period: Period,
  extras: { pipeline: boolean; customers: boolean },
) {
  const [open, customers] = await Promise.all([
    extras.pipeline ? repo.openPipeline(db, orgId, currency, ownerIds, period.start, period.end) : [],
    extras.customers ? repo.customerCounts(db, orgId, ownerIds, period.start, period.end) : [],
  ]);
  return (totals: Map<string, KpiTotals>) => {
    const at = (id: string) => entry(totals, id, emptyTotals);
    for (const r of open) {
      const t = at(r.ownerId);
      t.openDeals = r.openDeals;
      t.pipelineDue = { deals: r.dueDeals, amount: r.dueAmount, weighted: r.dueWeighted };
    }
    for (const r of customers) {
      at(r.ownerId).customers = { atStart: r.atStart, atEnd: r.atEnd, newInPeriod: r.newInPeriod };
    }
  };
}

async function addCurrentState(
  db: Executor,
  orgId: string,
  currency: string,
  totals: Map<string, KpiTotals>,
  ownerIds: readonly string[],
  period: Period,
  extras: { pipeline: boolean; customers: boolean },
) {
  (await fetchCurrentState(db, orgId, currency, ownerIds, period, extras))(totals);
}

function sumTotals(items: Iterable<KpiTotals>): KpiTotals {
  let t = emptyTotals();
  for (const i of items) t = addTotals(t, i);
  return t;
}

async function teamSpans(db: Executor, orgId: string, teamId: string, from: IsoDate, to: IsoDate) {
  const [team, rows] = await Promise.all([
    teamsRepo.findTeam(db, orgId, teamId),
    repo.subtreeMembershipSpans(db, orgId, teamId, from, to),
  ]);
  if (!team) throw new NotFound('team');
  const names = new Map<string, { name: string; active: boolean }>();
  const spans: Span[] = [];
  for (const r of rows) {
    names.set(r.userId, { name: r.name, active: r.active });
    spans.push({ ownerId: r.userId, start: r.validFrom, end: r.validTo ?? FAR_FUTURE });
  }
  return { team, spans, names };
}

async function authorizePerson(db: Executor, actor: Actor, personId: string) {
  const person = await usersRepo.findUser(db, actor.orgId, personId);
  if (!person) throw new NotFound('person');
  kpiPolicy.authorize(actor, 'view_person', await ownerSubject(db, actor.orgId, personId));
  return person;
}

// ---------------------------------------------------------------------------------------------
// Any metric for people or teams × periods

export interface KpiQuery {
  by: 'person' | 'team';
  /** People or teams. */
  ids: string[];
  metrics: MetricId[];
  periods: string[];
}

export interface KpiRow {
  subjectType: 'person' | 'team';
  subjectId: string;
  subjectName: string;
  period: string;
  start: IsoDate;
  end: IsoDate;
  metric: MetricId;
  value: number | null;
}

/**
 * The figures for each subject × period × metric. Open-pipeline metrics describe now (deals open
 * today), whatever the period; customer retention is computed from the accounts the subject owns.
 */
export async function computeKpis({ db, actor, query }: { db: Db; actor: Actor; query: KpiQuery }) {
  const periods = query.periods.map((p, i) => readPeriod(p, `periods.${i}`));
  const { currency } = await reportingCurrency(db, actor.orgId);
  const rows: KpiRow[] = [];
  const extras = extrasFor(query.metrics);
  const needsCurrent = extras.pipeline || extras.customers;
  for (const id of query.ids) {
    let name: string;
    let spans: Span[];
    if (query.by === 'person') {
      const person = await authorizePerson(db, actor, id);
      name = person.name;
      spans = [{ ownerId: id, start: FAR_PAST, end: FAR_FUTURE }];
    } else {
      const from = periods.reduce((a, p) => (p.start < a ? p.start : a), FAR_FUTURE);
      const to = periods.reduce((a, p) => (p.end > a ? p.end : a), FAR_PAST);
      const t = await teamSpans(db, actor.orgId, id, from, to);
      kpiPolicy.authorize(actor, 'view_team', { orgId: actor.orgId, teamIds: [id] });
      name = t.team.name;
      spans = t.spans;
    }
    const perPeriod = await totalsBy(db, actor.orgId, currency, spans, periods);
    for (const [i, p] of periods.entries()) {
      const byOwner = perPeriod[i] as Map<string, KpiTotals>;
      if (needsCurrent) {
        const owners = [...new Set(spans.map((s) => s.ownerId))];
        await addCurrentState(db, actor.orgId, currency, byOwner, owners, p, extras);
      }
      const all = computeAll(sumTotals(byOwner.values()));
      for (const m of query.metrics) {
        rows.push({
          subjectType: query.by,
          subjectId: id,
          subjectName: name,
          period: p.label,
          start: p.start,
          end: p.end,
          metric: m,
          value: all[m],
        });
      }
    }
  }
  return { currency, rows };
}

/**
 * Every person (or team) of the organisation whose name is one of `names` (case-insensitive), or
 * all of them when `names` is empty: the CLI names people, not ids.
 */
export async function resolveSubjects({
  db,
  orgId,
  by,
  names,
}: {
  db: Db;
  orgId: string;
  by: 'person' | 'team';
  names: string[];
}) {
  const all = await repo.allSubjects(db, orgId, by);
  if (names.length === 0) return all;
  const wanted = new Map(names.map((n) => [n.trim().toLowerCase(), n]));
  const found = all.filter((s) => wanted.has(s.name.toLowerCase()));
  const missing = [...wanted]
    .filter(([k]) => !found.some((s) => s.name.toLowerCase() === k))
    .map(([, n]) => n);
  if (missing.length)
    throw Invalid.field('names', `No ${by} is called ${missing.map((m) => `"${m}"`).join(', ')}`);
  return found;
}

/** One metric of one person over one period (for corrective-action reviews and forecast accuracy). */
export async function personMetric({
  db,
  orgId,
  personId,
  metric,
  start,
  end,
}: {
  db: Executor;
  orgId: string;
  personId: string;
  metric: MetricId;
  start: IsoDate;
  end: IsoDate;
}): Promise<number | null> {
  const { currency } = await reportingCurrency(db, orgId);
  const period: Period = { kind: 'custom', label: `${start}..${end}`, start, end };
  const [byOwner] = await totalsBy(db, orgId, currency, [{ ownerId: personId, start, end }], [period]);
  const totals = byOwner?.get(personId) ?? emptyTotals();
  const extras = extrasFor([metric]);
  if (extras.pipeline || extras.customers) {
    await addCurrentState(db, orgId, currency, new Map([[personId, totals]]), [personId], period, extras);
  }
  return computeAll(totals)[metric];
}

/** Whose figures a measurement sums: one person's, or a team's (its tree's people while in it). */
export interface MeasureSubject {
  kind: 'person' | 'team';
  id: string;
}

export interface Measurement {
  subject: MeasureSubject;
  start: IsoDate;
  end: IsoDate;
  /** Also read the open pipeline due in this range (for revenue projections and coverage). */
  pipelineDue?: { start: IsoDate; end: IsoDate };
}

/**
 * Many subjects' totals, each over its own range, in one pass over the roll-ups (three queries, plus
 * one per team for its memberships and one per range for the open pipeline). Targets use it for
 * their progress and for the history a cascade and the SMART check look back on. The open pipeline
 * of a team is its current members'.
 */
export async function measureSubjects({
  db,
  orgId,
  items,
}: {
  db: Executor;
  orgId: string;
  items: readonly Measurement[];
}): Promise<KpiTotals[]> {
  const out = items.map(() => emptyTotals());
  if (items.length === 0) return out;
  const { currency } = await reportingCurrency(db, orgId);
  const teamIds = [...new Set(items.filter((i) => i.subject.kind === 'team').map((i) => i.subject.id))];
  const from = items.reduce((m, i) => (i.start < m ? i.start : m), FAR_FUTURE);
  const to = items.reduce((m, i) => (i.end > m ? i.end : m), FAR_PAST);
  const teamSpanList = new Map<string, Span[]>();
  for (const id of teamIds) {
    const rows = await repo.subtreeMembershipSpans(db, orgId, id, from, to);
    teamSpanList.set(
      id,
      rows.map((r) => ({ ownerId: r.userId, start: r.validFrom, end: r.validTo ?? FAR_FUTURE })),
    );
  }
  const spansOf = (s: MeasureSubject): Span[] =>
    s.kind === 'person'
      ? [{ ownerId: s.id, start: FAR_PAST, end: FAR_FUTURE }]
      : (teamSpanList.get(s.id) ?? []);
  const slices: repo.Slice[] = [];
  items.forEach((item, key) => {
    for (const span of spansOf(item.subject)) slices.push(...slicesOf(key, span, item));
  });
  await sumSlices(db, orgId, currency, slices, (key) => out[key] as KpiTotals);

  // The open pipeline due in each range, of the owners there now.
  const ranges = new Map<string, number[]>();
  items.forEach((item, key) => {
    const due = item.pipelineDue;
    if (due) entry(ranges, `${due.start}|${due.end}`, () => []).push(key);
  });
  const today = todayIso();
  for (const [range, keys] of ranges) {
    const [start, end] = range.split('|') as [IsoDate, IsoDate];
    const ownersOf = new Map<number, string[]>();
    for (const key of keys) {
      const day = today < end ? today : end;
      ownersOf.set(key, [
        ...new Set(
          spansOf((items[key] as Measurement).subject)
            .filter((s) => s.start <= day && s.end >= day)
            .map((s) => s.ownerId),
        ),
      ]);
    }
    const owners = [...new Set([...ownersOf.values()].flat())];
    const open = new Map(
      (await repo.openPipeline(db, orgId, currency, owners, start, end)).map((r) => [r.ownerId, r]),
    );
    for (const key of keys) {
      const t = out[key] as KpiTotals;
      for (const owner of ownersOf.get(key) ?? []) {
        const r = open.get(owner);
        if (!r) continue;
        t.openDeals += r.openDeals;
        t.pipelineDue = {
          deals: t.pipelineDue.deals + r.dueDeals,
          amount: t.pipelineDue.amount + r.dueAmount,
          weighted: t.pipelineDue.weighted + r.dueWeighted,
        };
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dashboards

export interface DashboardOptions {
  period: string;
  /** "Today" for pace; defaults to the server's date. */
  asOf?: IsoDate;
  /** Past periods of the same kind in the trend (and the early warning's look-back). */
  trendPeriods?: number;
  projection?: ProjectionMethod;
}

/** The headline metrics a dashboard shows, lagging and leading side by side. */
export const DASHBOARD_METRICS: MetricId[] = [
  'revenue_won',
  'deals_won',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'deals_created',
  'activities',
  'calls',
  'meetings',
  'pipeline_due',
  'weighted_pipeline_due',
  'sales_velocity',
];

const TREND_METRICS: MetricId[] = [
  'revenue_won',
  'deals_won',
  'win_rate',
  'deals_created',
  'activities',
  'meetings',
];

function calendar(period: Period, asOf: IsoDate) {
  const total = workingDays(period);
  const elapsedEnd = asOf < period.start ? null : asOf > period.end ? period.end : asOf;
  const elapsed = elapsedEnd ? workingDays({ start: period.start, end: elapsedEnd }) : 0;
  const daysRemaining =
    asOf >= period.end ? 0 : toDayNumber(period.end) - toDayNumber(asOf < period.start ? period.start : asOf);
  return {
    workingDaysTotal: total,
    workingDaysElapsed: elapsed,
    daysRemaining,
    periodOver: asOf > period.end,
  };
}

/** A published (or acknowledged) revenue target for exactly the dashboard's period. */
interface GoalTarget {
  value: number;
  checkpoints: { date: IsoDate; value: number }[];
}

/**
 * Pace and projection of revenue won against a goal: the subject's published revenue target for
 * exactly this period when there is one (pace then follows its checkpoints), otherwise their own
 * baseline — the median revenue of the past periods in the trend (periods with nothing won count).
 */
function paceOf(
  current: KpiTotals,
  history: KpiTotals[],
  cal: ReturnType<typeof calendar>,
  method: ProjectionMethod,
  target: GoalTarget | null = null,
  period: Period | null = null,
  asOf: IsoDate | null = null,
) {
  const baseline = median(history.map((h) => h.revenueWon));
  const goal = target ? target.value : baseline && baseline > 0 ? baseline : null;
  const actual = current.revenueWon;
  const expectedByToday =
    goal === null
      ? null
      : target && period && asOf
        ? expectedByDate(target.value, period.start, period.end, target.checkpoints, asOf)
        : pace(goal, cal.workingDaysElapsed, cal.workingDaysTotal);
  const projected = projection({
    method,
    actual,
    weightedPipelineDue: current.pipelineDue.weighted,
    workingDaysElapsed: cal.workingDaysElapsed,
    workingDaysTotal: cal.workingDaysTotal,
  });
  const ratio = expectedByToday === null ? null : paceRatio(actual, expectedByToday);
  const projectedRatio = goal === null || goal === 0 ? null : projected / goal;
  return {
    metric: 'revenue_won' as const,
    goal,
    goalSource: goal === null ? null : target ? ('target' as const) : ('baseline' as const),
    goalNote:
      goal === null
        ? 'No target and no revenue in the past periods: no goal to pace against.'
        : target
          ? `The published revenue target for ${period?.label ?? 'this period'}${target.checkpoints.length ? ', paced through its checkpoints' : ''}.`
          : `No target is set: the goal is the median revenue won of the past ${history.length} periods.`,
    actual,
    expectedByToday,
    paceRatio: ratio,
    projection: projected,
    projectionMethod: method,
    projectionRatio: projectedRatio,
    // The worse of where we are against pace and where we are heading.
    rag:
      ratio === null && projectedRatio === null
        ? null
        : rag(Math.min(ratio ?? Number.POSITIVE_INFINITY, projectedRatio ?? Number.POSITIVE_INFINITY)),
  };
}

/** Published revenue targets for exactly this period, by person id and by team id. */
async function goalTargets(
  db: Executor,
  orgId: string,
  period: Period,
  owners: { personIds: readonly string[]; teamIds: readonly string[] },
) {
  const rows = await targetsRepo.publishedTargetsFor(
    db,
    orgId,
    'revenue_won',
    period.start,
    period.end,
    owners,
  );
  const out = new Map<string, GoalTarget>();
  for (const r of rows) {
    out.set((r.personId ?? r.teamId) as string, { value: r.value, checkpoints: r.checkpoints });
  }
  return out;
}

function warningOf(
  current: KpiTotals,
  history: KpiTotals[],
  cal: ReturnType<typeof calendar>,
  goal: number | null,
  goalSource: 'target' | 'baseline' | null = 'baseline',
): EarlyWarning | null {
  // Nothing to warn about without a goal, or once the period is over (its result is final).
  if (goal === null || cal.periodOver) return null;
  const h = sumTotals(history);
  return earlyWarning({
    goal,
    goalSource: goalSource ?? 'baseline',
    actual: current.revenueWon,
    workingDaysElapsed: cal.workingDaysElapsed,
    workingDaysTotal: cal.workingDaysTotal,
    daysRemaining: cal.daysRemaining,
    openPipelineDue: { deals: current.pipelineDue.deals, amount: current.pipelineDue.amount },
    activitiesSoFar: computeAll(current).activities ?? 0,
    history: {
      activities: computeAll(h).activities ?? 0,
      opportunities: h.dealsCreated,
      won: h.dealsWon,
      lost: h.dealsLost,
      revenueWon: h.revenueWon,
      cycleDays: h.cycleDays,
    },
  });
}

function pick(values: Record<MetricId, number | null>, ids: MetricId[]) {
  return Object.fromEntries(ids.map((id) => [id, values[id]])) as Record<MetricId, number | null>;
}

function periodJson(p: Period) {
  return { label: p.label, kind: p.kind, start: p.start, end: p.end };
}

function catalogueFor(ids: MetricId[]) {
  return ids.map((id) => METRICS.get(id)!);
}

export async function getPersonDashboard({
  db,
  actor,
  personId,
  options,
}: {
  db: Db;
  actor: Actor;
  personId: string;
  options: DashboardOptions;
}) {
  const period = readPeriod(options.period);
  const [person, { currency }] = await Promise.all([
    authorizePerson(db, actor, personId),
    reportingCurrency(db, actor.orgId),
  ]);
  const asOf = options.asOf ?? todayIso();
  const past = previousPeriods(period, options.trendPeriods ?? 4);
  const span: Span = { ownerId: personId, start: FAR_PAST, end: FAR_FUTURE };
  const all = [...past, period];
  const [perPeriod, addCurrent, goals] = await Promise.all([
    totalsBy(db, actor.orgId, currency, [span], all),
    fetchCurrentState(db, actor.orgId, currency, [personId], period, extrasFor(DASHBOARD_METRICS)),
    goalTargets(db, actor.orgId, period, { personIds: [personId], teamIds: [] }),
  ]);
  const byPeriod = perPeriod.map((m) => m.get(personId) ?? emptyTotals());
  const current = new Map([[personId, byPeriod[byPeriod.length - 1] as KpiTotals]]);
  addCurrent(current);
  const totals = current.get(personId) as KpiTotals;
  const history = byPeriod.slice(0, -1);
  const cal = calendar(period, asOf);
  const paced = paceOf(
    totals,
    history,
    cal,
    options.projection ?? 'pipeline',
    goals.get(personId) ?? null,
    period,
    asOf,
  );
  return {
    person: { id: person.id, name: person.name },
    period: periodJson(period),
    asOf,
    currency,
    calendar: cal,
    metrics: catalogueFor(DASHBOARD_METRICS),
    values: pick(computeAll(totals), DASHBOARD_METRICS),
    pace: paced,
    warning: warningOf(totals, history, cal, paced.goal, paced.goalSource),
    trend: all.map((p, i) => ({
      period: periodJson(p),
      values: pick(computeAll(byPeriod[i] as KpiTotals), TREND_METRICS),
    })),
    trendMetrics: catalogueFor(TREND_METRICS),
  };
}

export async function getTeamDashboard({
  db,
  actor,
  teamId,
  options,
}: {
  db: Db;
  actor: Actor;
  teamId: string;
  options: DashboardOptions;
}) {
  const period = readPeriod(options.period);
  const asOf = options.asOf ?? todayIso();
  const past = previousPeriods(period, options.trendPeriods ?? 4);
  const all = [...past, period];
  const [{ team, spans, names }, { currency }] = await Promise.all([
    teamSpans(db, actor.orgId, teamId, all[0]!.start, period.end),
    reportingCurrency(db, actor.orgId),
  ]);
  kpiPolicy.authorize(actor, 'view_team', { orgId: actor.orgId, teamIds: [teamId] });
  const seePeople = kpiPolicy.can(actor, 'view_team_people', { orgId: actor.orgId, teamIds: [teamId] });
  // The open pipeline is of the people in the team at the period's end (or now, if earlier).
  const endDay = asOf < period.end ? asOf : period.end;
  const currentMembers = [
    ...new Set(spans.filter((s) => s.start <= endDay && s.end >= endDay).map((s) => s.ownerId)),
  ];
  const [perPeriod, addCurrent, goals] = await Promise.all([
    totalsBy(db, actor.orgId, currency, spans, all),
    fetchCurrentState(db, actor.orgId, currency, currentMembers, period, extrasFor(DASHBOARD_METRICS)),
    goalTargets(db, actor.orgId, period, { personIds: currentMembers, teamIds: [teamId] }),
  ]);
  addCurrent(perPeriod[perPeriod.length - 1] as Map<string, KpiTotals>);
  const cal = calendar(period, asOf);
  const method = options.projection ?? 'pipeline';
  const teamTotals = perPeriod.map((m) => sumTotals(m.values()));
  const current = teamTotals[teamTotals.length - 1] as KpiTotals;
  const history = teamTotals.slice(0, -1);
  const teamPace = paceOf(current, history, cal, method, goals.get(teamId) ?? null, period, asOf);

  const people = seePeople
    ? [...names.entries()]
        .filter(([id]) => perPeriod.some((m) => m.has(id)))
        .map(([id, who]) => {
          const series = perPeriod.map((m) => m.get(id) ?? emptyTotals());
          const mine = series[series.length - 1] as KpiTotals;
          const paced = paceOf(mine, series.slice(0, -1), cal, method, goals.get(id) ?? null, period, asOf);
          // Someone who left the team in the period is shown for what they did while in it, but
          // is no longer paced against a goal here, nor warned about.
          const current = currentMembers.includes(id);
          return {
            personId: id,
            name: who.name,
            active: who.active,
            current,
            values: pick(computeAll(mine), DASHBOARD_METRICS),
            pace: current ? paced : { ...paced, rag: null },
            warning: current ? warningOf(mine, series.slice(0, -1), cal, paced.goal, paced.goalSource) : null,
            trend: series.map((t) => t.revenueWon),
          };
        })
    : [];
  const placement = activityOutcome(
    people
      .filter((p) => p.current)
      .map(
        (p): ActivityOutcomeInput => ({
          personId: p.personId,
          activities: p.values.activities ?? 0,
          outcome: p.values.revenue_won ?? 0,
        }),
      ),
  );
  const flags = people.flatMap((p) =>
    p.warning && (p.warning.status === 'at_risk' || p.warning.status === 'cannot_reach')
      ? [
          {
            personId: p.personId,
            name: p.name,
            kind: 'early_warning' as const,
            metricId: 'revenue_won' as const,
            severity: p.warning.status === 'cannot_reach' ? ('red' as const) : ('amber' as const),
            reason: p.warning.message,
          },
        ]
      : [],
  );
  for (const q of placement.people) {
    if (q.quadrant !== 'busy_but_ineffective' && q.quadrant !== 'effective_but_under_active') continue;
    const p = people.find((x) => x.personId === q.personId)!;
    flags.push({
      personId: p.personId,
      name: p.name,
      kind: q.quadrant as never,
      metricId: (q.quadrant === 'busy_but_ineffective' ? 'revenue_won' : 'activities') as never,
      severity: 'amber',
      reason: q.label,
    });
  }
  return {
    team: { id: team.id, name: team.name, type: team.type },
    period: periodJson(period),
    asOf,
    currency,
    calendar: cal,
    canSeePeople: seePeople,
    metrics: catalogueFor(DASHBOARD_METRICS),
    values: pick(computeAll(current), DASHBOARD_METRICS),
    pace: teamPace,
    trend: all.map((p, i) => ({
      period: periodJson(p),
      values: pick(computeAll(teamTotals[i] as KpiTotals), TREND_METRICS),
    })),
    trendMetrics: catalogueFor(TREND_METRICS),
    people,
    activityOutcome: seePeople ? placement : null,
    flags,
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel diagnostics

/** The pipeline asked for, or the organisation's default one, with its stages in order. */
async function funnelPipeline(db: Db, orgId: string, pipelineId?: string) {
  const id = pipelineId ?? (await ensureDefaultPipeline(db, orgId)).id;
  const [p] = await db
    .select({ id: pipelines.id, name: pipelines.name })
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id)))
    .limit(1);
  if (!p) throw new NotFound('pipeline');
  const stages = await db
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      position: pipelineStages.position,
      kind: pipelineStages.kind,
    })
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.orgId, orgId),
        eq(pipelineStages.pipelineId, p.id),
        isNull(pipelineStages.archivedAt),
      ),
    )
    .orderBy(asc(pipelineStages.position));
  return { pipeline: p, stages };
}

function countsOf(
  flows: repo.StageFlowRow[],
  days: { ownerId: string; stageId: string; days: number; deals: number }[],
  owners: (id: string) => boolean,
): FunnelCounts {
  const byStage = new Map<string, { entered: number; advanced: number; daysInStage: [number, number][] }>();
  const at = (id: string) =>
    entry(byStage, id, () => ({ entered: 0, advanced: 0, daysInStage: [] as [number, number][] }));
  for (const f of flows) {
    if (!owners(f.ownerId)) continue;
    const s = at(f.stageId);
    s.entered += f.entered;
    s.advanced += f.advanced;
  }
  for (const d of days) if (owners(d.ownerId)) at(d.stageId).daysInStage.push([d.days, d.deals]);
  return { stages: [...byStage].map(([stageId, s]) => ({ stageId, ...s })) };
}

/**
 * Stage-to-stage conversion and median days in stage of a person, or of each person of a team,
 * against the team's benchmark; the weakest step named with the coaching focus for its stage.
 * The benchmark is the team (for a person: their current team) over the same period.
 */
export async function getFunnel({
  db,
  actor,
  subject,
  options,
}: {
  db: Db;
  actor: Actor;
  subject: { personId: string } | { teamId: string };
  options: { period: string; pipelineId?: string };
}) {
  const period = readPeriod(options.period);
  const { settings } = await reportingCurrency(db, actor.orgId);
  let teamId: string | null;
  let focusPersonId: string | null = null;
  if ('personId' in subject) {
    await authorizePerson(db, actor, subject.personId);
    focusPersonId = subject.personId;
    teamId = (await teamsRepo.currentMembership(db, actor.orgId, subject.personId))?.teamId ?? null;
  } else {
    teamId = subject.teamId;
    kpiPolicy.authorize(actor, 'view_team', { orgId: actor.orgId, teamIds: [teamId] });
  }
  const { pipeline, stages } = await funnelPipeline(db, actor.orgId, options.pipelineId);
  const team = teamId ? await teamSpans(db, actor.orgId, teamId, period.start, period.end) : null;
  const seePeople =
    focusPersonId !== null ||
    (teamId !== null && kpiPolicy.can(actor, 'view_team_people', { orgId: actor.orgId, teamIds: [teamId] }));
  const owners = new Set<string>(team ? team.spans.map((s) => s.ownerId) : []);
  if (focusPersonId) owners.add(focusPersonId);
  const { flows, days } = await repo.funnelFlows(
    db,
    actor.orgId,
    pipeline.id,
    [...owners],
    period.start,
    period.end,
  );
  // The organisation's settings replace the built-in suggestion for a stage, whatever its case.
  const focus: Record<string, string> = { ...DEFAULT_COACHING_FOCUS };
  for (const [stage, skill] of Object.entries(settings.coachingFocus ?? {})) {
    for (const key of Object.keys(focus)) if (key.toLowerCase() === stage.toLowerCase()) delete focus[key];
    focus[stage] = skill;
  }
  const benchmark = countsOf(flows, days, (id) => !team || team.spans.some((s) => s.ownerId === id));
  const describe = (personId: string, name: string) => {
    const steps = funnelSteps(
      stages,
      countsOf(flows, days, (id) => id === personId),
      benchmark,
    );
    return { personId, name, steps, weakest: weakestStage(steps, focus) };
  };
  const people = focusPersonId
    ? [describe(focusPersonId, (await usersRepo.findUser(db, actor.orgId, focusPersonId))?.name ?? '')]
    : seePeople && team
      ? [...team.names.entries()].map(([id, who]) => describe(id, who.name))
      : [];
  return {
    period: periodJson(period),
    pipeline: { ...pipeline, stages },
    team: team ? { id: team.team.id, name: team.team.name } : null,
    benchmark: funnelSteps(stages, benchmark, mergeFunnelCounts(benchmark)),
    people,
    coachingFocus: focus,
  };
}

/** The metric catalogue as the API and the CLI list it. */
export function listMetrics() {
  return [...METRICS.values()];
}

export async function compactKpiRollups({ db, orgId }: { db: Db; orgId?: string }) {
  await repo.compactRollups(db, orgId);
}

export async function rebuildKpiRollups({ db }: { db: Db }) {
  await repo.rebuildRollups(db);
}
