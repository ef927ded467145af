import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '@vibemonitor/contracts';

/** One page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface PageKey {
  /** The row's timestamp as PostgreSQL prints it, so no microseconds are lost in a JS Date. */
  at: string;
  id: string;
}

const POSTGRES_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodePageCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

/**
 * Reads a cursor made by `encodePageCursor`. Cursors are opaque to clients but
 * not trusted: anything malformed is a BAD_REQUEST, never a database error.
 */
export function decodePageCursor(cursor: string): PageKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !POSTGRES_TIMESTAMP.test(parsed[0]) ||
    !UUID.test(parsed[1])
  ) {
    throw new AppError(
      'BAD_REQUEST',
      'The page cursor is invalid: pass back the nextCursor of the previous page.',
    );
  }
  return { at: parsed[0], id: parsed[1] };
}

/** `(at, id) > (cursor.at, cursor.id)`: the rows after the cursor in `ORDER BY at, id`. */
export function afterCursor(atColumn: AnyPgColumn, idColumn: AnyPgColumn, cursor: string): SQL {
  const key = decodePageCursor(cursor);
  return sql`(${atColumn}, ${idColumn}) > (${key.at}::timestamptz, ${key.id}::uuid)`;
}

/** The column's exact text form, selected alongside a row to build its cursor. */
export function cursorText(atColumn: AnyPgColumn): SQL<string> {
  return sql<string>`${atColumn}::text`;
}

/**
 * Cuts a list fetched with `limit + 1` rows into a page: the extra row only
 * says that another page exists.
 */
export function toPage<Row extends { cursorAt: string; cursorId: string }, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    nextCursor: hasMore && last ? encodePageCursor({ at: last.cursorAt, id: last.cursorId }) : null,
  };
}
