import { disconnectGithub } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Forgets the workspace's GitHub installation and uninstalls the app when GitHub allows it (owners). */
export const disconnectProcedure = workspaceProcedure('owner')
  .output(z.object({ disconnected: z.boolean(), uninstalled: z.boolean() }))
  .mutation(({ ctx, input }) =>
    disconnectGithub({
      db: ctx.deps.db,
      github: ctx.deps.github,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      logger: ctx.logger,
    }),
  );
