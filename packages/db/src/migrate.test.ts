import { readFileSync } from 'node:fs';
import { count, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { queryRows } from './query-rows.js';
import * as schema from './schema/index.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';
import type { Database } from './types.js';

const journal = JSON.parse(
  readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: unknown[] };

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTable),
);

async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row?.n ?? -1;
}

describe('migrate', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await openScratchDatabase({ migrated: false });
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('creates every table of the schema with every column, on the current driver', async () => {
    const { db } = scratch.handle;
    await migrate(db);
    expect(tables.length).toBeGreaterThanOrEqual(30);
    for (const table of tables) {
      // Selecting all columns by name fails if the migration lacks a table or a column.
      await expect(db.select().from(table).limit(1), getTableName(table)).resolves.toBeDefined();
    }
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
  });

  it('is idempotent', async () => {
    const { db } = scratch.handle;
    await migrate(db);
    await migrate(db);
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
  });

  it('seeds the free and pro plans (Pro: 10 included services, 0005)', async () => {
    const rows = await scratch.handle.db.select().from(schema.plans).orderBy(schema.plans.id);
    expect(
      rows.map(({ id, maxServices, dailyInvestigations }) => ({
        id,
        maxServices,
        dailyInvestigations,
      })),
    ).toEqual([
      { id: 'free', maxServices: 5, dailyInvestigations: 10 },
      { id: 'pro', maxServices: 10, dailyInvestigations: 100 },
    ]);
  });

  it('rejects a transaction with a clear error', async () => {
    await expect(scratch.handle.db.transaction((tx) => migrate(tx))).rejects.toThrow(
      /not a transaction/,
    );
  });
});

describe('migrate, called concurrently on a fresh database', () => {
  it('applies each migration exactly once', async () => {
    const fresh = await openScratchDatabase({ migrated: false });
    try {
      // On PostgreSQL two pools stand for two processes; PGlite has one instance per process.
      const other = fresh.handle.driver === 'postgres' ? await fresh.openAnother() : fresh.handle;
      await Promise.all([migrate(fresh.handle.db), migrate(other.db), migrate(fresh.handle.db)]);
      expect(await appliedMigrations(fresh.handle.db)).toBe(journal.entries.length);
      const [plans] = await fresh.handle.db.select({ n: count() }).from(schema.plans);
      expect(plans?.n).toBe(2);
    } finally {
      await fresh.drop();
    }
  });
});
