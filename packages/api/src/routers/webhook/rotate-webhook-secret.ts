import { rotateWebhookSecret } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { webhookEndpointIdField } from './webhook-schemas.js';

/** Replaces an endpoint's signing secret, returned this once (owners). */
export const rotateWebhookSecretProcedure = workspaceProcedure('owner')
  .input(z.object({ endpointId: webhookEndpointIdField }))
  .output(z.object({ secret: z.string() }))
  .mutation(({ ctx, input }) =>
    rotateWebhookSecret({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
    }),
  );
