import { listWebhookDeliveries } from '@vibemonitor/core';
import { storableDate } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { webhookDeliverySchema, webhookEndpointIdField } from './webhook-schemas.js';

const cursorSchema = z.object({ createdAt: storableDate(), id: z.uuid() });

/** An endpoint's delivery log, newest first, with each attempt's response code (owners). */
export const listWebhookDeliveriesProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      endpointId: webhookEndpointIdField,
      limit: z.number().int().min(1).max(100).default(25),
      cursor: cursorSchema.optional(),
    }),
  )
  .output(z.object({ items: z.array(webhookDeliverySchema), nextCursor: cursorSchema.nullable() }))
  .query(({ ctx, input }) =>
    listWebhookDeliveries({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
