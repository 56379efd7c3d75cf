import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/harness.ts';
import { arrayLiteral } from './bulk.ts';
import { type Database, queryRows } from './db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function roundTrip(values: (string | null)[], type = 'text') {
  const rows = await queryRows<{ v: string | null }>(
    database.db,
    sql`select v::text from unnest(${arrayLiteral(values)}::${sql.raw(type)}[]) with ordinality as t(v, n) order by n`,
  );
  return rows.map((r) => r.v);
}

describe('arrayLiteral', () => {
  it('writes nulls, quotes, backslashes, braces, commas and the word NULL so PostgreSQL reads them back', async () => {
    const values = ['a', null, '"quoted"', 'back\\slash', '{braces}', 'a,b', 'NULL', '', ' spaced ', 'é 😀'];
    expect(await roundTrip(values)).toEqual(values);
  });

  it('any text survives the trip unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // PostgreSQL text cannot hold NUL.
        fc.array(fc.option(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0'))), {
          maxLength: 20,
        }),
        async (values) => {
          expect(await roundTrip(values)).toEqual(values);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes dates as exact timestamps, booleans and numbers as PostgreSQL reads them', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const stamps = await queryRows<{ v: string }>(
      database.db,
      sql`select to_char(v at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as v from unnest(${arrayLiteral([at])}::timestamptz[]) as t(v)`,
    );
    expect(stamps[0]!.v).toBe('2026-03-04T05:06:07.089');
    expect(await roundTrip([true, false, null] as never, 'boolean')).toEqual(['true', 'false', null]);
    expect(await roundTrip([12.5, -3, 1e6] as never, 'numeric(16, 2)')).toEqual([
      '12.50',
      '-3.00',
      '1000000.00',
    ]);
  });
});
