/** AES-256 keys by id; `currentKeyId` encrypts, every key can decrypt. */
export interface EncryptionKeys {
  keys: Record<string, Buffer>;
  currentKeyId: string;
}

/** Key id used when ENCRYPTION_KEY holds a single key without an id. */
export const DEFAULT_KEY_ID = 'k1';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

const FORMAT_HINT =
  'expected one base64-encoded 32-byte key (generate one with `openssl rand -base64 32`) ' +
  'or a comma-separated list like `k2:<base64>,k1:<base64>` whose first entry is the current key';

/** Decodes one base64 (or base64url) 32-byte key, or throws naming the key. */
export function decodeKey(encoded: string, label: string): Buffer {
  const trimmed = encoded.trim();
  if (!BASE64.test(trimmed)) {
    throw new Error(`${label} is not valid base64`);
  }
  const key = Buffer.from(
    trimmed,
    trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64',
  );
  if (key.length !== KEY_BYTES) {
    throw new Error(`${label} decodes to ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`);
  }
  return key;
}

/**
 * Parses the ENCRYPTION_KEY format. A single key gets the id `k1`; a list
 * (`k2:<base64>,k1:<base64>`) keeps retired keys around so rows encrypted
 * before a rotation stay readable, and its first entry encrypts new rows.
 * Throws an Error whose message names ENCRYPTION_KEY and says what is wrong.
 */
export function parseEncryptionKey(value: string): EncryptionKeys {
  const fail = (why: string): never => {
    throw new Error(`ENCRYPTION_KEY is malformed: ${why}; ${FORMAT_HINT}`);
  };
  const trimmed = value.trim();
  if (trimmed.length === 0) fail('it is empty');

  // Base64 never contains ':' so its presence is what tells a list apart.
  if (!trimmed.includes(':')) {
    try {
      return {
        keys: { [DEFAULT_KEY_ID]: decodeKey(trimmed, 'the key') },
        currentKeyId: DEFAULT_KEY_ID,
      };
    } catch (error) {
      return fail((error as Error).message);
    }
  }

  const keys: Record<string, Buffer> = {};
  let currentKeyId: string | undefined;
  for (const [index, entry] of trimmed.split(',').entries()) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    // Name entries by position, never by content: a mistyped entry may be a key.
    if (separator < 0 || !KEY_ID.test(id)) {
      fail(`entry ${index + 1} must look like <id>:<base64> with an id of letters, digits, - or _`);
    }
    if (id in keys) fail(`key id "${id}" appears twice`);
    try {
      keys[id] = decodeKey(entry.slice(separator + 1), `key "${id}"`);
    } catch (error) {
      fail((error as Error).message);
    }
    currentKeyId ??= id;
  }
  return { keys, currentKeyId: currentKeyId ?? fail('no keys found') };
}
