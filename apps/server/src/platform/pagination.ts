/**
 * Keyset pagination: a cursor is the sort key of the last row seen, so page 1,000 costs the same
 * as page 1 and rows inserted meanwhile are neither skipped nor repeated.
 */
import { z } from 'zod';
import { Invalid } from './errors.ts';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Rows per page, 1–200'),
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the previous page'),
};

export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): CursorValue[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw Invalid.field('query.cursor', 'is not a cursor this list produced; start again from the first page');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetch `limit + 1` rows, then call this: the extra row only tells whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorValue[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_FORMATS = {
  text: (k: CursorValue) => typeof k === 'string',
  /** As platform/sql.ts `exactTimestamp` writes it. */
  timestamp: (k: CursorValue) => typeof k === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(k),
  date: (k: CursorValue) => typeof k === 'string' && /^\d{4}-\d\d-\d\d$/.test(k),
  number: (k: CursorValue) => typeof k === 'number' && Number.isFinite(k),
};
export type KeyFormat = keyof typeof KEY_FORMATS;

/**
 * Decodes a `[key, id]` cursor and checks its shape, so a tampered cursor is a 400 rather than a
 * database error when the key is cast back to its column type.
 */
export function decodeKeyset(cursor: string | undefined, key: KeyFormat): CursorValue[] | undefined {
  const values = decodeCursor(cursor, 2);
  if (!values) return undefined;
  const [k, id] = values as [CursorValue, CursorValue];
  if (!KEY_FORMATS[key](k) || typeof id !== 'string' || !UUID.test(id)) {
    throw Invalid.field(
      'query.cursor',
      'is not a cursor this list produced; start again from the first page',
    );
  }
  return values;
}
