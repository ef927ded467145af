import { redeliverWebhook } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/** Sends a delivery again now (same webhook-id and body, fresh signature) (owners). */
export const redeliverWebhookProcedure = workspaceProcedure('owner')
  .input(z.object({ deliveryId: z.uuid({ message: 'deliveryId must be a UUID' }) }))
  .output(z.object({ attempt: z.number().int() }))
  .mutation(({ ctx, input }) =>
    redeliverWebhook({
      db: ctx.deps.db,
      queue: ctx.deps.queue,
      workspaceId: input.workspaceId,
      deliveryId: input.deliveryId,
    }),
  );
