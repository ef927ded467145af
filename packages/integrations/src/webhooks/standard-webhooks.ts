import { createHmac, randomBytes } from 'node:crypto';
import { AppError } from '@vibemonitor/contracts';
import type { HttpPolicy } from '../http/http-options.js';
import { safeFetch } from '../http/safe-fetch.js';

/** Standard Webhooks secrets: `whsec_` + base64 of the key bytes (standardwebhooks.com). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  return Buffer.from(encoded, 'base64');
}

/**
 * The `webhook-signature` value of the Standard Webhooks spec:
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed by the
 * secret's decoded bytes.
 */
export function signWebhook(input: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): string {
  const mac = createHmac('sha256', secretKey(input.secret))
    .update(`${input.id}.${input.timestamp}.${input.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export interface WebhookAttemptResult {
  /** The HTTP status, or null when no response came (refused, timed out...). */
  status: number | null;
  ok: boolean;
  /** What went wrong, in plain words (null on a 2xx). */
  error: string | null;
  durationMs: number;
}

/**
 * Sends one signed delivery (POST, JSON body, Standard Webhooks headers)
 * through the SSRF-guarded client: the destination is re-checked on every
 * attempt (DNS may change), the deadline is the policy's timeout. Any 2xx is
 * a success; everything else is reported, never thrown, except a destination
 * the policy refuses (AppError VALIDATION_FAILED), which no retry can fix.
 */
export async function sendWebhook(input: {
  url: string;
  id: string;
  body: string;
  secret: string;
  policy: HttpPolicy;
  now?: Date;
  signal?: AbortSignal;
}): Promise<WebhookAttemptResult> {
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await safeFetch(
      input.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'VibeMonitor-Webhooks/1',
          'webhook-id': input.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook({
            secret: input.secret,
            id: input.id,
            timestamp,
            body: input.body,
          }),
        },
        body: input.body,
        ...(input.signal ? { signal: input.signal } : {}),
      },
      { ...input.policy, maxResponseBytes: 1024 * 1024 },
    );
    const ok = response.status >= 200 && response.status < 300;
    return {
      status: response.status,
      ok,
      error: ok ? null : `The endpoint answered HTTP ${response.status}.`,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'VALIDATION_FAILED') {
      return { status: null, ok: false, error: error.message, durationMs: elapsed() };
    }
    throw error;
  }
}
