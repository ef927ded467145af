import { plans } from '@vibemonitor/db';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseUrl } from './database.js';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('createTestDatabase', () => {
  it('gives a migrated database on the driver the suite runs against, and drop() removes it', async () => {
    const adminUrl = testDatabaseUrl();
    const test = await createTestDatabase();
    let dropped = false;
    try {
      expect(test.handle.driver).toBe(adminUrl ? 'postgres' : 'pglite');
      expect(await test.db.select().from(plans)).toHaveLength(2);

      if (adminUrl) {
        const name = new URL(test.url!).pathname.slice(1);
        expect(name).toMatch(/^vm_test_[0-9a-f]{12}$/);
        expect(await databaseExists(adminUrl, name)).toBe(true);
        await test.drop();
        dropped = true;
        expect(await databaseExists(adminUrl, name)).toBe(false);
      } else {
        expect(test.url).toBeUndefined();
        await test.drop();
        dropped = true;
        await expect(test.handle.ping()).rejects.toThrow();
      }
      await test.drop();
    } finally {
      if (!dropped) await test.drop();
    }
  });

  it('isolates databases from each other', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      await a.db.delete(plans);
      expect(await a.db.select().from(plans)).toHaveLength(0);
      expect(await b.db.select().from(plans)).toHaveLength(2);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
