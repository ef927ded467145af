import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEncryptionKeys } from './resolve-encryption-keys.js';

function recordingLogger() {
  const warnings: { obj: object; msg: string }[] = [];
  return { warnings, warn: (obj: object, msg: string) => warnings.push({ obj, msg }) };
}

describe('resolveEncryptionKeys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vm-auth-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses ENCRYPTION_KEY when set, without touching the data dir or warning', async () => {
    const key = randomBytes(32);
    const logger = recordingLogger();
    const resolved = await resolveEncryptionKeys({
      encryptionKey: key.toString('base64'),
      dataDir: dir,
      logger,
    });
    expect(resolved.source).toBe('env');
    expect(resolved.keys.k1?.equals(key)).toBe(true);
    expect(logger.warnings).toEqual([]);
    await expect(stat(join(dir, 'encryption.key'))).rejects.toThrow(/ENOENT/);
  });

  it('generates a key once in embedded mode, keeps it at mode 0600 and warns', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const logger = recordingLogger();
    const first = await resolveEncryptionKeys({ dataDir, logger });
    const second = await resolveEncryptionKeys({ encryptionKey: '', dataDir, logger });

    expect(first.source).toBe('file');
    expect(first.keys.k1?.length).toBe(32);
    expect(second.keys.k1?.equals(first.keys.k1!)).toBe(true);
    const path = join(dataDir, 'encryption.key');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(
      Buffer.from((await readFile(path, 'utf8')).trim(), 'base64').equals(first.keys.k1!),
    ).toBe(true);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]?.msg).toMatch(/Production must set ENCRYPTION_KEY/);
    expect(logger.warnings[0]?.obj).toEqual({ path });
  });

  it('agrees on one key when several processes start at once', async () => {
    const logger = recordingLogger();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => resolveEncryptionKeys({ dataDir: dir, logger })),
    );
    for (const result of results) expect(result.keys.k1?.equals(results[0]!.keys.k1!)).toBe(true);
  });

  it('refuses a corrupted key file instead of silently replacing it', async () => {
    const path = join(dir, 'encryption.key');
    await writeFile(path, 'garbage');
    await expect(
      resolveEncryptionKeys({ dataDir: dir, logger: recordingLogger() }),
    ).rejects.toThrow(
      /encryption\.key decodes to 5 bytes; AES-256 needs exactly 32\. Restore it from a backup or set ENCRYPTION_KEY/,
    );
    await writeFile(path, '%%%');
    await expect(
      resolveEncryptionKeys({ dataDir: dir, logger: recordingLogger() }),
    ).rejects.toThrow(/encryption\.key is not valid base64/);
    expect(await readFile(path, 'utf8')).toBe('%%%');
  });
});
