/**
 * `npm start` to listening: spawns the real start script on an existing embedded database (the
 * state after the first start) and times until /healthz answers. Goal: within 3 s.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

async function timeOneStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PACESETTER_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  try {
    while (running) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 60_000) throw new Error('server did not start within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the server exited before listening:\n${stderr}`);
  } finally {
    if (running) child.kill('SIGTERM');
    await exited;
  }
}

export async function startupBench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-bench-start-'));
  try {
    // First start: builds the web app if needed and creates and migrates the database.
    execFileSync(process.execPath, [path.join(root, 'scripts/pacesetter.mjs'), 'migrate'], {
      env: { ...process.env, PACESETTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const first = await timeOneStart(dataDir, 3901);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await timeOneStart(dataDir, 3902 + i));
    runs.sort((a, b) => a - b);
    console.log(
      '\nStart-up: `npm start` (scripts/start.mjs) until GET /healthz answers, embedded PGlite, web app built',
    );
    console.log(`  first start on a fresh migrated folder: ${(first / 1000).toFixed(2)} s`);
    console.log(
      `  later starts (5 runs): min ${(runs[0]! / 1000).toFixed(2)} s, median ${(runs[2]! / 1000).toFixed(2)} s, max ${(runs[4]! / 1000).toFixed(2)} s  (goal ≤ 3 s)`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
