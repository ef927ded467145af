import { hash, parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordNeedsRehash, verifyPassword } from './hash-password.js';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id at the agreed parameters and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(parseOptions(stored).saltLen).toBeGreaterThanOrEqual(16);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(
      await hashPassword('same password here'),
    );
  });

  it('answers false for missing or malformed hashes instead of throwing', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword(undefined, 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-phc-string', 'anything at all')).toBe(false);
  });

  it('flags hashes made with other parameters for rehash', async () => {
    expect(passwordNeedsRehash(await hashPassword('a fine password'))).toBe(false);
    const weaker = await hash('a fine password', { memoryCost: 4096, timeCost: 3, parallelism: 1 });
    expect(passwordNeedsRehash(weaker)).toBe(true);
    expect(await verifyPassword(weaker, 'a fine password')).toBe(true);
    expect(passwordNeedsRehash('garbage')).toBe(true);
  });
});
