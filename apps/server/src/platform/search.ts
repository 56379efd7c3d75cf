/**
 * Text search over big tables, sorted and paged. "%word%" has two good plans that PostgreSQL cannot
 * choose between, because it cannot estimate how many rows a pattern matches: for a common word,
 * walk the sort index and keep the matches (the first page is found within a few thousand rows);
 * for a rare one, find every match through the trigram index and sort those few. Guessing wrong
 * cost 0.3–0.5 s at 2M contacts (bench/crm.bench.ts). So both are run in turn: a walk of at most
 * WALK rows in sort order, and only if it found less than a page, the trigram way. Either way the
 * result is the exact first page; the walk just makes the common case cheap.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Executor, queryRows } from './db.ts';

const WALK = 3000;

export async function searchPage(
  db: Executor,
  s: {
    table: PgTable;
    orgId: string;
    /** The conditions besides the search (organisation, visibility, filters, the cursor). */
    where: SQL;
    /** The search condition. */
    match: SQL;
    /** The sort key; an index on (org_id, key, id) serves the walk. */
    key: SQL;
    descending: boolean;
    /** Rows wanted (a page and one more). */
    limit: number;
    /** How many rows the walk reads at most (tests set it small). */
    walk?: number;
  },
): Promise<string[]> {
  const dir = sql.raw(s.descending ? 'desc' : 'asc');
  const walked = await queryRows<{ id: string }>(
    db,
    sql`select id from (
        select ${s.table}.org_id, ${s.table}.id as id, ${s.key} as k, (${s.match}) as hit from ${s.table}
        where ${s.where} order by ${s.key} ${dir}, ${s.table}.id ${dir} limit ${s.walk ?? WALK}
      ) w where w.org_id = ${s.orgId} and hit order by k ${dir}, id ${dir} limit ${s.limit}`,
  );
  if (walked.length >= s.limit) return walked.map((r) => r.id);
  const matched = await queryRows<{ id: string }>(
    db,
    sql`with m as materialized (
        select ${s.table}.id as id, ${s.key} as k from ${s.table} where ${s.where} and ${s.match}
      ) select id from m order by k ${dir}, id ${dir} limit ${s.limit}`,
  );
  return matched.map((r) => r.id);
}
