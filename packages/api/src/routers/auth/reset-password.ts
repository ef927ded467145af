import { resetPassword as resetWithToken } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { emailTokenField, newPasswordField } from './fields.js';
import { clearSessionCookie } from './session-cookie-header.js';

/**
 * Sets a new password from an emailed link and ends every session of that
 * user, this browser's included: they sign in again with the new password.
 */
export const resetPassword = publicProcedure
  .input(z.object({ token: emailTokenField, password: newPasswordField }))
  .output(z.object({ sessionsEnded: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const { sessionsEnded } = await resetWithToken({
      db: ctx.deps.db,
      rateLimiter: ctx.deps.rateLimiter,
      input,
      ip: ctx.ip,
    });
    clearSessionCookie(ctx);
    return { sessionsEnded };
  });
