import { invalidateAllUserSessions } from '@vibemonitor/auth';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { clearSessionCookie } from './session-cookie-header.js';

/** Signs the user out on every device, this one included. */
export const logoutAll = protectedProcedure
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx }) => {
    const sessionsEnded = await invalidateAllUserSessions({ db: ctx.deps.db, userId: ctx.user.id });
    clearSessionCookie(ctx);
    return { sessionsEnded };
  });
