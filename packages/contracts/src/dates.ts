import { z } from 'zod';

export const DATE_RANGE_MESSAGE = 'Dates must fall between the years 1 and 9999.';

/**
 * A date input that a database can store and compare: coerced like
 * `z.coerce.date()`, and refused with a 400 outside the years 1-9999. Beyond
 * them `toISOString()` writes six-digit or negative years ("+174756-10-21..."),
 * which PostgreSQL does not parse: a 500 from input (found by `pnpm fuzz` in
 * list cursors).
 */
export function storableDate() {
  return z.coerce.date().refine(
    (date) => {
      const year = date.getUTCFullYear();
      return year >= 1 && year <= 9999;
    },
    { message: DATE_RANGE_MESSAGE },
  );
}
