import { revokeInvitation } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { invitationIdField } from './invitation-schemas.js';

/** Revokes an open invitation so its link stops working (owners). */
export const revokeInvitationProcedure = workspaceProcedure('owner')
  .input(z.object({ invitationId: invitationIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await revokeInvitation({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      invitationId: input.invitationId,
    });
    return { ok: true as const };
  });
