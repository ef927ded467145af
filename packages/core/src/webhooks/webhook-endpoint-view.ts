import { AppError } from '@vibemonitor/contracts';
import { webhookEndpoints, webhookEventTypes, type WebhookEventType } from '@vibemonitor/db';
import { z } from 'zod';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const webhookEndpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

const eventsSchema = z.array(z.enum(webhookEventTypes));

export function toWebhookEndpointView(
  row: Omit<WebhookEndpointView, 'events'> & { events: unknown },
): WebhookEndpointView {
  return { ...row, events: eventsSchema.parse(row.events) };
}

/**
 * Checks a webhook URL's shape: http(s), no credentials inside it (they would
 * be shown to every owner and logged); a query string is allowed (some
 * receivers route on it). The address itself is checked by the SSRF policy.
 * @throws AppError VALIDATION_FAILED.
 */
export function normalizeWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${text}" is not a URL: use the form https://hooks.example.com/vibemonitor.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION_FAILED', 'Webhook URLs must start with http:// or https://.');
  }
  if (url.username || url.password) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Webhook URLs must not carry a username or password: requests are signed instead.',
    );
  }
  url.hash = '';
  return url.toString();
}
