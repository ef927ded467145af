import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  createEmptyDatabase,
  dropDatabase,
  migrate,
  migratedPgliteSnapshot,
  type Database,
  type DatabaseHandle,
} from '@vibemonitor/db';

export interface TestDatabase {
  db: Database;
  handle: DatabaseHandle;
  /** URL of the fresh PostgreSQL database (to start other processes on it); undefined on PGlite. */
  url: string | undefined;
  /** Closes the handle and, on PostgreSQL, drops the database. Idempotent. */
  drop(): Promise<void>;
}

/** The PostgreSQL server the suite runs against, or undefined in embedded mode. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && url.length > 0 ? url : undefined;
}

/**
 * A fresh, migrated database for one test file: a new `vm_test_<random>`
 * database when DATABASE_URL is set (that URL must be allowed to CREATE
 * DATABASE), else an in-memory PGlite. Call `drop()` in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    // Starting from a migrated snapshot skips initdb, the slow part of opening PGlite.
    const snapshot = await migratedPgliteSnapshot({ cacheDir: join(tmpdir(), 'vibemonitor-test-cache') });
    const handle = await createDatabase({ inMemory: true, snapshot });
    await migrate(handle.db);
    return { db: handle.db, handle, url: undefined, drop: once(() => handle.close()) };
  }

  const name = `vm_test_${randomBytes(6).toString('hex')}`;
  const url = await createEmptyDatabase(adminUrl, name);
  const handle = await createDatabase({ url, poolSize: 4 }).catch(async (error: unknown) => {
    await dropDatabase(adminUrl, name);
    throw error;
  });
  const drop = once(async () => {
    await handle.close();
    await dropDatabase(adminUrl, name);
  });
  try {
    await migrate(handle.db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db: handle.db, handle, url, drop };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
