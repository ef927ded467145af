import { updateWebhookEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  webhookDescriptionField,
  webhookEndpointIdField,
  webhookEndpointSchema,
  webhookEventsField,
  webhookUrlField,
} from './webhook-schemas.js';

/** Changes an endpoint's URL, events or description, or switches it on/off (owners). */
export const updateWebhookEndpointProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      endpointId: webhookEndpointIdField,
      url: webhookUrlField.optional(),
      events: webhookEventsField.optional(),
      description: webhookDescriptionField.nullable().optional(),
      enabled: z.boolean().optional(),
    }),
  )
  .output(webhookEndpointSchema)
  .mutation(({ ctx, input }) =>
    updateWebhookEndpoint({
      db: ctx.deps.db,
      settings: { allowPrivateUrls: ctx.deps.integrations.allowPrivateUrls },
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
      input: {
        url: input.url,
        events: input.events,
        description: input.description,
        enabled: input.enabled,
      },
    }),
  );
