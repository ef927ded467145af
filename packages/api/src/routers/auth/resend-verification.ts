import { resendVerification as resend } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';

/** Mails a fresh verification link to the signed-in user; earlier links stop working. */
export const resendVerification = protectedProcedure
  .output(z.object({ sent: z.literal(true), email: z.string() }))
  .mutation(async ({ ctx }) => {
    await resend({
      db: ctx.deps.db,
      email: ctx.deps.email,
      rateLimiter: ctx.deps.rateLimiter,
      webAppUrl: ctx.deps.settings.webAppUrl,
      user: ctx.user,
    });
    return { sent: true as const, email: ctx.user.email };
  });
