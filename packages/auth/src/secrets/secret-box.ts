import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@vibemonitor/contracts';
import type { EncryptionKeys } from './encryption-keys.js';

export interface SecretBox {
  /** Encrypts with the current key: `v1:<keyId>:<base64url iv>:<base64url ciphertext+tag>`. */
  encryptSecret(plaintext: string): string;
  /** Decrypts with whichever configured key the ciphertext names. */
  decryptSecret(ciphertext: string): string;
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * AES-256-GCM for secrets at rest (OAuth tokens, integration API keys).
 * The key id travels with each ciphertext so keys can rotate: add the new key
 * first in ENCRYPTION_KEY, keep the old one until every row is re-encrypted.
 */
export function createSecretBox({ keys, currentKeyId }: EncryptionKeys): SecretBox {
  for (const [id, key] of Object.entries(keys)) {
    if (key.length !== 32) {
      throw new AppError('INTERNAL', `Encryption key "${id}" must be 32 bytes, got ${key.length}`);
    }
  }
  const currentKey = keys[currentKeyId];
  if (!currentKey) {
    throw new AppError(
      'INTERNAL',
      `The current encryption key "${currentKeyId}" is not among the configured keys`,
    );
  }

  return {
    encryptSecret(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, currentKey, iv, { authTagLength: TAG_BYTES });
      // The header is authenticated too, so a ciphertext cannot be relabelled with another key id.
      cipher.setAAD(Buffer.from(`${VERSION}:${currentKeyId}`));
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${VERSION}:${currentKeyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },

    decryptSecret(ciphertext) {
      const parts = ciphertext.split(':');
      const [version, keyId, ivText, bodyText] = parts;
      if (
        parts.length !== 4 ||
        version !== VERSION ||
        !keyId ||
        !ivText ||
        !bodyText ||
        !BASE64URL.test(ivText) ||
        !BASE64URL.test(bodyText)
      ) {
        throw new AppError(
          'INTERNAL',
          'Cannot decrypt secret: it is not in the v1:<keyId>:<iv>:<data> format',
        );
      }
      const key = keys[keyId];
      if (!key) {
        throw new AppError(
          'INTERNAL',
          `Cannot decrypt secret: it was encrypted with key "${keyId}", which is not configured in ENCRYPTION_KEY`,
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
        throw new AppError('INTERNAL', 'Cannot decrypt secret: it is truncated or corrupted');
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plaintext = Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plaintext.toString('utf8');
      } catch {
        throw new AppError(
          'INTERNAL',
          `Cannot decrypt secret: authentication failed (the data was altered or key "${keyId}" is not the key it was encrypted with)`,
        );
      }
    },
  };
}
