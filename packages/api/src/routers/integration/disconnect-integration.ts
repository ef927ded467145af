import { disconnectIntegration } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { integrationIdField } from './integration-schemas.js';

/** Disconnects an integration and deletes its stored credentials (owners). */
export const disconnectIntegrationProcedure = workspaceProcedure('owner')
  .input(z.object({ integrationId: integrationIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await disconnectIntegration({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      integrationId: input.integrationId,
    });
    return { ok: true as const };
  });
