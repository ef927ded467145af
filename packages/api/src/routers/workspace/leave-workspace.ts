import { leaveWorkspace } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from './workspace-schemas.js';

/** Leaves a team workspace (refused for the personal workspace and for its last owner). */
export const leaveWorkspaceProcedure = workspaceProcedure('user')
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await leaveWorkspace({ db: ctx.deps.db, actor: ctx.user, workspaceId: input.workspaceId });
    return { ok: true as const };
  });
