import { removeMember } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { memberUserIdField } from './member-schemas.js';

/** Removes another member (owners). To remove yourself, use `workspace.leave`. */
export const removeMemberProcedure = workspaceProcedure('owner')
  .input(z.object({ userId: memberUserIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await removeMember({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { userId: input.userId },
      ip: ctx.ip,
    });
    return { ok: true as const };
  });
