import { createTeamWorkspace } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { workspaceNameField, workspaceSummarySchema } from './workspace-schemas.js';

/** Creates a team workspace; the caller becomes its owner. */
export const createWorkspaceProcedure = protectedProcedure
  .input(z.object({ name: workspaceNameField }))
  .output(workspaceSummarySchema)
  .mutation(({ ctx, input }) => createTeamWorkspace({ db: ctx.deps.db, actor: ctx.user, input }));
