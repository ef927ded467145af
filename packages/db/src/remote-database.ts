import { drizzle } from 'drizzle-orm/pg-proxy';
import { postgresErrorInfo } from './errors.js';
import * as schema from './schema/index.js';
import type { Database } from './types.js';

/**
 * One SQL statement as drizzle's query builder produced it, ready to run on
 * the process that owns the database: `all` wants rows as arrays (drizzle maps
 * them to its column names), `execute` rows as objects (raw `db.execute`).
 */
export interface RemoteQuery {
  sql: string;
  params: unknown[];
  method: 'all' | 'execute';
}

export interface RemoteQueryResult {
  rows: unknown[];
}

/**
 * A `Database` whose statements are run elsewhere by `run` (on the thread
 * that owns the connection, see `DatabaseHandle.runRemoteQuery`). Values
 * arrive as that driver decodes them for drizzle, so the query builder and
 * every domain function that takes `db` work unchanged.
 *
 * Transactions are refused (drizzle's proxy driver throws): a transaction
 * spread over messages would hold PGlite's single connection across the
 * other thread's work. Code given a remote database must only read and
 * insert, statement by statement.
 */
export function createRemoteDatabase(
  run: (query: RemoteQuery) => Promise<RemoteQueryResult>,
): Database {
  return drizzle((sql, params, method) => run({ sql, params, method }), { schema });
}

/** A failed remote statement as it crosses back: the message and the PostgreSQL error code, if any. */
export interface RemoteQueryFailure {
  message: string;
  code: string | undefined;
  constraint: string | undefined;
}

/** What the owning side sends back when a remote statement fails. */
export function describeRemoteQueryFailure(error: unknown): RemoteQueryFailure {
  const info = postgresErrorInfo(error);
  return {
    message: error instanceof Error ? error.message : String(error),
    code: info?.code,
    constraint: info?.constraint,
  };
}

/**
 * The error a remote statement rejects with: it carries the SQLSTATE and
 * constraint like a driver error, so `isUniqueViolation` and friends work on
 * the remote side too (drizzle wraps it as it wraps driver errors).
 */
export function remoteQueryError(failure: RemoteQueryFailure): Error {
  return Object.assign(new Error(failure.message), {
    ...(failure.code ? { code: failure.code } : {}),
    ...(failure.constraint ? { constraint: failure.constraint } : {}),
  });
}
