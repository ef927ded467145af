import { listEnvironments } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentSchema } from './environment-schemas.js';

/** The workspace's environments with their repositories, the default first (any member). */
export const listEnvironmentsProcedure = workspaceProcedure('user')
  .output(z.array(environmentSchema))
  .query(({ ctx, input }) => listEnvironments({ db: ctx.deps.db, workspaceId: input.workspaceId }));
