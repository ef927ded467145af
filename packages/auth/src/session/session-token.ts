import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

const ID_BYTES = 15;
const SECRET_BYTES = 20;
// Base32 without padding: 8 characters per 5 bytes.
const ID_LENGTH = (ID_BYTES * 8) / 5;
const SECRET_LENGTH = (SECRET_BYTES * 8) / 5;
const TOKEN = new RegExp(`^([a-z2-7]{${ID_LENGTH}})\\.([a-z2-7]{${SECRET_LENGTH}})$`);

function randomBase32(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/**
 * A new session token `<id>.<secret>` (Lucia's design): the id (120 bits) is
 * the database key and may appear in logs; the secret (160 bits) is only ever
 * stored as a SHA-256 hash and checked in constant time, so neither a leaked
 * database nor a timing side channel on the lookup yields a usable token.
 */
export function generateSessionToken(): string {
  return `${randomBase32(ID_BYTES)}.${randomBase32(SECRET_BYTES)}`;
}

/** Splits a token into id and secret, or null when it is not shaped like one of ours. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}
