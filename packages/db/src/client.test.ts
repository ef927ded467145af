import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '@vibemonitor/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './client.js';
import { migrate } from './migrate.js';
import { users } from './schema/index.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';
import type { Database } from './types.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createDatabase with an unreachable PostgreSQL', () => {
  it('fails at start with one clear line and no password', async () => {
    const error = await rejection(createDatabase({ url: 'postgres://vm:s3cr3t-pw@127.0.0.1:1/vibemonitor' }));

    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)/);
    expect(message).not.toContain('s3cr3t-pw');
    expect(message).not.toContain('\n');
  });

  it('refuses to guess when given nothing to open', async () => {
    await expect(createDatabase({})).rejects.toThrow(/url, a dataDir or inMemory/);
  });
});

describe('createDatabase with PGlite under a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vm-db-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('persists across close and reopen', async () => {
    const first = await createDatabase({ dataDir });
    expect(first.driver).toBe('pglite');
    await migrate(first.db);
    await first.db.insert(users).values({ email: 'kept@example.com' });
    await first.close();
    await first.close();

    expect((await stat(join(dataDir, 'pglite'))).isDirectory()).toBe(true);

    const second = await createDatabase({ dataDir });
    try {
      await migrate(second.db);
      const rows = await second.db.select().from(users).where(eq(users.email, 'kept@example.com'));
      expect(rows).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('createDatabase with PGlite in memory', () => {
  it('lets the event loop turn while a backlog of statements drains, in order', async () => {
    const handle = await createDatabase({ inMemory: true });
    try {
      // Ten statements queued at once, each well over PGLITE_SLICE_MS of PGlite's CPU.
      const finished: number[] = [];
      const loopTurnsSeen: number[] = [];
      let loopTurns = 0;
      const ticker = setInterval(() => (loopTurns += 1), 0);
      const statements = Array.from({ length: 10 }, (_, i) =>
        handle.db
          .execute(sql`select ${i}::int as i, count(*) from generate_series(1, 200000)`)
          .then(() => {
            finished.push(i);
            loopTurnsSeen.push(loopTurns);
          }),
      );
      await Promise.all(statements);
      clearInterval(ticker);
      expect(finished).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Timers ran while the backlog drained, not only once it was gone.
      expect(loopTurnsSeen[8]).toBeGreaterThan(loopTurnsSeen[0]!);
    } finally {
      await handle.close();
    }
  });
});

describe('a handle on the current driver', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('pings', async () => {
    await expect(scratch.handle.ping()).resolves.toBeUndefined();
  });

  // Domain functions take `db: Database`; a transaction must be passable in its place.
  const insertUser = (db: Database, email: string) => db.insert(users).values({ email });

  it('commits a transaction that passes tx down, and rolls one back on error', async () => {
    const { db } = scratch.handle;
    await db.transaction(async (tx) => {
      await insertUser(tx, 'committed@example.com');
    });
    await expect(
      db.transaction(async (tx) => {
        await insertUser(tx, 'rolled-back@example.com');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    expect(await db.select().from(users).where(eq(users.email, 'committed@example.com'))).toHaveLength(1);
    expect(await db.select().from(users).where(eq(users.email, 'rolled-back@example.com'))).toHaveLength(0);
  });
});

describe('close', () => {
  it('is idempotent and stops the handle', async () => {
    const scratch = await openScratchDatabase({ migrated: false });
    await scratch.handle.close();
    await scratch.handle.close();
    await expect(scratch.handle.ping()).rejects.toThrow();
    await scratch.drop();
  });
});
