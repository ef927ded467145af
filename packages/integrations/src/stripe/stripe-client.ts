import Stripe from 'stripe';

export type StripeClient = Stripe;
export type StripeEvent = Stripe.Event;
export type StripeSubscription = Stripe.Subscription;
export type StripeInvoice = Stripe.Invoice;
export type StripePrice = Stripe.Price;

export interface StripeClientOptions {
  /** The secret key (`sk_live_...` / `sk_test_...`). */
  secretKey: string;
  /**
   * Replaces Stripe's API root, e.g. `http://127.0.0.1:4242` (a local fake or
   * a proxy). Given to the client as its documented `host`/`port`/`protocol`.
   */
  apiUrl?: string | undefined;
  /** Deadline of one HTTP call. Default 15 s. */
  timeoutMs?: number;
  /** Retries after network errors, 409 and 5xx (the client sends idempotency keys). Default 2. */
  retries?: number;
}

/** `host`, `port` and `protocol` options of the Stripe client for an API root URL. */
export function stripeConnectionOptions(
  apiUrl: string | undefined,
): { host: string; port: number; protocol: 'http' | 'https' } | Record<string, never> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`STRIPE_API_URL must be an http(s) URL, got ${url.protocol}`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

/** The official `stripe` client with bounded retries and timeouts, optionally pointed at another API root. */
export function createStripeClient(options: StripeClientOptions): StripeClient {
  return new Stripe(options.secretKey, {
    ...stripeConnectionOptions(options.apiUrl),
    timeout: options.timeoutMs ?? 15_000,
    maxNetworkRetries: options.retries ?? 2,
    telemetry: false,
    appInfo: { name: 'VibeMonitor' },
  });
}

/**
 * Verifies a webhook delivery's `Stripe-Signature` over the exact raw body
 * (`stripe.webhooks.constructEvent`, default 300 s tolerance) and returns the
 * event, or undefined when the signature is missing, wrong or too old.
 */
export function verifyStripeEvent(
  rawBody: string | Buffer,
  signature: string | undefined,
  webhookSecret: string,
): StripeEvent | undefined {
  if (!signature) return undefined;
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return undefined;
    throw error;
  }
}

/** A `Stripe-Signature` header for `payload`, made the way Stripe signs (tests and local tooling). */
export function signStripePayload(
  payload: string,
  webhookSecret: string,
  timestampSeconds?: number,
): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: webhookSecret,
    ...(timestampSeconds !== undefined ? { timestamp: timestampSeconds } : {}),
  });
}

/** A short, safe description of a failed Stripe call (Stripe's own message and code, never request data). */
export function describeStripeError(error: unknown): string | undefined {
  if (error instanceof Stripe.errors.StripeError) {
    return `${error.message}${error.code ? ` (${error.code})` : ''}`;
  }
  return undefined;
}

/** True when the error came from Stripe being unreachable or failing (not from a request it refused). */
export function isStripeOutage(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  );
}

export { Stripe };
