import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('createSecretBox', () => {
  it('round-trips text, including unicode and the empty string', () => {
    const box = createSecretBox({ keys: { k1 }, currentKeyId: 'k1' });
    for (const plaintext of ['xoxb-slack-bot-token', 'pässwörd 🔐', '']) {
      const ciphertext = box.encryptSecret(plaintext);
      expect(ciphertext).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
      expect(ciphertext).not.toContain(plaintext || 'never');
      expect(box.decryptSecret(ciphertext)).toBe(plaintext);
    }
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox({ keys: { k1 }, currentKeyId: 'k1' });
    expect(box.encryptSecret('same')).not.toBe(box.encryptSecret('same'));
  });

  it('rotates: the new current key encrypts, the old key still decrypts', () => {
    const before = createSecretBox({ keys: { k1 }, currentKeyId: 'k1' });
    const oldCiphertext = before.encryptSecret('old secret');

    const after = createSecretBox({ keys: { k2, k1 }, currentKeyId: 'k2' });
    expect(after.decryptSecret(oldCiphertext)).toBe('old secret');
    const newCiphertext = after.encryptSecret('new secret');
    expect(newCiphertext.startsWith('v1:k2:')).toBe(true);
    expect(after.decryptSecret(newCiphertext)).toBe('new secret');
    expect(() => before.decryptSecret(newCiphertext)).toThrow(
      /key "k2", which is not configured in ENCRYPTION_KEY/,
    );
  });

  it('detects tampering with the data, the IV or the key id', () => {
    const box = createSecretBox({ keys: { k1, k2 }, currentKeyId: 'k1' });
    const [version, keyId, iv, body] = box.encryptSecret('api-key-123456').split(':') as [
      string,
      string,
      string,
      string,
    ];

    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 0x01;
    expect(() =>
      box.decryptSecret([version, keyId, iv, flipped.toString('base64url')].join(':')),
    ).toThrow(/authentication failed/);

    const otherIv = randomBytes(12).toString('base64url');
    expect(() => box.decryptSecret([version, keyId, otherIv, body].join(':'))).toThrow(
      /authentication failed/,
    );

    expect(() => box.decryptSecret([version, 'k2', iv, body].join(':'))).toThrow(
      /authentication failed/,
    );
    expect(() => box.decryptSecret([version, keyId, iv, body.slice(0, 10)].join(':'))).toThrow(
      /truncated|authentication/,
    );
  });

  it('rejects unknown key ids and malformed input with clear messages', () => {
    const box = createSecretBox({ keys: { k1 }, currentKeyId: 'k1' });
    const ciphertext = box.encryptSecret('x').replace('v1:k1:', 'v1:k9:');
    expect(() => box.decryptSecret(ciphertext)).toThrow(
      'encrypted with key "k9", which is not configured',
    );
    expect(() => box.decryptSecret('plain-text-secret')).toThrow(
      /not in the v1:<keyId>:<iv>:<data> format/,
    );
    expect(() => box.decryptSecret('v2:k1:aaaa:bbbb')).toThrow(/format/);
  });

  it('refuses a configuration whose current key is missing or has the wrong size', () => {
    expect(() => createSecretBox({ keys: { k1 }, currentKeyId: 'k2' })).toThrow(
      /"k2" is not among/,
    );
    expect(() => createSecretBox({ keys: { k1: randomBytes(16) }, currentKeyId: 'k1' })).toThrow(
      /32 bytes/,
    );
  });
});
