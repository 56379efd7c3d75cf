/**
 * Demo organisation load time at several scales, on PGlite and (with BENCH_DATABASE_URL) on
 * PostgreSQL. The same generator feeds later large-scale benchmarks. Goal: default demo well under a minute.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemo } from '@pacesetter/server/modules/demo/demo.service.ts';
import { openDatabase } from '@pacesetter/server/platform/db.ts';
import pg from 'pg';

// With two years of CRM history (about 30 deals and 400 activities per salesperson), written with
// multi-row inserts. The 1M-deal / 10M-activity scale needs COPY and comes with the CRM benchmarks.
const SCALES = [25, 250];

async function loadOnce(database: Awaited<ReturnType<typeof openDatabase>>, people: number, seed: number) {
  const started = performance.now();
  const result = await generateDemo({
    db: database.db,
    options: { seed, people, organisationName: `Bench ${people} ${seed}`, password: 'bench-password' },
  });
  return { ms: performance.now() - started, counts: result.counts };
}

export async function demoBench() {
  console.log('\nDemo load (generateDemo in one transaction; database already open and migrated)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-bench-demo-'));
  const openStarted = performance.now();
  const pglite = await openDatabase({ kind: 'pglite', dataDir: dir });
  await pglite.migrate();
  console.log(
    `  PGlite: create + migrate a new database: ${((performance.now() - openStarted) / 1000).toFixed(2)} s`,
  );
  try {
    for (const people of SCALES) {
      const { ms, counts } = await loadOnce(pglite, people, people);
      console.log(
        `  PGlite     ${String(people).padStart(5)} people: ${(ms / 1000).toFixed(2)} s  (${counts.teams} teams, ${counts.accounts} accounts, ${counts.deals} deals, ${counts.stageChanges} stage changes, ${counts.activities} activities)`,
      );
    }
  } finally {
    await pglite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    console.log('  (set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too)');
    return;
  }
  const name = `pacesetter_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  try {
    await database.migrate();
    for (const people of SCALES) {
      const { ms } = await loadOnce(database, people, people);
      console.log(`  PostgreSQL ${String(people).padStart(5)} people: ${(ms / 1000).toFixed(2)} s`);
    }
  } finally {
    await database.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}
