import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const webhookEndpointIdField = z.uuid({ message: 'endpointId must be a UUID' });
export const webhookEventTypeSchema = z.enum([
  'investigation.completed',
  'investigation.failed',
  'integration.health_changed',
]);
export const webhookEventsField = z
  .array(webhookEventTypeSchema)
  .min(1, 'Choose at least one event.')
  .max(10);
export const webhookUrlField = text({ message: 'Enter the URL.' })
  .trim()
  .min(1, 'Enter the URL.')
  .max(2000, 'URLs are at most 2000 characters.');
export const webhookDescriptionField = text()
  .trim()
  .max(200, 'Descriptions are at most 200 characters.');

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  eventType: webhookEventTypeSchema,
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.number().int(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  payload: z.string(),
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      manual: z.boolean(),
      responseStatus: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      createdAt: z.date(),
    }),
  ),
});
