import { registerUser as registerAccount } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { emailField, nameField, newPasswordField } from './fields.js';
import { assertOriginAllowedIfSent } from './session-cookie-header.js';

export const registerInput = z.object({
  email: emailField,
  password: newPasswordField,
  name: nameField,
});

/** The one answer to every sign-up that passes validation and the limits. */
export const SIGNUP_CHECK_EMAIL =
  'Check your email: we sent a link to finish signing up. If this address already has an account, the email says so and how to sign in.';

export const registerOutput = z.object({
  status: z.literal('check_email'),
  /** The address as normalised (trimmed, lower case): where the email went. */
  email: z.string(),
  message: z.string(),
});

/**
 * Signs up with email and password. The answer is the same whether the
 * address is new or already has an account (same status, same body, no
 * cookie, about the same time), so sign-up is not an oracle for which
 * addresses have accounts: a new address gets a verification link and its
 * account signs in with `auth.login` once the link was opened; a taken one
 * gets an email telling its owner, with a password reset link.
 */
export const register = publicProcedure
  .input(registerInput)
  .output(registerOutput)
  .mutation(async ({ ctx, input }) => {
    assertOriginAllowedIfSent(ctx);
    const { email } = await registerAccount({
      db: ctx.deps.db,
      email: ctx.deps.email,
      rateLimiter: ctx.deps.rateLimiter,
      logger: ctx.logger,
      webAppUrl: ctx.deps.settings.webAppUrl,
      input,
      ip: ctx.ip,
    });
    return { status: 'check_email' as const, email, message: SIGNUP_CHECK_EMAIL };
  });
