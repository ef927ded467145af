import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyDatabase, dropDatabase } from './admin.js';
import { createDatabase, type DatabaseHandle } from './client.js';
import { loadDbEnv } from './env.js';
import { migrate } from './migrate.js';
import { migratedPgliteSnapshot } from './pglite-snapshot.js';

/*
 * Fixtures for this package's own tests. Other packages use
 * createTestDatabase from @vibemonitor/testing, which depends on this package
 * and so cannot be imported from here.
 */

export interface ScratchDatabase {
  handle: DatabaseHandle;
  /** Opens another handle on the same database (PostgreSQL only: PGlite in memory is one instance). */
  openAnother(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** A fresh database on the driver the suite runs against, migrated unless `migrated: false`. */
export async function openScratchDatabase({ migrated = true } = {}): Promise<ScratchDatabase> {
  const { DATABASE_URL: adminUrl } = loadDbEnv();
  if (!adminUrl) {
    const snapshot = migrated
      ? await migratedPgliteSnapshot({ cacheDir: join(tmpdir(), 'vibemonitor-test-cache') })
      : undefined;
    const handle = await createDatabase({ inMemory: true, snapshot });
    return {
      handle,
      openAnother: () => Promise.reject(new TypeError('an in-memory PGlite cannot be opened twice')),
      drop: () => handle.close(),
    };
  }
  const name = `vm_test_db_${randomBytes(6).toString('hex')}`;
  const url = await createEmptyDatabase(adminUrl, name);
  const handles: DatabaseHandle[] = [];
  const open = async () => {
    const handle = await createDatabase({ url, poolSize: 3 });
    handles.push(handle);
    return handle;
  };
  const handle = await open();
  if (migrated) await migrate(handle.db);
  return {
    handle,
    openAnother: open,
    drop: async () => {
      await Promise.all(handles.map((h) => h.close()));
      await dropDatabase(adminUrl, name);
    },
  };
}
