/**
 * Bulk writes: thousands of rows in one statement with one parameter per column. Each column's
 * values travel as a single PostgreSQL array literal, and `unnest` turns the arrays back into rows.
 * PostgreSQL parses a dozen large parameters far faster than tens of thousands of small ones, the
 * statement text stays the same for every batch, and it runs unchanged on PGlite and on a server.
 */
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './db.ts';

const needsEscape = /["\\]/;

/** Values as a PostgreSQL array literal: `{"a","b\"c",NULL}`. Dates as ISO timestamps. */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = 'NULL';
      continue;
    }
    const s =
      v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v as string);
    parts[i] = needsEscape.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`;
  }
  return `{${parts.join(',')}}`;
}

/**
 * `insert into <table> (<columns>) select * from unnest(...) [tail]` for rows that all have the same
 * properties (those of the first row). `tail` is an `on conflict …` clause, if any.
 */
export async function bulkInsert<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  tail?: SQL,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const properties = Object.keys(rows[0]!).filter((p) => columns[p]);
  const names = properties.map((p) => sql.identifier(columns[p]!.name));
  const arrays = properties.map((p) => {
    const values = rows.map((r) => (r as Record<string, unknown>)[p]);
    return sql`${arrayLiteral(values)}::${sql.raw(columns[p]!.getSQLType())}[]`;
  });
  await db.execute(
    sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)}) ${tail ?? sql``}`,
  );
}

/**
 * `on conflict (<target>) do update set …`: the given properties take the incoming value, the row's
 * version goes up by one and updated_at becomes now. `overrides` replace or add assignments.
 */
export function upsertOnConflict<T extends PgTable>(
  table: T,
  target: readonly string[],
  properties: readonly string[],
  overrides: Record<string, SQL> = {},
): SQL {
  const columns = getTableColumns(table);
  const name = (p: string) => {
    const column = columns[p];
    if (!column) throw new Error(`${p} is not a column`);
    return column.name;
  };
  const assignments = new Map<string, SQL>();
  for (const p of properties) assignments.set(p, sql.raw(`excluded."${name(p)}"`));
  for (const [p, value] of Object.entries(overrides)) assignments.set(p, value);
  if (columns.version) assignments.set('version', sql`${table}."version" + 1`);
  if (columns.updatedAt) assignments.set('updatedAt', sql`now()`);
  const set = [...assignments].map(([p, value]) => sql`${sql.identifier(name(p))} = ${value}`);
  return sql`on conflict (${sql.join(
    target.map((p) => sql.identifier(name(p))),
    sql`, `,
  )}) do update set ${sql.join(set, sql`, `)}`;
}

/** `= any($1::type[])` with the values as one parameter, for large lookups by key. */
export function anyOf(values: readonly string[], type = 'text'): SQL {
  return sql`any(${arrayLiteral(values)}::${sql.raw(type)}[])`;
}
