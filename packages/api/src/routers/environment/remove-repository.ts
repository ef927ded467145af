import { removeRepository, repositoryFullNameSchema } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentIdField, environmentSchema } from './environment-schemas.js';

/** Detaches a repository from an environment (owners). */
export const removeRepositoryProcedure = workspaceProcedure('owner')
  .input(z.object({ environmentId: environmentIdField, fullName: repositoryFullNameSchema }))
  .output(environmentSchema)
  .mutation(({ ctx, input }) =>
    removeRepository({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      environmentId: input.environmentId,
      input: { fullName: input.fullName },
    }),
  );
