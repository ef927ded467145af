const DAY_MS = 24 * 60 * 60 * 1000;

/** A session lives 30 days from its last refresh. */
export const SESSION_TTL_MS = 30 * DAY_MS;
/** Refresh (slide) the expiry once less than this remains, so active users stay signed in. */
export const SESSION_REFRESH_THRESHOLD_MS = 15 * DAY_MS;
/**
 * `last_used_at` is only bumped when it is older than this: it is informative
 * (the "active sessions" list) and not worth a write on every request.
 */
export const SESSION_LAST_USED_RESOLUTION_MS = 5 * 60 * 1000;

export type SessionExpiryDecision = 'expired' | 'refresh' | 'touch' | 'keep';

/** What validation should do with a session at `now`: pure, so the thresholds are testable without a database. */
export function sessionExpiryDecision(
  session: { expiresAt: Date; lastUsedAt: Date },
  now: Date,
): SessionExpiryDecision {
  const remaining = session.expiresAt.getTime() - now.getTime();
  if (remaining <= 0) return 'expired';
  if (remaining < SESSION_REFRESH_THRESHOLD_MS) return 'refresh';
  if (now.getTime() - session.lastUsedAt.getTime() >= SESSION_LAST_USED_RESOLUTION_MS)
    return 'touch';
  return 'keep';
}

export function sessionExpiresAt(now: Date): Date {
  return new Date(now.getTime() + SESSION_TTL_MS);
}
