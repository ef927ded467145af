import { deleteWebhookEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema } from '../workspace/workspace-schemas.js';
import { webhookEndpointIdField } from './webhook-schemas.js';

/** Deletes a webhook endpoint and its delivery log (owners). */
export const deleteWebhookEndpointProcedure = workspaceProcedure('owner')
  .input(z.object({ endpointId: webhookEndpointIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteWebhookEndpoint({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
    });
    return { ok: true as const };
  });
