/** Small SQL helpers shared by repositories. */
import { type AnyColumn, sql } from 'drizzle-orm';

/** A user's text as a LIKE pattern matching it anywhere, with %, _ and \ taken literally. */
/** A search's words (at most eight), for searches where each word must match. */
export const searchWords = (text: string | undefined) =>
  (text ?? '').split(/\s+/).filter(Boolean).slice(0, 8);

export const escapeLike = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A timestamp as text with all six fractional digits, in UTC, for keyset cursors. A cursor built from
 * a JavaScript Date keeps only milliseconds while PostgreSQL stores microseconds, so the next page
 * would repeat or skip rows.
 */
export const exactTimestamp = (column: AnyColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
