import { createWebhookEndpoint } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  webhookDescriptionField,
  webhookEndpointSchema,
  webhookEventsField,
  webhookUrlField,
} from './webhook-schemas.js';

/**
 * Adds an outgoing webhook endpoint (owners). The URL passes the SSRF policy;
 * the signing secret (`whsec_...`, Standard Webhooks) is returned this once.
 */
export const createWebhookEndpointProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      url: webhookUrlField,
      events: webhookEventsField,
      description: webhookDescriptionField.optional(),
    }),
  )
  .output(z.object({ endpoint: webhookEndpointSchema, secret: z.string() }))
  .mutation(({ ctx, input }) =>
    createWebhookEndpoint({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: { allowPrivateUrls: ctx.deps.integrations.allowPrivateUrls },
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: { url: input.url, events: input.events, description: input.description },
    }),
  );
