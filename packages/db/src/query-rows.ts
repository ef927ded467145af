import type { SQL } from 'drizzle-orm';
import type { Database } from './types.js';

/**
 * Runs raw SQL and returns its rows on either driver: `db.execute()` resolves
 * to an array on postgres.js but to `{ rows }` on PGlite. Rows come back as
 * the driver decodes them (no drizzle column mapping), so select snake_case
 * columns with aliases if you want other names.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
