import { requestPasswordReset } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { emailField } from './fields.js';

const answer = 'If an account exists for this address, we sent it a link to reset the password.';

/**
 * Always the same answer, in the same time: the email goes out from the
 * worker, so the form does not reveal which addresses have accounts.
 */
export const forgotPassword = publicProcedure
  .input(z.object({ email: emailField }))
  .output(z.object({ message: z.string() }))
  .mutation(async ({ ctx, input }) => {
    await requestPasswordReset({
      queue: ctx.deps.queue,
      rateLimiter: ctx.deps.rateLimiter,
      webAppUrl: ctx.deps.settings.webAppUrl,
      input,
      ip: ctx.ip,
    });
    return { message: answer };
  });
