import { deleteAlertEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { alertEndpointIdField } from './alert-schemas.js';

/** Deletes an alert endpoint and its alert groups; started investigations stay (owners). */
export const deleteAlertEndpointProcedure = workspaceProcedure('owner')
  .input(z.object({ endpointId: alertEndpointIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteAlertEndpoint({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
    });
    return { ok: true as const };
  });
