import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Lowercase hex SHA-256 of a random token. What we store instead of the token
 * itself (email links, session secrets, invitations), so a database leak hands
 * out no usable links. A fast hash is enough: the tokens carry 128+ bits of
 * randomness, so there is nothing to brute-force.
 */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
