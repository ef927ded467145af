/**
 * The one spelling of an address we store and compare: trimmed and
 * lowercased (users.email has a CHECK that it is lowercase). Local parts are
 * case-sensitive in theory, never in practice, and treating them so would let
 * `Ada@x.com` and `ada@x.com` become two accounts.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
