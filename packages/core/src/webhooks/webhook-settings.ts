import type { AppConfig } from '../config/app-config.js';
import { allowPrivateIntegrationUrls } from '../integrations/integration-settings.js';

/** How outgoing webhooks are delivered. */
export interface WebhookSettings {
  /** Whether endpoint URLs may point at private and loopback addresses (the integrations' rule). */
  allowPrivateUrls: boolean;
  /** Deadline of one attempt. */
  timeoutMs: number;
  /** Attempts in all before a delivery is marked failed (redelivery on demand adds more). */
  maxAttempts: number;
  /** Delay before the second attempt; it doubles for each further one. */
  retryBaseMs: number;
}

/** 8 attempts over about 2 hours (30 s, 1, 2, 4, 8, 16, 32, 64 min after each failure). */
export const DEFAULT_WEBHOOK_SETTINGS: Omit<WebhookSettings, 'allowPrivateUrls'> = {
  timeoutMs: 10_000,
  maxAttempts: 8,
  retryBaseMs: 30_000,
};

export function webhookSettingsFromConfig(
  config: Pick<AppConfig, 'core' | 'mode'>,
): WebhookSettings {
  return { allowPrivateUrls: allowPrivateIntegrationUrls(config), ...DEFAULT_WEBHOOK_SETTINGS };
}

/** Delay before attempt `attempt + 1` after `attempt` failed: base, 2 x base, 4 x base... */
export function webhookRetryDelayMs(
  settings: Pick<WebhookSettings, 'retryBaseMs'>,
  attempt: number,
): number {
  return settings.retryBaseMs * 2 ** (attempt - 1);
}

/** Most webhook endpoints a workspace may have. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
