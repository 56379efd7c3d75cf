/**
 * One test file's server: a private copy of the migrated template database and a Fastify app on
 * it, driven through HTTP with `inject`. Tests then create a fresh organisation each (factories.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { withDatabase } from './global-setup.ts';

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** Every SQL statement run so far, for the tenant-scoping test. */
  queries: string[];
}

let counter = 0;

export async function openTestDatabase(onQuery?: (q: string) => void): Promise<Database> {
  const template = inject('template');
  if (template.kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-test-'));
    fs.cpSync(template.dir, dir, { recursive: true });
    fs.rmSync(path.join(dir, '.pacesetter.lock'), { force: true });
    const database = await openDatabase({ kind: 'pglite', dataDir: dir }, { onQuery });
    const close = database.close;
    database.close = async () => {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return database;
  }
  const name = `${template.name}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.name}`);
  await admin.end();
  return openDatabase(
    { kind: 'postgres', url: withDatabase(template.adminUrl, name), poolSize: 5 },
    { onQuery },
  );
}

/** Registers beforeAll/afterAll hooks and returns a handle filled in before the first test. */
export function useTestServer(env: Record<string, string> = {}): TestServer {
  const server = { queries: [] as string[] } as TestServer;
  beforeAll(async () => {
    server.database = await openTestDatabase((q) => server.queries.push(q));
    server.config = loadConfig({ LOG_LEVEL: 'silent', PACESETTER_LOGIN_RATE_LIMIT: '10000', ...env });
    server.app = await buildApp({ config: server.config, database: server.database, logger: false });
    await server.app.ready();
  });
  afterAll(async () => {
    await server.app?.close();
    await server.database?.close();
  });
  return server;
}

/** A logged-in browser-like client: carries the session cookie and the CSRF header. */
export interface Agent {
  userId: string;
  orgId: string;
  csrfToken: string | null;
  cookie: string | null;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ps_session');
  const me = res.json();
  return agentFor(app, {
    cookie: `ps_session=${cookie?.value}`,
    csrfToken: me.csrfToken,
    userId: me.user.id,
    orgId: me.organisation.id,
  });
}

export function agentFor(
  app: FastifyInstance,
  a: { cookie?: string | null; csrfToken?: string | null; bearer?: string; userId: string; orgId: string },
): Agent {
  const headers: Record<string, string> = {};
  if (a.cookie) headers.cookie = a.cookie;
  if (a.csrfToken) headers['x-csrf-token'] = a.csrfToken;
  if (a.bearer) headers.authorization = `Bearer ${a.bearer}`;
  const request = (opts: InjectOptions) => app.inject({ ...opts, headers: { ...headers, ...opts.headers } });
  return {
    userId: a.userId,
    orgId: a.orgId,
    csrfToken: a.csrfToken ?? null,
    cookie: a.cookie ?? null,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, payload) => request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    patch: (url, payload) => request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}
