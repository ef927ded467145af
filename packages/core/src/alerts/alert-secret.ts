import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of alert endpoint secrets, so a leaked one is recognisable (secret scanners). */
export const ALERT_SECRET_PREFIX = 'vmas_';
/** The HMAC header: `sha256=<hex HMAC-SHA256 of the raw body, keyed by the secret>`. */
export const ALERT_SIGNATURE_HEADER = 'x-vibemonitor-signature';

export function generateAlertSecret(): string {
  return `${ALERT_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `sha256=<hex>` for a body, as senders compute it. */
export function signAlertBody(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * True when the request proves it knows the endpoint's secret: a bearer token
 * equal to it (Alertmanager's `authorization`, Grafana's Authorization header),
 * or an HMAC of the raw body in X-VibeMonitor-Signature. Comparisons are
 * constant-time.
 */
export function verifyAlertRequest(
  secret: string,
  request: { authorization?: string | undefined; signature?: string | undefined; rawBody: Buffer },
): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
  if (bearer !== undefined && safeEqual(bearer, secret)) return true;
  if (request.signature !== undefined) {
    return safeEqual(
      request.signature.trim().toLowerCase(),
      signAlertBody(secret, request.rawBody),
    );
  }
  return false;
}
