import { listMyInvitations } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { myInvitationSchema } from './invitation-schemas.js';

/**
 * Pending invitations addressed to the caller's email. Empty until that email
 * is verified (`emailVerified` says which case applies).
 */
export const listMyInvitationsProcedure = protectedProcedure
  .output(z.object({ items: z.array(myInvitationSchema), emailVerified: z.boolean() }))
  .query(async ({ ctx }) => ({
    items: await listMyInvitations({ db: ctx.deps.db, actor: ctx.user }),
    emailVerified: ctx.user.emailVerifiedAt !== null,
  }));
