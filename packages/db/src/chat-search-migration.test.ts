import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { is } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { migrationsFolder } from './migrations-folder.js';
import { queryRows } from './query-rows.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';
import type { Database, Schema } from './types.js';

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vm-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const stop = journal.entries.findIndex((entry) => entry.tag === tag);
  if (stop < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, stop);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function migrateFrom(db: Database, folder: string): Promise<void> {
  if (is(db, PgliteDatabase))
    await migratePglite(db as PgliteDatabase<Schema>, { migrationsFolder: folder });
  else await migratePostgres(db as PostgresJsDatabase<Schema>, { migrationsFolder: folder });
}

describe('chat search vector migration', () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
  });

  it('backfills the questions of existing sessions and keeps the vector current on update', async () => {
    scratch = await openScratchDatabase({ migrated: false });
    const { db } = scratch.handle;
    const folder = migrationsBefore('0008_chat_search_vector');
    try {
      await migrateFrom(db, folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    // Data written before the column existed: a session with two turns.
    await db.execute(sql`insert into workspaces (id, name, type) values
      ('00000000-0000-4000-8000-00000000000a', 'W', 'team')`);
    await db.execute(sql`insert into chat_sessions (id, workspace_id, title) values
      ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000a', 'Pods restarting')`);
    await db.execute(sql`insert into chat_turns (workspace_id, session_id, message, created_at) values
      ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', 'Why are pods restarting?', now() - interval '1 minute'),
      ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', 'Is the kafka broker rebalancing?', now())`);

    await migrate(db);

    const matches = async (q: string) =>
      (
        await queryRows<{ id: string }>(
          db,
          sql`select id from chat_sessions where search_vector @@ websearch_to_tsquery('english', ${q})`,
        )
      ).length;
    const [row] = await queryRows<{ search_messages: string }>(
      db,
      sql`select search_messages from chat_sessions`,
    );
    expect(row?.search_messages).toBe('Why are pods restarting?\nIs the kafka broker rebalancing?');
    expect(await matches('rebalancing')).toBe(1);
    expect(await matches('pod')).toBe(1);

    // The generated column follows a title change.
    await db.execute(sql`update chat_sessions set title = 'Disk pressure'`);
    expect(await matches('pressure')).toBe(1);
    expect(await matches('"pods restarting" -disk')).toBe(0);

    // The planner can use the GIN index.
    const [index] = await queryRows<{ indexdef: string }>(
      db,
      sql`select indexdef from pg_indexes where indexname = 'chat_sessions_search_idx'`,
    );
    expect(index?.indexdef).toMatch(/USING gin \(search_vector\)/);
  }, 120_000);
});
