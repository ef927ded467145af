import { describe, expect, it } from 'vitest';
import { generateSessionToken, parseSessionToken } from './session-token.js';

describe('generateSessionToken', () => {
  it('makes <id>.<secret> tokens of lowercase base32, all different', () => {
    const tokens = new Set(Array.from({ length: 200 }, generateSessionToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
  });

  it('parses its own tokens and nothing else', () => {
    const token = generateSessionToken();
    const [id, secret] = token.split('.');
    expect(parseSessionToken(token)).toEqual({ id, secret });
    expect(parseSessionToken(`${token}.extra`)).toBeNull();
    expect(parseSessionToken(token.toUpperCase())).toBeNull();
    expect(parseSessionToken(`${id}.`)).toBeNull();
    expect(parseSessionToken(`${id}.${secret!.slice(1)}`)).toBeNull();
  });
});
