import { verifyEmail as verifyEmailToken } from '@vibemonitor/core';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';
import { authUserSchema, toAuthUser } from './auth-user.js';
import { emailTokenField } from './fields.js';

/** Public: the link may be opened in a browser where the user is not signed in. */
export const verifyEmail = publicProcedure
  .input(z.object({ token: emailTokenField }))
  .output(z.object({ user: authUserSchema }))
  .mutation(async ({ ctx, input }) => {
    const user = await verifyEmailToken({ db: ctx.deps.db, token: input.token });
    return { user: toAuthUser(user) };
  });
