import { updateAccount } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { nameField } from '../auth/fields.js';
import { accountSchema } from './account-schemas.js';

/** Only http(s) avatars: the URL ends up in `<img src>`, where `javascript:` or `data:` have no business. */
const avatarUrlField = text()
  .max(2048, 'Avatar URLs are at most 2048 characters.')
  .pipe(z.url({ protocol: /^https?$/, message: 'The avatar must be an http(s) URL.' }))
  .nullable();

/** Changes the caller's name and/or avatar; omitted fields stay, `avatarUrl: null` removes the avatar. */
export const updateAccountProcedure = protectedProcedure
  .input(z.object({ name: nameField.optional(), avatarUrl: avatarUrlField.optional() }))
  .output(accountSchema)
  .mutation(async ({ ctx, input }) => {
    const account = await updateAccount({ db: ctx.deps.db, userId: ctx.user.id, input });
    return { ...account, emailVerified: account.emailVerifiedAt !== null };
  });
