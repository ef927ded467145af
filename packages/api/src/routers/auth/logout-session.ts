import { invalidateSession } from '@vibemonitor/auth';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { clearSessionCookie } from './session-cookie-header.js';

/** Signs this session out (other devices stay signed in) and clears the cookie. */
export const logout = protectedProcedure
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx }) => {
    await invalidateSession({ db: ctx.deps.db, sessionId: ctx.session.id });
    clearSessionCookie(ctx);
    return { ok: true as const };
  });
