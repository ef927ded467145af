import { getWorkspace } from '@vibemonitor/core';
import { workspaceProcedure } from '../../trpc.js';
import { workspaceDetailsSchema } from './workspace-schemas.js';

/** One workspace with its plan and member count (any member). */
export const getWorkspaceProcedure = workspaceProcedure('user')
  .output(workspaceDetailsSchema)
  .query(({ ctx, input }) =>
    getWorkspace({ db: ctx.deps.db, workspaceId: input.workspaceId, userId: ctx.user.id }),
  );
