import { declineInvitation } from '@vibemonitor/core';
import { protectedProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { invitationRefInput, toInvitationRef } from './invitation-schemas.js';

/** Declines an invitation addressed to the caller's verified email; its link stops working. */
export const declineInvitationProcedure = protectedProcedure
  .input(invitationRefInput)
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await declineInvitation({ db: ctx.deps.db, recipient: ctx.user, ref: toInvitationRef(input) });
    return { ok: true as const };
  });
