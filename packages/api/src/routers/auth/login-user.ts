import { loginWithPassword } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { sessionResultSchema, toAuthUser } from './auth-user.js';
import { emailField, passwordField } from './fields.js';
import { assertOriginAllowedIfSent, setSessionCookie } from './session-cookie-header.js';

export const loginInput = z.object({ email: emailField, password: passwordField });

/** Password sign-in: returns the session token and sets the session cookie. */
export const login = publicProcedure
  .input(loginInput)
  .output(sessionResultSchema)
  .mutation(async ({ ctx, input }) => {
    assertOriginAllowedIfSent(ctx);
    const { user, token, session } = await loginWithPassword({
      db: ctx.deps.db,
      rateLimiter: ctx.deps.rateLimiter,
      input,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    setSessionCookie(ctx, token, session.expiresAt);
    return { token, expiresAt: session.expiresAt, user: toAuthUser(user) };
  });
