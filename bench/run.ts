/**
 * Benchmarks that print the figures the issues name. Run all with `npm run bench`, or one with
 * `npm run bench -- startup` / `npm run bench -- demo`. Set BENCH_DATABASE_URL=postgres://… to
 * also measure the demo load on a PostgreSQL server (a throw-away database is created and dropped).
 * bench:crm — `npm run bench -- crm [small|full]` (or BENCH_SCALE=full): CRM import rows/s beside raw
 * COPY, and list p95 at 1M–10M rows, on PostgreSQL (BENCH_DATABASE_URL, default local postgres).
 * bench:kpi — `npm run bench -- kpi [small|full]`: the same load, then only the KPI dashboards (team
 * dashboard p95 beside the same figures from raw tables and a bare read of the roll-ups).
 * bench:targets — `npm run bench -- targets`: allocate and redistribute for 10,000 people, in memory.
 */

import { crmBench } from './crm.bench.ts';
import { demoBench } from './demo.bench.ts';
import { startupBench } from './startup.bench.ts';
import { targetsBench } from './targets.bench.ts';

const which = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  startup: startupBench,
  demo: demoBench,
  crm: crmBench,
  targets: targetsBench,
  kpi: () => {
    process.env.BENCH_ONLY = 'kpi';
    return crmBench();
  },
};
if (which && !benches[which]) {
  console.error(`Unknown benchmark "${which}". Choose one of: ${Object.keys(benches).join(', ')}`);
  process.exit(1);
}
for (const [name, bench] of Object.entries(benches)) {
  if (which ? which !== name : name === 'kpi') continue; // kpi is part of crm when all run
  await bench();
}
