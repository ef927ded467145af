import { createAlertEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { alertEndpointNameField, alertEndpointWithSecretSchema, withUrl } from './alert-schemas.js';

/**
 * Creates an alert endpoint (owners). The secret is in the answer this once:
 * send it as `Authorization: Bearer <secret>` or use it as the HMAC key.
 */
export const createAlertEndpointProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      name: alertEndpointNameField,
      environmentId: z.uuid({ message: 'environmentId must be a UUID' }).optional(),
    }),
  )
  .output(alertEndpointWithSecretSchema)
  .mutation(async ({ ctx, input }) => {
    const created = await createAlertEndpoint({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { name: input.name, environmentId: input.environmentId },
    });
    return {
      endpoint: withUrl(ctx.deps.settings.publicUrl, created.endpoint),
      secret: created.secret,
    };
  });
