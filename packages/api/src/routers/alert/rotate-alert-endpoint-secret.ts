import { rotateAlertEndpointSecret } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { alertEndpointIdField, alertEndpointWithSecretSchema, withUrl } from './alert-schemas.js';

/** Replaces an endpoint's secret; the old one stops working at once (owners). */
export const rotateAlertEndpointSecretProcedure = workspaceProcedure('owner')
  .input(z.object({ endpointId: alertEndpointIdField }))
  .output(alertEndpointWithSecretSchema)
  .mutation(async ({ ctx, input }) => {
    const rotated = await rotateAlertEndpointSecret({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
    });
    return {
      endpoint: withUrl(ctx.deps.settings.publicUrl, rotated.endpoint),
      secret: rotated.secret,
    };
  });
