// Bolt's own verifier, imported from its module rather than the package root: the root also loads
// Socket Mode, whose undici registers itself as Node's global fetch dispatcher and then refuses the
// Content-Length header other clients (arctic's OAuth token requests) send.
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';

/** Slack's replay window: a request signed more than this long ago (or ahead) is refused. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SlackVerification = { ok: true } | { ok: false; reason: string };

/**
 * Checks a request's `v0=` HMAC-SHA256 over `v0:{timestamp}:{raw body}` with
 * Bolt's `verifySlackRequest`, on the exact bytes received. Bolt refuses
 * timestamps older than five minutes; we also refuse ones more than five
 * minutes ahead, so a signature minted with a skewed clock cannot be replayed later.
 */
export function verifySlackSignature(options: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs?: number;
}): SlackVerification {
  const { timestamp, signature } = options;
  if (!timestamp || !signature) return { ok: false, reason: 'missing Slack signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const nowMs = options.nowMs ?? Date.now();
  const seconds = Number(timestamp);
  if (Math.abs(nowMs / 1000 - seconds) > SLACK_SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale or future timestamp' };
  }
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body: options.rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
      nowMilliseconds: nowMs,
    });
    return { ok: true };
  } catch {
    return { ok: false, reason: 'signature mismatch' };
  }
}
