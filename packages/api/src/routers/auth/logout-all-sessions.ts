import { revokeAllSessions } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { clearSessionCookie } from './session-cookie-header.js';

/** Signs the user out on every device, this one included. */
export const logoutAll = protectedProcedure
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx }) => {
    const sessionsEnded = await revokeAllSessions({
      db: ctx.deps.db,
      userId: ctx.user.id,
      ip: ctx.ip,
    });
    clearSessionCookie(ctx);
    return { sessionsEnded };
  });
