import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors.js';
import { queryRows } from './query-rows.js';
import {
  createRemoteDatabase,
  describeRemoteQueryFailure,
  remoteQueryError,
} from './remote-database.js';
import { services, workspaces } from './schema/index.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';
import type { Database } from './types.js';

/*
 * A remote database is how the investigation thread reads the database the
 * main thread owns: every statement crosses as a message (structured clone
 * both ways here, as between threads) and must come back exactly as the
 * owning driver's own drizzle session returns it.
 */

let scratch: ScratchDatabase;
let direct: Database;
let remote: Database;
let workspaceId: string;
let statements = 0;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  direct = scratch.handle.db;
  remote = createRemoteDatabase(async (query) => {
    statements += 1;
    try {
      return structuredClone(await scratch.handle.runRemoteQuery(structuredClone(query)));
    } catch (error) {
      throw remoteQueryError(structuredClone(describeRemoteQueryFailure(error)));
    }
  });
  const [workspace] = await direct
    .insert(workspaces)
    .values({ name: 'Remote', type: 'team' })
    .returning({ id: workspaces.id });
  workspaceId = workspace!.id;
  await direct.insert(services).values([
    {
      workspaceId,
      name: 'api',
      aliases: ['gateway', 'edge'],
      labelMatchers: { prometheus: { job: 'api' } },
    },
    { workspaceId, name: 'db', description: 'the database' },
  ]);
}, 60_000);

afterAll(async () => {
  await scratch?.drop();
});

describe('createRemoteDatabase over runRemoteQuery', () => {
  it('selects the same rows as the owning driver: dates, arrays, jsonb, nulls', async () => {
    const select = (db: Database) =>
      db
        .select()
        .from(services)
        .where(eq(services.workspaceId, workspaceId))
        .orderBy(asc(services.name));
    const before = statements;
    const mine = await select(remote);
    expect(statements).toBe(before + 1);
    expect(mine).toEqual(await select(direct));
    expect(mine[0]!.createdAt).toBeInstanceOf(Date);
    expect(mine[0]!.aliases).toEqual(['gateway', 'edge']);
    expect(mine[0]!.labelMatchers).toEqual({ prometheus: { job: 'api' } });
    expect(mine[1]!.description).toBe('the database');
  });

  it('joins and partial selections map to the same names', async () => {
    const joined = (db: Database) =>
      db
        .select({ workspace: workspaces.name, service: services.name, at: services.updatedAt })
        .from(services)
        .innerJoin(workspaces, eq(workspaces.id, services.workspaceId))
        .where(eq(services.workspaceId, workspaceId))
        .orderBy(asc(services.name));
    expect(await joined(remote)).toEqual(await joined(direct));
  });

  it('inserts with returning, and the row is in the owning database', async () => {
    const [row] = await remote
      .insert(services)
      .values({ workspaceId, name: 'queue', aliases: ['mq'] })
      .returning({ id: services.id, createdAt: services.createdAt });
    expect(row!.createdAt).toBeInstanceOf(Date);
    const [stored] = await direct.select().from(services).where(eq(services.id, row!.id));
    expect(stored).toMatchObject({ name: 'queue', aliases: ['mq'] });
  });

  it('runs raw SQL through queryRows as objects', async () => {
    const rows = await queryRows<{ n: number; name: string }>(
      remote,
      sql`select count(*)::int as n, min(name) as name from services where workspace_id = ${workspaceId}::uuid`,
    );
    expect(rows).toEqual([{ n: 3, name: 'api' }]);
  });

  it('refuses transactions (they would hold the owner’s connection across messages)', async () => {
    await expect(remote.transaction(async () => undefined)).rejects.toThrow(
      /Transactions are not supported/,
    );
  });

  it('rejects with the database error of a failing statement, its SQLSTATE and constraint kept', async () => {
    const error = await remote
      .insert(services)
      .values({ workspaceId, name: 'api' })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(isUniqueViolation(error, 'services_workspace_name_unique')).toBe(true);
  });
});
