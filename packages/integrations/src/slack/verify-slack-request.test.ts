import { describe, expect, it } from 'vitest';
import { signSlackRequest } from './sign-slack-request.js';
import { verifySlackSignature } from './verify-slack-request.js';

const secret = 'signing-secret';
const body = '{"type":"event_callback"}';

describe('verifySlackSignature', () => {
  it('accepts a fresh, correctly signed body', () => {
    const headers = signSlackRequest({ signingSecret: secret, body });
    expect(
      verifySlackSignature({
        signingSecret: secret,
        rawBody: body,
        timestamp: headers['x-slack-request-timestamp'],
        signature: headers['x-slack-signature'],
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a tampered body, a wrong secret, missing headers and a stale or future timestamp', () => {
    const now = Math.floor(Date.now() / 1000);
    const check = (b: string, h: ReturnType<typeof signSlackRequest> | undefined) =>
      verifySlackSignature({
        signingSecret: secret,
        rawBody: b,
        timestamp: h?.['x-slack-request-timestamp'],
        signature: h?.['x-slack-signature'],
      }).ok;
    expect(check(`${body} `, signSlackRequest({ signingSecret: secret, body }))).toBe(false);
    expect(check(body, signSlackRequest({ signingSecret: 'other', body }))).toBe(false);
    expect(check(body, undefined)).toBe(false);
    expect(
      check(body, signSlackRequest({ signingSecret: secret, body, timestampSeconds: now - 301 })),
    ).toBe(false);
    expect(
      check(body, signSlackRequest({ signingSecret: secret, body, timestampSeconds: now + 301 })),
    ).toBe(false);
    expect(
      check(body, signSlackRequest({ signingSecret: secret, body, timestampSeconds: now - 200 })),
    ).toBe(true);
  });
});
