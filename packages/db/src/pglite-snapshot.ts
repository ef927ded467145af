import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from './migrate.js';
import { migrationsFolder } from './migrations-folder.js';
import * as schema from './schema/index.js';

const TAR = 'application/x-tar';

const snapshots = new Map<string, Promise<Blob>>();

/**
 * An empty, fully migrated PGlite cluster as a tar archive. An in-memory
 * PGlite started from it (`createDatabase({ inMemory: true, snapshot })`)
 * skips initdb and the migrations, which makes it several times faster to
 * open: meant for test fixtures that open a database per test file.
 * Built once per process; with `cacheDir` it is also kept on disk, keyed by
 * the migration files and the PGlite build, so other processes reuse it.
 */
export function migratedPgliteSnapshot(options: { cacheDir?: string } = {}): Promise<Blob> {
  const key = options.cacheDir ?? '';
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = loadOrBuild(options.cacheDir);
    // A failed build must not poison later calls.
    snapshot.catch(() => snapshots.delete(key));
    snapshots.set(key, snapshot);
  }
  return snapshot;
}

async function loadOrBuild(cacheDir: string | undefined): Promise<Blob> {
  if (!cacheDir) return build();
  const file = join(cacheDir, `vibemonitor-pglite-${await fingerprint()}.tar`);
  try {
    return new Blob([await readFile(file)], { type: TAR });
  } catch {
    const snapshot = await build();
    await mkdir(cacheDir, { recursive: true });
    // Write then rename, so a concurrent reader never sees half an archive.
    const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, file);
    return snapshot;
  }
}

async function build(): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client, schema }));
    const archive = await client.dumpDataDir('none');
    return new Blob([await archive.arrayBuffer()], { type: TAR });
  } finally {
    await client.close();
  }
}

/** Changes whenever a migration or the installed PGlite (its path carries the version) changes. */
async function fingerprint(): Promise<string> {
  const hash = createHash('sha256').update(import.meta.resolve('@electric-sql/pglite'));
  const files = (await readdir(migrationsFolder, { recursive: true })).sort();
  for (const name of files) {
    if (!name.endsWith('.sql') && !name.endsWith('_journal.json')) continue;
    hash.update(name).update(await readFile(join(migrationsFolder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}
