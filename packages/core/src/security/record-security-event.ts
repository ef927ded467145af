import { securityEvents, type Database } from '@vibemonitor/db';

/**
 * Sign-in and account-recovery events. A closed list, so an audit query or an
 * alert rule can name every kind that exists.
 */
export const authSecurityEventKinds = [
  'login_failed',
  'login_rate_limited',
  'password_reset_requested',
  'password_reset_completed',
  'sessions_revoked',
  'oauth_account_linked',
  'signup_existing_email',
] as const;
export type AuthSecurityEventKind = (typeof authSecurityEventKinds)[number];

/**
 * Appends one row to `security_events`. Pass `tx` when the event belongs to a
 * transaction (a completed reset is only logged if the new password commits).
 * `detail` is for facts an investigator needs (normalised email, limit name,
 * reason, counts): never passwords, tokens or other secrets.
 */
export async function recordSecurityEvent({
  db,
  kind,
  userId,
  workspaceId,
  ip,
  detail = {},
}: {
  db: Database;
  kind: AuthSecurityEventKind;
  userId?: string | null | undefined;
  workspaceId?: string | null | undefined;
  ip: string | null | undefined;
  detail?: Record<string, unknown>;
}): Promise<void> {
  await db.insert(securityEvents).values({
    kind,
    userId: userId ?? null,
    workspaceId: workspaceId ?? null,
    ip: ip ?? null,
    detail,
  });
}
