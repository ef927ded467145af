import { environmentNameSchema, updateEnvironment } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentIdField, environmentSchema } from './environment-schemas.js';

/** Renames an environment (owners). */
export const updateEnvironmentProcedure = workspaceProcedure('owner')
  .input(z.object({ environmentId: environmentIdField, name: environmentNameSchema }))
  .output(environmentSchema)
  .mutation(({ ctx, input }) =>
    updateEnvironment({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      environmentId: input.environmentId,
      input: { name: input.name },
    }),
  );
