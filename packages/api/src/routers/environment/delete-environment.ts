import { deleteEnvironment } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { environmentIdField } from './environment-schemas.js';

/** Deletes an environment and its repository list (owners); deleting the default promotes the oldest remaining one. */
export const deleteEnvironmentProcedure = workspaceProcedure('owner')
  .input(z.object({ environmentId: environmentIdField }))
  .output(z.object({ ok: z.literal(true), defaultEnvironmentId: z.uuid().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const { defaultEnvironmentId } = await deleteEnvironment({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      environmentId: input.environmentId,
    });
    return { ok: true as const, defaultEnvironmentId };
  });
