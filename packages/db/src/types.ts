import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * The database as domain code sees it, whichever driver is underneath
 * (postgres.js or PGlite). Use the query builder; `db.execute()` returns a
 * driver-specific shape, which this type deliberately leaves opaque.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * The `tx` of `db.transaction(async (tx) => ...)`. It is also a `Database`,
 * so functions taking `db: Database` accept it. Always pass `tx` down: on
 * PGlite (one connection) a query on the outer `db` while a transaction is
 * open waits for that transaction forever.
 */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** The subset of a pino logger this package uses. */
export interface DbLogger {
  info(obj: object, msg?: string): void;
}
