import { listWebhookEndpoints } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { webhookEndpointSchema } from './webhook-schemas.js';

/** The workspace's outgoing webhook endpoints (owners; secrets never returned). */
export const listWebhookEndpointsProcedure = workspaceProcedure('owner')
  .output(z.object({ endpoints: z.array(webhookEndpointSchema) }))
  .query(async ({ ctx, input }) => ({
    endpoints: await listWebhookEndpoints({ db: ctx.deps.db, workspaceId: input.workspaceId }),
  }));
