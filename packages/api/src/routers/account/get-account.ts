import { getAccount } from '@vibemonitor/core';
import { protectedProcedure } from '../../trpc.js';
import { accountSchema } from './account-schemas.js';

/** The caller's account and how they can sign in. */
export const getAccountProcedure = protectedProcedure
  .output(accountSchema)
  .query(async ({ ctx }) => {
    const account = await getAccount({ db: ctx.deps.db, userId: ctx.user.id });
    return { ...account, emailVerified: account.emailVerifiedAt !== null };
  });
