import { addRepository, branchNameSchema, repositoryFullNameSchema } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentIdField, environmentSchema } from './environment-schemas.js';

/** Attaches a GitHub repository (owner/name) and branch to an environment (owners); repeating it changes the branch. */
export const addRepositoryProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      environmentId: environmentIdField,
      fullName: repositoryFullNameSchema,
      branch: branchNameSchema.default('main'),
    }),
  )
  .output(environmentSchema)
  .mutation(({ ctx, input }) =>
    addRepository({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      environmentId: input.environmentId,
      input: { fullName: input.fullName, branch: input.branch },
    }),
  );
