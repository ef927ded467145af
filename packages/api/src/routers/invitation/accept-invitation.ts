import { memberRoleSchema } from '@vibemonitor/contracts';
import { acceptInvitation } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { invitationRefInput, toInvitationRef } from './invitation-schemas.js';

/**
 * Joins the invitation's workspace. The caller's verified email must be the
 * invited one; the invitation is used up.
 */
export const acceptInvitationProcedure = protectedProcedure
  .input(invitationRefInput)
  .output(
    z.object({ workspace: z.object({ id: z.uuid(), name: z.string() }), role: memberRoleSchema }),
  )
  .mutation(({ ctx, input }) =>
    acceptInvitation({ db: ctx.deps.db, recipient: ctx.user, ref: toInvitationRef(input) }),
  );
