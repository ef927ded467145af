import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { PGlite, types, type QueryOptions } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { connectionError } from './connection-error.js';
import type { RemoteQuery, RemoteQueryResult } from './remote-database.js';
import * as schema from './schema/index.js';
import type { Database, DbLogger } from './types.js';

export type DatabaseDriver = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Runs `select 1`; rejects when the database is unreachable. */
  ping(): Promise<void>;
  /**
   * Runs a statement of a `createRemoteDatabase` on this connection and
   * returns its rows decoded exactly as this driver's drizzle session would
   * (how another thread reaches a database this one owns).
   */
  runRemoteQuery(query: RemoteQuery): Promise<RemoteQueryResult>;
  /** Closes the pool (postgres) or the embedded instance (PGlite). Idempotent. */
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** A postgres:// URL: use PostgreSQL through postgres.js. */
  url?: string;
  /** Without `url`: keep PGlite's files under `${dataDir}/pglite`. */
  dataDir?: string;
  /** Without `url`: an in-memory PGlite, gone on close (tests, demos). */
  inMemory?: boolean;
  /** With `inMemory`: start from `migratedPgliteSnapshot()` instead of an empty cluster. */
  snapshot?: Blob;
  /** Connections in the postgres.js pool (default 10; `migrate` needs at least 2). */
  poolSize?: number;
  logger?: DbLogger;
}

/**
 * Opens the database: PostgreSQL when `url` is set, else embedded PGlite
 * (persisted under `dataDir`, or in memory). Connects eagerly, so a wrong URL
 * fails here with an `AppError('UNAVAILABLE')` rather than on the first request.
 * Does not migrate: call `migrate(handle.db)` at start.
 *
 * PGlite is a single connection: inside `db.transaction(async (tx) => ...)`
 * use `tx` for every query, never the outer `db`, or the query waits forever.
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options);
  if (options.inMemory) return openPglite({ snapshot: options.snapshot }, options.logger);
  if (options.dataDir) return openPglite({ directory: join(options.dataDir, 'pglite') }, options.logger);
  throw new TypeError('createDatabase needs a url, a dataDir or inMemory: true');
}

async function openPostgres(url: string, options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    connect_timeout: 10,
    idle_timeout: 60,
    // Migrations and "IF NOT EXISTS" DDL emit NOTICEs that postgres.js would print with console.log.
    onnotice: () => {},
    connection: { application_name: 'vibemonitor' },
  });
  // drizzle installs its type parsers on the client: create it before the first connection.
  const db = drizzlePostgres({ client, schema });
  const ping = async () => {
    await client`select 1`;
  };
  try {
    await ping();
  } catch (error) {
    await client.end({ timeout: 0 });
    throw connectionError(url, error);
  }
  const target = new URL(url);
  options.logger?.info({ driver: 'postgres', host: target.hostname, port: target.port || '5432' }, 'database connected');
  return {
    db,
    driver: 'postgres',
    ping,
    // As drizzle's postgres-js session runs its statements (same client, same type parsers).
    runRemoteQuery: async ({ sql, params, method }) => {
      const pending = client.unsafe(sql, params as postgres.ParameterOrJSON<never>[]);
      const rows = method === 'all' ? await pending.values() : await pending;
      // A plain array: postgres.js adds properties that need not cross threads.
      return { rows: Array.from(rows) };
    },
    close: once(() => client.end({ timeout: 5 })),
  };
}

async function openPglite(
  { directory, snapshot }: { directory?: string; snapshot?: Blob | undefined },
  logger: DbLogger | undefined,
): Promise<DatabaseHandle> {
  if (directory) {
    await mkdir(directory, { recursive: true });
    if (!(await exists(join(directory, 'PG_VERSION')))) await initPgliteCluster(directory);
  }
  const options = { startParams: pgliteStartParams };
  const client = directory
    ? await PGlite.create(directory, options)
    : await PGlite.create({ ...options, loadDataDir: snapshot });
  yieldBetweenStatements(client);
  const db = drizzlePglite({ client, schema });
  logger?.info({ driver: 'pglite', dataDir: directory ?? 'memory' }, 'database opened');
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    runRemoteQuery: async ({ sql, params, method }) => {
      const result = await client.query(sql, params, method === 'all' ? pgliteArrayRows : pgliteObjectRows);
      return { rows: result.rows };
    },
    close: once(() => client.close()),
  };
}

/**
 * How long queued PGlite statements may run back to back before the event
 * loop gets a turn: the most a timer, request or SSE write waits on a backlog
 * (plus the statement then running).
 */
export const PGLITE_SLICE_MS = 5;

/**
 * PGlite runs each statement synchronously on this thread, and hands its lock
 * to the next queued statement in a microtask: a backlog of statements (the
 * API's, the investigations' events and context reads) ran back to back
 * without the event loop getting a turn, so timers, incoming requests and SSE
 * writes waited for the whole backlog (event-loop delay p99 of 100+ ms with
 * four investigations streaming). Statements outside a transaction now run
 * one at a time, in order, and once they have held the thread for
 * PGLITE_SLICE_MS the next one waits for a turn of the loop (`setImmediate`).
 * A short burst (one request's statements) still runs straight through. A
 * transaction holds PGlite's lock for its statements, as before.
 */
function yieldBetweenStatements(client: PGlite): void {
  const query = client.query.bind(client);
  let tail: Promise<unknown> = Promise.resolve();
  // When the current run of back-to-back statements started; cleared once the loop turns.
  let sliceStartedAt: number | undefined;
  const startSlice = () => {
    sliceStartedAt = performance.now();
    setImmediate(() => (sliceStartedAt = undefined));
  };
  client.query = ((...args: Parameters<PGlite['query']>) => {
    const result = tail.then(async () => {
      if (sliceStartedAt !== undefined && performance.now() - sliceStartedAt >= PGLITE_SLICE_MS)
        await new Promise((resolve) => setImmediate(resolve));
      if (sliceStartedAt === undefined) startSlice();
      return query(...args);
    });
    tail = result.catch(() => undefined);
    return result;
  }) as PGlite['query'];
}

/**
 * PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly
 * memory, which never shrinks: an embedded server would keep them resident
 * forever. Its data files are real files (the OS caches them), so a small
 * buffer pool costs little; 16 MB keeps the idle process well under 400 MB.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';
const pgliteStartParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Creates a new PGlite cluster (initdb) under `directory` in a short-lived
 * child process. initdb grows PGlite's WebAssembly memory to about 600 MB,
 * which a process never gives back (a worker thread's is not fully returned
 * either); the serving instance opened afterwards starts small.
 */
async function initPgliteCluster(directory: string): Promise<void> {
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const code = `const { PGlite } = await import(${JSON.stringify(pglite)}); const c = await PGlite.create(process.argv[1]); await c.close();`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code, directory], (error, _stdout, stderr) =>
      error ? reject(new Error(`Could not create the PGlite cluster in ${directory}: ${stderr || error.message}`)) : resolve(),
    );
  });
}

// drizzle's PGlite session leaves date/time values as text for its own column
// mapping (drizzle-orm/pglite/session.js): a remote statement must too.
const passThroughDates: QueryOptions['parsers'] = {
  [types.TIMESTAMP]: (value: string) => value,
  [types.TIMESTAMPTZ]: (value: string) => value,
  [types.INTERVAL]: (value: string) => value,
  [types.DATE]: (value: string) => value,
  1231: (value: string) => value, // numeric[]
  1115: (value: string) => value, // timestamp[]
  1185: (value: string) => value, // timestamptz[]
  1187: (value: string) => value, // interval[]
  1182: (value: string) => value, // date[]
};
const pgliteArrayRows: QueryOptions = { rowMode: 'array', parsers: passThroughDates };
const pgliteObjectRows: QueryOptions = { rowMode: 'object', parsers: passThroughDates };

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
