import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const acceptableRequestId = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Reuses a caller's `X-Request-Id` when it looks sane (so traces join up
 * across a proxy), otherwise mints one. Never trusts arbitrary header content.
 */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && acceptableRequestId.test(incoming)) return incoming;
  return randomUUID();
}
