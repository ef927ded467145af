import { deleteWorkspace } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from './workspace-schemas.js';

/** Deletes a team workspace and everything in it (owners; never the personal workspace). */
export const deleteWorkspaceProcedure = workspaceProcedure('owner')
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteWorkspace({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      ip: ctx.ip,
    });
    return { ok: true as const };
  });
