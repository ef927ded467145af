import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './allowed-origin.js';

describe('isAllowedOrigin', () => {
  const allowed = ['https://app.vibemonitor.dev', 'http://localhost:5173/'];

  it('accepts our own origins, however the config spells them', () => {
    expect(isAllowedOrigin('https://app.vibemonitor.dev', allowed)).toBe(true);
    expect(isAllowedOrigin('https://APP.vibemonitor.dev:443', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', allowed)).toBe(true);
  });

  it('refuses other, missing and opaque origins', () => {
    for (const origin of [
      'https://evil.example',
      'https://app.vibemonitor.dev.evil.example',
      'http://app.vibemonitor.dev',
      'http://localhost:5174',
      'null',
      '',
      undefined,
      null,
      'not a url',
    ]) {
      expect(isAllowedOrigin(origin, allowed)).toBe(false);
    }
    expect(isAllowedOrigin('https://app.vibemonitor.dev', [])).toBe(false);
  });
});
