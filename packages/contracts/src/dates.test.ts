import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DATE_RANGE_MESSAGE, storableDate } from './dates.js';

describe('storableDate()', () => {
  const schema = z.object({ cursor: z.object({ createdAt: storableDate() }) });

  it('accepts ordinary dates, as Date or ISO string', () => {
    const at = new Date('2026-12-07T20:00:00Z');
    expect(schema.parse({ cursor: { createdAt: at } }).cursor.createdAt).toEqual(at);
    expect(
      schema.parse({ cursor: { createdAt: '0001-01-01T00:00:00Z' } }).cursor.createdAt,
    ).toEqual(new Date('0001-01-01T00:00:00Z'));
  });

  it('refuses years a database cannot parse, naming the field', () => {
    for (const createdAt of [
      new Date('+174756-10-21T03:33:31.896Z'),
      new Date('-197975-04-05T16:12:49.816Z'),
      new Date('+010000-01-01T00:00:00Z'),
    ]) {
      const result = schema.safeParse({ cursor: { createdAt } });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['cursor', 'createdAt'], message: DATE_RANGE_MESSAGE }),
      ]);
    }
    expect(schema.safeParse({ cursor: { createdAt: 'not a date' } }).success).toBe(false);
  });
});
