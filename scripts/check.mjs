#!/usr/bin/env node
// `npm run check`: format and lint (Biome), typecheck every workspace, and fail when generated files
// (SQL migrations, the OpenAPI document, the web app's API types) no longer match the code.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
let failed = false;

function step(label, fn) {
  const started = Date.now();
  process.stdout.write(`• ${label}… `);
  try {
    const problem = fn();
    if (problem) {
      failed = true;
      console.log(`FAILED\n${problem}`);
    } else console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed = true;
    console.log(
      `FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
    );
  }
}

const quiet = { cwd: root, stdio: 'pipe', encoding: 'utf8' };

step('format and lint (biome)', () => {
  execFileSync(bin('biome'), ['check', '.'], quiet);
});

step('typecheck (tsc -b)', () => {
  execFileSync(bin('tsc'), ['-b'], quiet);
});

step('migrations match the schema (drizzle-kit)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-migrations-'));
  const migrations = path.join(root, 'apps/server/src/db/migrations');
  fs.cpSync(migrations, tmp, { recursive: true });
  const res = spawnSync(bin('drizzle-kit'), ['generate', '--name', 'check'], {
    ...quiet,
    cwd: path.join(root, 'apps/server'),
    env: { ...process.env, DRIZZLE_OUT: tmp },
  });
  const added = fs
    .readdirSync(tmp)
    .filter((f) => f.endsWith('.sql') && !fs.existsSync(path.join(migrations, f)));
  fs.rmSync(tmp, { recursive: true, force: true });
  if (res.status !== 0) return res.stdout + res.stderr;
  if (added.length > 0) {
    return `The schema changed but no migration was generated. Run: npm run db:generate -w @pacesetter/server -- --name <intent>`;
  }
});

step('OpenAPI document and web API types are current', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-gen-'));
  execFileSync(process.execPath, [path.join(root, 'scripts/gen.mjs'), tmp], {
    ...quiet,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  const stale = ['docs/api/openapi.json', 'apps/web/src/api/schema.d.ts'].filter((rel) => {
    const committed = fs.existsSync(path.join(root, rel))
      ? fs.readFileSync(path.join(root, rel), 'utf8')
      : '';
    return committed !== fs.readFileSync(path.join(tmp, rel), 'utf8');
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (stale.length > 0) return `Out of date: ${stale.join(', ')}. Run: npm run gen`;
});

process.exit(failed ? 1 : 0);
