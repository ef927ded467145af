import { is } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Sql } from 'postgres';
import { migrationsFolder } from './migrations-folder.js';
import type { Database, DbLogger, Schema } from './types.js';

/** Arbitrary, fixed key of the session advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = '7246118531';

/** Migrations in flight per database object, so concurrent calls in one process run one after another. */
const inFlight = new WeakMap<object, Promise<void>>();

/**
 * Applies pending migrations (idempotent). Safe to call from several
 * processes at once against one PostgreSQL: they queue on an advisory lock,
 * and the later ones find nothing left to apply.
 */
export async function migrate(db: Database, options: { logger?: DbLogger } = {}): Promise<void> {
  const previous = inFlight.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => applyMigrations(db, options.logger));
  inFlight.set(db, run);
  try {
    await run;
  } finally {
    if (inFlight.get(db) === run) inFlight.delete(db);
  }
}

async function applyMigrations(db: Database, logger: DbLogger | undefined): Promise<void> {
  const started = Date.now();
  if (is(db, PgliteDatabase)) {
    // One embedded instance belongs to one process: the in-process queue is enough.
    await migratePglite(db as PgliteDatabase<Schema>, { migrationsFolder });
  } else if (is(db, PostgresJsDatabase)) {
    await migratePostgresLocked(db as PostgresJsDatabase<Schema>);
  } else {
    throw new TypeError('migrate() needs a database from createDatabase(), not a transaction');
  }
  logger?.info({ durationMs: Date.now() - started }, 'database migrations up to date');
}

/**
 * drizzle's migrator reads the last applied migration before opening its
 * transaction, so two processes could both decide to apply the same files.
 * Holding a session advisory lock on a reserved connection around the whole
 * run closes that window; the migrator meanwhile uses other pool connections.
 */
async function migratePostgresLocked(db: PostgresJsDatabase<Schema>): Promise<void> {
  const client = (db as unknown as { $client: Sql }).$client;
  if (client.options.max < 2) {
    throw new TypeError('migrate() needs a postgres.js pool of at least 2 connections (one holds the lock)');
  }
  const lockConnection = await client.reserve();
  try {
    await lockConnection.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migratePostgres(db, { migrationsFolder });
    } finally {
      await lockConnection.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    lockConnection.release();
  }
}
