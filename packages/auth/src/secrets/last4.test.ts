import { describe, expect, it } from 'vitest';
import { last4 } from './last4.js';

describe('last4', () => {
  it('shows the last 4 characters of a long enough secret', () => {
    expect(last4('sk_live_abcdef1234')).toBe('1234');
  });
  it('shows nothing of a short secret', () => {
    expect(last4('abc1234')).toBe('');
  });
});
