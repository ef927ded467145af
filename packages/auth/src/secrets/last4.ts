/**
 * The last 4 characters of a secret, for showing which key is configured
 * ("sk_...abcd") without revealing it. Secrets shorter than 8 characters give
 * nothing away: their last 4 would be half of them.
 */
export function last4(secret: string): string {
  return secret.length >= 8 ? secret.slice(-4) : '';
}
