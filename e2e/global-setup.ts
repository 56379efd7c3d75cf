/**
 * Builds the web app, then starts Pacesetter the way an operator does (`pacesetter serve`) on a
 * fresh database and a free port, and hands the address to the journeys. A second server holds the
 * demo organisation (`pacesetter demo`), for the journeys that need two years of history: the
 * first server must start empty, for the journey that sets the organisation up.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The server with the demo organisation. */
    demoURL: string;
    /** The demo's sales team leader, as `pacesetter demo` printed it. */
    demoLeader: { email: string; name: string; password: string };
  }
}

const DEMO_PASSWORD = 'pacesetter-demo';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with ${server.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not become ready within 60 s:\n${output()}`);
}

export default async function setup(project: TestProject) {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: path.join(root, 'apps/web'),
      stdio: 'inherit',
    },
  );

  // Side by side: loading the demo takes a while, and the empty server need not wait for it.
  const [mainStart, demoStart] = await Promise.allSettled([startServer({}), startServer({ demo: true })]);
  if (mainStart.status === 'rejected' || demoStart.status === 'rejected') {
    for (const started of [mainStart, demoStart])
      if (started.status === 'fulfilled') await started.value.stop();
    throw mainStart.status === 'rejected' ? mainStart.reason : (demoStart as PromiseRejectedResult).reason;
  }
  const main = mainStart.value;
  const demo = demoStart.value;
  project.provide('baseURL', main.url);
  project.provide('demoURL', demo.url);
  project.provide('demoLeader', demo.leader);

  return async () => {
    await Promise.all([main.stop(), demo.stop()]);
  };
}

/**
 * One server on a fresh database (a data folder, or a throw-away PostgreSQL database) and a free
 * port; with `demo`, the demo organisation is loaded first through the command line.
 */
async function startServer({ demo = false }: { demo?: boolean }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), demo ? 'pacesetter-e2e-demo-' : 'pacesetter-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    PACESETTER_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  let dropDatabase: (() => Promise<void>) | undefined;
  const serverUrl = process.env.PACESETTER_TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `pacesetter_e2e_${demo ? 'demo_' : ''}${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }

  let leader = { email: '', name: '', password: DEMO_PASSWORD };
  if (demo) {
    // The same command an evaluator runs; it prints the personas' logins.
    const { stdout: out } = await run(
      process.execPath,
      [path.join(root, 'scripts/pacesetter.mjs'), 'demo', '--password', DEMO_PASSWORD],
      { cwd: root, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const line = /Sales team leader\s+(\S+@\S+)\s+\((.+)\)/.exec(out);
    if (!line) throw new Error(`pacesetter demo printed no sales team leader:\n${out}`);
    leader = { email: line[1] as string, name: line[2] as string, password: DEMO_PASSWORD };
  }

  let log = '';
  const server = spawn(process.execPath, [path.join(root, 'scripts/pacesetter.mjs'), 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => {
    log += d;
  });
  server.stderr?.on('data', (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  await waitForReady(url, server, () => log);
  return {
    url,
    leader,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
