import { invalidateAllUserSessions } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { recordSecurityEvent } from '../security/record-security-event.js';

/**
 * Signs a user out on every device (auth.logoutAll) and logs it as
 * `sessions_revoked`, in one transaction.
 * @returns how many sessions ended.
 */
export async function revokeAllSessions({
  db,
  userId,
  ip,
}: {
  db: Database;
  userId: string;
  ip: string | undefined;
}): Promise<number> {
  return db.transaction(async (tx) => {
    const sessionsEnded = await invalidateAllUserSessions({ db: tx, userId });
    await recordSecurityEvent({
      db: tx,
      kind: 'sessions_revoked',
      userId,
      ip,
      detail: { reason: 'logout_all', sessionsEnded },
    });
    return sessionsEnded;
  });
}
