import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './client.js';
import { migrate } from './migrate.js';
import { migratedPgliteSnapshot } from './pglite-snapshot.js';
import { queryRows } from './query-rows.js';
import { plans, users } from './schema/index.js';

describe('migratedPgliteSnapshot', () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'vm-snapshot-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('opens migrated, independent in-memory databases and caches the archive on disk', async () => {
    const snapshot = await migratedPgliteSnapshot({ cacheDir });
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^vibemonitor-pglite-[0-9a-f]{16}\.tar$/)]);
    expect(await migratedPgliteSnapshot({ cacheDir })).toBe(snapshot);

    const a = await createDatabase({ inMemory: true, snapshot });
    const b = await createDatabase({ inMemory: true, snapshot });
    try {
      const [applied] = await queryRows<{ n: number }>(
        a.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      await migrate(a.db);
      const [after] = await queryRows<{ n: number }>(a.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(after?.n).toBe(applied?.n);
      expect(await a.db.select({ n: count() }).from(plans)).toEqual([{ n: 2 }]);

      await a.db.insert(users).values({ email: 'only-in-a@example.com' });
      expect(await b.db.select({ n: count() }).from(users)).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
