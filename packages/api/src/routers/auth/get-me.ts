import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { authUserSchema, toAuthUser } from './auth-user.js';

/** The signed-in user and when this session expires. */
export const me = protectedProcedure
  .output(z.object({ user: authUserSchema, sessionExpiresAt: z.date() }))
  .query(({ ctx }) => ({ user: toAuthUser(ctx.user), sessionExpiresAt: ctx.session.expiresAt }));
