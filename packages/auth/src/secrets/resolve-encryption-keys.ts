import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthLogger } from '../logger.js';
import {
  DEFAULT_KEY_ID,
  decodeKey,
  parseEncryptionKey,
  type EncryptionKeys,
} from './encryption-keys.js';

export interface ResolvedEncryptionKeys extends EncryptionKeys {
  /** Where the keys came from: the ENCRYPTION_KEY variable or the generated key file. */
  source: 'env' | 'file';
}

export const ENCRYPTION_KEY_FILE = 'encryption.key';

/**
 * Returns the keys from ENCRYPTION_KEY when set. Otherwise (embedded mode) it
 * generates one key on first start and keeps it in `${dataDir}/encryption.key`
 * (mode 0600) so secrets stay readable across restarts, and warns: that file
 * lives next to the data it protects, which is fine on a laptop and not in production.
 */
export async function resolveEncryptionKeys({
  encryptionKey,
  dataDir,
  logger,
}: {
  encryptionKey?: string | undefined;
  dataDir: string;
  logger: AuthLogger;
}): Promise<ResolvedEncryptionKeys> {
  if (encryptionKey !== undefined && encryptionKey.trim().length > 0) {
    return { ...parseEncryptionKey(encryptionKey), source: 'env' };
  }

  const path = join(dataDir, ENCRYPTION_KEY_FILE);
  const key = (await readKeyFile(path)) ?? (await createKeyFile(dataDir, path));
  logger.warn(
    { path },
    'ENCRYPTION_KEY is not set: using a generated key stored in the data directory. ' +
      'Production must set ENCRYPTION_KEY; if this file is lost, stored secrets cannot be decrypted.',
  );
  return { keys: { [DEFAULT_KEY_ID]: key }, currentKeyId: DEFAULT_KEY_ID, source: 'file' };
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return decodeKey(content, `The key file ${path}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}. Restore it from a backup or set ENCRYPTION_KEY.`);
  }
}

async function createKeyFile(dataDir: string, path: string): Promise<Buffer> {
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  // Write a temp file and hard-link it into place: link() fails if the key
  // file already exists, so two processes starting together cannot overwrite
  // each other's key, and nobody ever reads a half-written file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readKeyFile(path);
    if (!existing) throw error;
    return existing;
  } finally {
    await unlink(temp);
  }
}
