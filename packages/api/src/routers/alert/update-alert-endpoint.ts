import { updateAlertEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  alertEndpointIdField,
  alertEndpointNameField,
  alertEndpointSchema,
  withUrl,
} from './alert-schemas.js';

/** Renames an endpoint, switches it on/off, or sets its fallback environment (owners). */
export const updateAlertEndpointProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      endpointId: alertEndpointIdField,
      name: alertEndpointNameField.optional(),
      enabled: z.boolean().optional(),
      environmentId: z.uuid({ message: 'environmentId must be a UUID' }).nullable().optional(),
    }),
  )
  .output(alertEndpointSchema)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await updateAlertEndpoint({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
      input: { name: input.name, enabled: input.enabled, environmentId: input.environmentId },
    });
    return withUrl(ctx.deps.settings.publicUrl, endpoint);
  });
