import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** Keyset pagination for lists that can grow; `cursor` is the previous page's `nextCursor`. */
export const pageInputFields = {
  limit: z
    .number()
    .int()
    .min(1, 'limit must be at least 1.')
    .max(PAGE_LIMIT_MAX, `limit is at most ${PAGE_LIMIT_MAX}.`)
    .default(PAGE_LIMIT_DEFAULT),
  cursor: text().min(1).max(500).optional(),
};

export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
