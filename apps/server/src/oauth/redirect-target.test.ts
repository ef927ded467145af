import { describe, expect, it } from 'vitest';
import { resolveRedirectTarget } from './redirect-target.js';

const settings = {
  webAppUrl: 'https://app.example.com',
  allowedOrigins: ['https://api.example.com', 'https://app.example.com', 'http://localhost:5173'],
};
const resolve = (raw: string | undefined) =>
  resolveRedirectTarget(raw, settings)?.toString() ?? null;

describe('resolveRedirectTarget', () => {
  it('defaults to the web app and resolves paths against it', () => {
    expect(resolve(undefined)).toBe('https://app.example.com/');
    expect(resolve('')).toBe('https://app.example.com/');
    expect(resolve('/settings?tab=1')).toBe('https://app.example.com/settings?tab=1');
  });

  it('accepts any configured origin', () => {
    expect(resolve('https://api.example.com/done')).toBe('https://api.example.com/done');
    expect(resolve('http://localhost:5173/cb#x')).toBe('http://localhost:5173/cb#x');
    expect(resolve('https://APP.example.com:443/a')).toBe('https://app.example.com/a');
  });

  it('refuses everything that leaves our origins or is ambiguous', () => {
    for (const raw of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      '\\\\evil.example',
      'https://app.example.com.evil.example/',
      'https://app.example.com@evil.example/',
      'https://user:pw@app.example.com/',
      'http://app.example.com/',
      'https://app.example.com:8443/',
      'javascript:alert(1)',
      'data:text/html,hi',
      '/ok\n/evil',
      '\t//evil.example',
      `/${'a'.repeat(2048)}`,
    ]) {
      expect(resolve(raw), raw).toBeNull();
    }
  });
});
