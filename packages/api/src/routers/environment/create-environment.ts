import { createEnvironment, environmentNameSchema } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentSchema } from './environment-schemas.js';

/** Creates an environment (owners); the first one, or one created with makeDefault, becomes the default. */
export const createEnvironmentProcedure = workspaceProcedure('owner')
  .input(z.object({ name: environmentNameSchema, makeDefault: z.boolean().optional() }))
  .output(environmentSchema)
  .mutation(({ ctx, input }) =>
    createEnvironment({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { name: input.name, makeDefault: input.makeDefault ?? false },
    }),
  );
