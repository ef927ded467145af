import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey } from './encryption-keys.js';

describe('parseEncryptionKey', () => {
  it('reads a single base64 key as k1', () => {
    const key = randomBytes(32);
    const parsed = parseEncryptionKey(key.toString('base64'));
    expect(parsed.currentKeyId).toBe('k1');
    expect(parsed.keys.k1?.equals(key)).toBe(true);
  });

  it('accepts base64url too', () => {
    const key = Buffer.alloc(32, 0xfb);
    expect(parseEncryptionKey(key.toString('base64url')).keys.k1?.equals(key)).toBe(true);
  });

  it('reads a list whose first entry is the current key', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const parsed = parseEncryptionKey(` k2:${a.toString('base64')}, k1:${b.toString('base64')} `);
    expect(parsed.currentKeyId).toBe('k2');
    expect(parsed.keys.k2?.equals(a)).toBe(true);
    expect(parsed.keys.k1?.equals(b)).toBe(true);
  });

  it('explains what is wrong, naming ENCRYPTION_KEY but never echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseEncryptionKey(short)).toThrow(
      /ENCRYPTION_KEY is malformed: the key decodes to 16 bytes/,
    );
    expect(() => parseEncryptionKey('not base64!!')).toThrow(
      /ENCRYPTION_KEY is malformed: the key is not valid base64/,
    );
    expect(() => parseEncryptionKey('')).toThrow(/ENCRYPTION_KEY is malformed: it is empty/);
    const good = randomBytes(32).toString('base64');
    expect(() => parseEncryptionKey(`k1:${good},k1:${good}`)).toThrow(/"k1" appears twice/);
    const secretLooking = randomBytes(32).toString('base64');
    try {
      parseEncryptionKey(`k2:${good},${secretLooking}`);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/entry 2 must look like <id>:<base64>/);
      expect((error as Error).message).not.toContain(secretLooking.slice(0, 8));
    }
  });
});
