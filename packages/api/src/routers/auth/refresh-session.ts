import { rotateSession } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { protectedProcedure } from '../../trpc.js';
import { sessionResultSchema, toAuthUser } from './auth-user.js';
import { setSessionCookie } from './session-cookie-header.js';

/** Swaps the current session token for a new one; the old token stops working at once. */
export const refresh = protectedProcedure.output(sessionResultSchema).mutation(async ({ ctx }) => {
  const rotated = await rotateSession({
    db: ctx.deps.db,
    token: ctx.sessionToken,
    userAgent: ctx.userAgent ?? null,
    ip: ctx.ip ?? null,
  });
  // Null only when a concurrent refresh already rotated this token.
  if (!rotated)
    throw new AppError(
      'UNAUTHORIZED',
      'This session was already refreshed or signed out. Sign in again.',
    );
  setSessionCookie(ctx, rotated.token, rotated.session.expiresAt);
  return {
    token: rotated.token,
    expiresAt: rotated.session.expiresAt,
    user: toAuthUser(rotated.user),
  };
});
