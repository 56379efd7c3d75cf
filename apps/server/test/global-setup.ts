/**
 * Migrates a template database once per run. Test files then start from a copy of it: a copied
 * PGlite folder, or on PostgreSQL a `CREATE DATABASE … TEMPLATE`, so no file waits for migrations
 * and none sees another's data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite'; dir: string } | { kind: 'postgres'; adminUrl: string; name: string };
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.PACESETTER_TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-template-'));
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await database.migrate();
    await database.close();
    project.provide('template', { kind: 'pglite', dir });
    return () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const name = `pacesetter_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const database = await openDatabase({ kind: 'postgres', url: withDatabase(serverUrl, name), poolSize: 2 });
  await database.migrate();
  await database.close();
  project.provide('template', { kind: 'postgres', adminUrl: serverUrl, name });
  return async () => {
    // Drop the per-file copies and the template; they are throw-away.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${name}%`],
    );
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
