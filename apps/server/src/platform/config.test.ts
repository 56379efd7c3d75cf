import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: port 3000, embedded database in ./data/pglite', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'pglite', dataDir: path.resolve('./data/pglite') });
    expect(c.signup).toBe('closed');
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/ps' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/ps',
      poolSize: 10,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it('names every bad variable and its value', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrowError(
      /PORT="eighty": must be a whole number[\s\S]*DATABASE_URL="mysql:\/\/x": must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*LOG_LEVEL="loud"/,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrowError(/PORT="70000"/);
  });
});
