/**
 * KPI dashboards at scale (part of the CRM benchmark, after its bulk load): `npm run bench -- kpi`
 * runs the CRM benchmark's load and then only this (BENCH_SCALE=full: 500 people, 1M deals,
 * 10M activities).
 *
 * 4. Team dashboard p95 through HTTP (buildApp + inject with a session), for a team leader's team
 *    and for the whole organisation as an administrator, over the current quarter with four past
 *    quarters of trend. Goal: p95 ≤ 50 ms. Beside it, in the same run:
 *    - the same figures computed from the raw tables (deals and activities, by owner and date
 *      range), the way it would be done without roll-ups; their results are compared with the
 *      roll-ups' so the benchmark also checks the engine at scale;
 *    - a bare SQL read of the roll-ups (the engine's three sums, no HTTP, no JavaScript).
 *    Also the person dashboard and the team funnel (which reads stage history: no roll-up).
 */
import { parsePeriod, periodContaining, previousPeriods, splitByMonths } from '@pacesetter/core';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

const P95_GOAL_MS = 50;
const log = (line: string) => console.log(`  ${line}`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1)! };
};

export interface KpiCaller {
  label: string;
  cookie: string;
  /** The team whose dashboard this caller opens. */
  teamId: string;
  personId: string;
}

interface Spans {
  owners: string[];
  keys: number[];
  starts: string[];
  ends: string[];
}

/** The spans cut as the engine cuts them: whole months from month rows, edges from day rows. */
function byGrain(spans: Spans) {
  const out = {
    owners: [] as string[],
    keys: [] as number[],
    grains: [] as string[],
    starts: [] as string[],
    ends: [] as string[],
  };
  spans.owners.forEach((owner, i) => {
    const { months, days } = splitByMonths({ start: spans.starts[i]!, end: spans.ends[i]! });
    const parts = [
      ...(months ? [{ grain: 'm', ...months }] : []),
      ...days.map((d) => ({ grain: 'd', ...d })),
    ];
    for (const p of parts) {
      out.owners.push(owner);
      out.keys.push(spans.keys[i]!);
      out.grains.push(p.grain);
      out.starts.push(p.start);
      out.ends.push(p.end);
    }
  });
  return out;
}

/** The (owner, period, from, to) slices of a team's members over the periods, as the engine makes them. */
async function spansFor(
  client: pg.Client,
  orgId: string,
  teamId: string,
  periods: { start: string; end: string }[],
) {
  const members = await client.query<{ user_id: string; valid_from: string; valid_to: string | null }>(
    `with recursive tree as (select id from teams where org_id = $1 and id = $2
       union select t.id from teams t join tree on t.parent_id = tree.id where t.org_id = $1)
     select user_id, valid_from::text, valid_to::text from team_memberships
     where org_id = $1 and team_id in (select id from tree)`,
    [orgId, teamId],
  );
  const s: Spans = { owners: [], keys: [], starts: [], ends: [] };
  periods.forEach((p, key) => {
    for (const m of members.rows) {
      const start = m.valid_from > p.start ? m.valid_from : p.start;
      const end = m.valid_to && m.valid_to < p.end ? m.valid_to : p.end;
      if (start > end) continue;
      s.owners.push(m.user_id);
      s.keys.push(key);
      s.starts.push(start);
      s.ends.push(end);
    }
  });
  return s;
}

const SLICES = `unnest($2::int[], $3::uuid[], $4::date[], $5::date[]) as m(key, owner_id, d0, d1)`;
const GRAIN_SLICES = `unnest($2::int[], $3::uuid[], $7::text[], $4::date[], $5::date[]) as m(key, owner_id, grain, d0, d1)`;
const lateral = (table: string, columns: string) =>
  `cross join lateral (select ${columns} from ${table} x where x.org_id = $1 and x.owner_id = m.owner_id
     and x.grain = m.grain and x.day between m.d0 and m.d1 offset 0) r`;

/** The engine's three roll-up sums, as kpi.repository.ts writes them. */
const ROLLUP_SQL = [
  `select m.key, m.owner_id, sum(r.deals_created)::int as created, sum(r.deals_won)::int as won,
     sum(r.deals_lost)::int as lost, sum(case when r.currency = $6 then r.revenue_won else 0 end)::float8 as revenue
   from ${GRAIN_SLICES} ${lateral('kpi_deal_days', 'x.currency, x.deals_created, x.deals_won, x.deals_lost, x.revenue_won')}
   group by 1, 2 order by 1, 2`,
  `select m.key, m.owner_id, r.cycle_days as days, sum(r.deals)::int as n
   from ${GRAIN_SLICES} ${lateral('kpi_cycle_days', 'x.cycle_days, x.deals')}
   where $6::text is not null group by 1, 2, 3 having sum(r.deals) <> 0 order by 1, 2, 3`,
  `select m.key, m.owner_id, r.type::text, sum(r.activities)::int as n
   from ${GRAIN_SLICES} ${lateral('kpi_activity_days', 'x.type, x.activities')}
   where $6::text is not null group by 1, 2, 3 having sum(r.activities) <> 0 order by 1, 2, 3`,
];

/** The same figures from deals and activities directly (indexes: owner + status + closed_on, owner + time). */
const RAW_SQL = [
  `select key, owner_id, sum(created)::int as created, sum(won)::int as won, sum(lost)::int as lost,
     sum(revenue)::float8 as revenue from (
     select m.key, m.owner_id, count(*) as created, 0 as won, 0 as lost, 0 as revenue
     from ${SLICES} join deals d on d.org_id = $1 and d.owner_id = m.owner_id and d.created_on between m.d0 and m.d1
     group by 1, 2
     union all
     select m.key, m.owner_id, 0, count(*) filter (where d.status = 'won'), count(*) filter (where d.status = 'lost'),
       coalesce(sum(d.amount) filter (where d.status = 'won' and d.currency = $6), 0)
     from ${SLICES} join deals d on d.org_id = $1 and d.owner_id = m.owner_id and d.status in ('won', 'lost')
       and d.closed_on between m.d0 and m.d1
     group by 1, 2) x
   group by 1, 2 order by 1, 2`,
  `select m.key, m.owner_id, d.closed_on - coalesce(d.engaged_on, d.created_on) as days, count(*)::int as n
   from ${SLICES} join deals d on d.org_id = $1 and d.owner_id = m.owner_id and d.status = 'won'
     and d.closed_on between m.d0 and m.d1
   where $6::text is not null group by 1, 2, 3 order by 1, 2, 3`,
  `select m.key, m.owner_id, a.type::text, count(*)::int as n
   from ${SLICES} join activities a on a.org_id = $1 and a.owner_id = m.owner_id
     and a.occurred_at >= m.d0::timestamp at time zone 'UTC' and a.occurred_at < (m.d1 + 1)::timestamp at time zone 'UTC'
   where $6::text is not null group by 1, 2, 3 order by 1, 2, 3`,
];

async function timeSql(client: pg.Client, statements: string[], params: unknown[], runs: number) {
  const samples: number[] = [];
  let rows: unknown[][] = [];
  for (let k = 0; k < runs + 1; k++) {
    const started = performance.now();
    const results = [];
    for (const text of statements) results.push((await client.query(text, params)).rows);
    if (k > 0) samples.push(performance.now() - started); // the first run warms the cache
    rows = results;
  }
  return { samples, rows };
}

async function timeHttp(
  app: FastifyInstance,
  cookie: string,
  url: string,
  requests: number,
  seconds: number,
) {
  const samples: number[] = [];
  const get = async () => {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { ms, body: res.json() };
  };
  await get();
  const first = await get();
  const began = performance.now();
  for (let k = 0; k < requests; k++) {
    if (k >= 10 && performance.now() - began > seconds * 1000) break;
    samples.push((await get()).ms);
  }
  return { samples, body: first.body };
}

type WithQueries = <T>(
  work: () => Promise<T>,
) => Promise<{ value: T; queries: { text: string; values: unknown[]; ms: number }[] }>;

/** EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of one request: its plan's nodes and timings. */
async function explainSlowest(
  app: FastifyInstance,
  client: pg.Client,
  cookie: string,
  url: string,
  withQueries: WithQueries,
) {
  const { queries } = await withQueries(() => app.inject({ method: 'GET', url, headers: { cookie } }));
  const slowest = [...queries].sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) return [];
  const plan = await client.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers) ${slowest.text}`,
    slowest.values,
  );
  const lines = plan.rows.map((r) => r['QUERY PLAN']);
  const each = queries.map((q) => `${q.ms.toFixed(1)} ms ${q.text.replace(/\s+/g, ' ').slice(0, 90)}`);
  return [
    `slowest statement of ${url}: ${slowest.ms.toFixed(0)} ms of ${queries.reduce((n, q) => n + q.ms, 0).toFixed(0)} ms in ${queries.length} statements`,
    ...each.map((e) => `  · ${e}`),
    ...lines
      .filter((l, i) => i === 0 || /->|Execution Time|Rows Removed|Index Cond|Filter|Sort Method/.test(l))
      .slice(0, 40),
  ];
}

export async function measureKpis(
  app: FastifyInstance,
  client: pg.Client,
  orgId: string,
  callers: KpiCaller[],
  s: { requests: number; endpointSeconds: number },
  withQueries: WithQueries,
) {
  const today = new Date().toISOString().slice(0, 10);
  const quarter = periodContaining(today, 'quarter');
  const periods = [...previousPeriods(quarter, 4), quarter];
  const runs = Math.max(10, Math.min(30, s.requests));
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const c of callers) {
    const spans = await spansFor(client, orgId, c.teamId, periods);
    const params = [orgId, spans.keys, spans.owners, spans.starts, spans.ends, 'GBP'];
    const g = byGrain(spans);
    const grainParams = [orgId, g.keys, g.owners, g.starts, g.ends, 'GBP', g.grains];
    const people = new Set(spans.owners).size;
    const dashboard = await timeHttp(
      app,
      c.cookie,
      `/api/teams/${c.teamId}/dashboard?period=${quarter.label}&trendPeriods=4`,
      s.requests,
      s.endpointSeconds,
    );
    const bare = await timeSql(client, ROLLUP_SQL, grainParams, runs);
    const raw = await timeSql(client, RAW_SQL, params, Math.min(runs, 10));
    const same = JSON.stringify(bare.rows) === JSON.stringify(raw.rows);
    const d = stats(dashboard.samples);
    const b = stats(bare.samples);
    const r = stats(raw.samples);
    rows.push([
      `team dashboard as ${c.label} (${people} people, ${g.owners.length} slices)`,
      String(d.n),
      d.p50.toFixed(1),
      d.p95.toFixed(1),
      d.p95 <= P95_GOAL_MS ? 'meets' : 'MISSES',
      `${b.p50.toFixed(1)} / ${b.p95.toFixed(1)}`,
      `${r.p50.toFixed(0)} / ${r.p95.toFixed(0)}`,
      same ? 'yes' : 'NO',
    ]);
    const body = dashboard.body as {
      values: Record<string, number | null>;
      people: unknown[];
      flags: unknown[];
    };
    notes.push(
      `${c.label}: revenue won this quarter ${Math.round(body.values.revenue_won ?? 0).toLocaleString('en-GB')}, ${body.people.length} people lines, ${body.flags.length} flags`,
    );
    if (!same) {
      const [a, z] = [bare.rows, raw.rows].map((x) => x.map((q) => q.length));
      notes.push(
        `${c.label}: roll-up rows per query ${a?.join('/')} vs raw ${z?.join('/')} — the figures differ`,
      );
    }
    const person = await timeHttp(
      app,
      c.cookie,
      `/api/people/${c.personId}/dashboard?period=${quarter.label}`,
      s.requests,
      s.endpointSeconds,
    );
    const p = stats(person.samples);
    rows.push([
      `person dashboard as ${c.label}`,
      String(p.n),
      p.p50.toFixed(1),
      p.p95.toFixed(1),
      p.p95 <= P95_GOAL_MS ? 'meets' : 'MISSES',
      '',
      '',
      '',
    ]);
    const funnel = await timeHttp(
      app,
      c.cookie,
      `/api/teams/${c.teamId}/funnel?period=${quarter.label}`,
      Math.min(s.requests, 20),
      s.endpointSeconds,
    );
    const f = stats(funnel.samples);
    if (f.p95 > P95_GOAL_MS) {
      const url = `/api/teams/${c.teamId}/funnel?period=${quarter.label}`;
      notes.push(...(await explainSlowest(app, client, c.cookie, url, withQueries)));
    }
    if (d.p95 > P95_GOAL_MS) {
      const url = `/api/teams/${c.teamId}/dashboard?period=${quarter.label}&trendPeriods=4`;
      notes.push(...(await explainSlowest(app, client, c.cookie, url, withQueries)));
    }
    rows.push([
      `team funnel as ${c.label} (stage history, no roll-up)`,
      String(f.n),
      f.p50.toFixed(1),
      f.p95.toFixed(1),
      '—',
      '',
      '',
      '',
    ]);
    log(
      `${c.label}: team dashboard p95 ${d.p95.toFixed(1)} ms, bare roll-up SQL p95 ${b.p95.toFixed(1)} ms, raw tables p95 ${r.p95.toFixed(0)} ms`,
    );
  }
  return { quarter: parsePeriod(quarter.label).label, rows, notes };
}

export function printKpis(result: Awaited<ReturnType<typeof measureKpis>>, sizeLine: string) {
  console.log(
    `\n  4. KPI dashboards at ${sizeLine}: ${result.quarter} with four past quarters of trend (ms; goal p95 ≤ ${P95_GOAL_MS})`,
  );
  const headers = [
    'endpoint',
    'n',
    'p50',
    'p95',
    'p95 ≤ 50',
    'bare roll-up SQL p50 / p95',
    'raw tables p50 / p95',
    'same figures',
  ];
  const widths = headers.map((h, c) => Math.max(h.length, ...result.rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`  ${line(headers)}`);
  console.log(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const r of result.rows) console.log(`  ${line(r)}`);
  for (const n of result.notes) log(n);
  console.log(
    [
      '  Team dashboard: the whole HTTP request (session, policy, team tree, five periods of roll-ups, open pipeline,',
      '  customers, pace, early warning and activity vs outcome per person). Bare roll-up SQL: the three roll-up sums the',
      '  engine runs for the same slices, sent straight to PostgreSQL. Raw tables: the same sums from deals and activities',
      '  (what the dashboard would cost without roll-ups); "same figures" compares the two results row by row.',
    ].join('\n'),
  );
}
