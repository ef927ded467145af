import { updateWorkspace } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { workspaceDetailsSchema, workspaceNameField } from './workspace-schemas.js';

/** Renames a workspace (owners). */
export const updateWorkspaceProcedure = workspaceProcedure('owner')
  .input(z.object({ name: workspaceNameField }))
  .output(workspaceDetailsSchema)
  .mutation(({ ctx, input }) =>
    updateWorkspace({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { name: input.name },
    }),
  );
