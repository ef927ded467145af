import { createHmac } from 'node:crypto';

/**
 * Signs a body the way Slack does (`v0=` HMAC-SHA256 of `v0:{ts}:{body}`):
 * the headers a genuine delivery carries. Used by tests and local tooling.
 */
export function signSlackRequest(options: {
  signingSecret: string;
  body: string;
  timestampSeconds?: number;
}): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const ts = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const digest = createHmac('sha256', options.signingSecret)
    .update(`v0:${ts}:${options.body}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${digest}` };
}
