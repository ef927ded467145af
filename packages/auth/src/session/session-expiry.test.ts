import { describe, expect, it } from 'vitest';
import { sessionExpiryDecision } from './session-expiry.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('sessionExpiryDecision', () => {
  it('expires at and after expiresAt', () => {
    expect(sessionExpiryDecision({ expiresAt: now, lastUsedAt: at(-DAY) }, now)).toBe('expired');
    expect(sessionExpiryDecision({ expiresAt: at(-1), lastUsedAt: at(-DAY) }, now)).toBe('expired');
  });

  it('refreshes when less than 15 days remain', () => {
    expect(sessionExpiryDecision({ expiresAt: at(15 * DAY - 1), lastUsedAt: now }, now)).toBe(
      'refresh',
    );
    expect(sessionExpiryDecision({ expiresAt: at(15 * DAY), lastUsedAt: now }, now)).toBe('keep');
  });

  it('touches last_used_at at most every 5 minutes', () => {
    expect(
      sessionExpiryDecision({ expiresAt: at(20 * DAY), lastUsedAt: at(-5 * 60 * 1000) }, now),
    ).toBe('touch');
    expect(
      sessionExpiryDecision({ expiresAt: at(20 * DAY), lastUsedAt: at(-4 * 60 * 1000) }, now),
    ).toBe('keep');
  });
});
