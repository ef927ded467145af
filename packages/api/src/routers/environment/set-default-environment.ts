import { setDefaultEnvironment } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentIdField, environmentSchema } from './environment-schemas.js';

/** Makes an environment the workspace's default (owners); the previous default stops being one. */
export const setDefaultEnvironmentProcedure = workspaceProcedure('owner')
  .input(z.object({ environmentId: environmentIdField }))
  .output(environmentSchema)
  .mutation(({ ctx, input }) =>
    setDefaultEnvironment({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      environmentId: input.environmentId,
    }),
  );
