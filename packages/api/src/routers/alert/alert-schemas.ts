import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const alertEndpointIdField = z.uuid({ message: 'endpointId must be a UUID' });

export const alertEndpointNameField = text({ message: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Names are at most 100 characters.');

/** An alert endpoint as owners see it (the secret only as its last 4 characters). */
export const alertEndpointSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  environmentId: z.uuid().nullable(),
  /** The full URL to configure in Alertmanager / Grafana. */
  url: z.string(),
  secretLast4: z.string(),
  secretRotatedAt: z.date().nullable(),
  lastReceivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const alertEndpointWithSecretSchema = z.object({
  endpoint: alertEndpointSchema,
  /** Shown once: configure it as the bearer token (or HMAC key) of the sender. */
  secret: z.string(),
});

export const alertGroupSchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  format: z.string(),
  status: z.enum(['firing', 'resolved']),
  title: z.string(),
  service: z.string().nullable(),
  environment: z.string().nullable(),
  startsAt: z.date(),
  resolvedAt: z.date().nullable(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  receivedCount: z.number().int(),
  investigationCount: z.number().int(),
  sessionId: z.uuid().nullable(),
  turnId: z.uuid().nullable(),
  skippedReason: z.string().nullable(),
});

/** Adds the absolute URL to an endpoint view. */
export function withUrl<T extends { path: string }>(
  publicUrl: string,
  view: T,
): Omit<T, 'path'> & { url: string } {
  const { path, ...rest } = view;
  return { ...rest, url: `${publicUrl.replace(/\/+$/, '')}${path}` };
}
