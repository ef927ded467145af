import { registerUser as registerAccount } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { sessionResultSchema, toAuthUser } from './auth-user.js';
import { emailField, nameField, newPasswordField } from './fields.js';
import { assertOriginAllowedIfSent, setSessionCookie } from './session-cookie-header.js';

export const registerInput = z.object({
  email: emailField,
  password: newPasswordField,
  name: nameField,
});

/**
 * Creates the account and its personal workspace, mails a verification link
 * and signs the new user in: it answers like `auth.login` (token + cookie), so
 * the web app needs no second round trip and `auth.resendVerification`, which
 * needs a session, works right away. The email stays unverified until the link is used.
 */
export const register = publicProcedure
  .input(registerInput)
  .output(sessionResultSchema)
  .mutation(async ({ ctx, input }) => {
    assertOriginAllowedIfSent(ctx);
    const { user, token, session } = await registerAccount({
      db: ctx.deps.db,
      email: ctx.deps.email,
      rateLimiter: ctx.deps.rateLimiter,
      logger: ctx.logger,
      webAppUrl: ctx.deps.settings.webAppUrl,
      input,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    setSessionCookie(ctx, token, session.expiresAt);
    return { token, expiresAt: session.expiresAt, user: toAuthUser(user) };
  });
