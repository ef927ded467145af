import { describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { decodePageCursor, encodePageCursor, toPage } from './page-cursor.js';

const id = '7d9f3c1e-8a4b-4c2d-9e1f-0a1b2c3d4e5f';

describe('page cursors', () => {
  it('round-trips a PostgreSQL timestamp with microseconds and an id', () => {
    const key = { at: '2026-11-29 10:11:12.123456+00', id };
    expect(decodePageCursor(encodePageCursor(key))).toEqual(key);
  });

  it.each([
    ['not base64 json', 'bm90LWpzb24'],
    ['wrong shape', Buffer.from(JSON.stringify({ at: 'x' })).toString('base64url')],
    [
      'bad timestamp',
      Buffer.from(JSON.stringify(["2026-01-01'; drop table users;--", id])).toString('base64url'),
    ],
    [
      'bad id',
      Buffer.from(JSON.stringify(['2026-11-29 10:11:12+00', 'nope'])).toString('base64url'),
    ],
  ])('refuses a cursor with %s as BAD_REQUEST', (_case, cursor) => {
    let caught: unknown;
    try {
      decodePageCursor(cursor);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('BAD_REQUEST');
  });

  it('cuts limit + 1 rows into a page whose cursor points at its last item', () => {
    const rows = [1, 2, 3].map((n) => ({ n, cursorAt: `2026-11-29 10:11:1${n}+00`, cursorId: id }));
    const page = toPage(rows, 2, (row) => row.n);
    expect(page.items).toEqual([1, 2]);
    expect(decodePageCursor(page.nextCursor!)).toEqual({ at: '2026-11-29 10:11:12+00', id });
    expect(toPage(rows, 3, (row) => row.n)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
