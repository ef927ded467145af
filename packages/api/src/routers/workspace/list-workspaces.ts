import { listWorkspaces } from '@vibemonitor/core';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { workspaceSummarySchema } from './workspace-schemas.js';

/** The caller's workspaces with their role in each, the personal one first. */
export const listWorkspacesProcedure = protectedProcedure
  .output(z.array(workspaceSummarySchema))
  .query(({ ctx }) => listWorkspaces({ db: ctx.deps.db, userId: ctx.user.id }));
