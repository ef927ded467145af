import { describe, expect, it } from 'vitest';
import { parseOAuthCallback } from './parse-callback.js';

const params = (query: string) => new URLSearchParams(query);

describe('parseOAuthCallback', () => {
  it('returns the code when the state matches', () => {
    expect(
      parseOAuthCallback('google', { params: params('code=abc&state=s1'), expectedState: 's1' }),
    ).toEqual({
      code: 'abc',
    });
  });

  it('rejects a missing or different state (login CSRF)', () => {
    for (const expectedState of ['s2', undefined, 's1-longer']) {
      expect(() =>
        parseOAuthCallback('google', { params: params('code=abc&state=s1'), expectedState }),
      ).toThrow(/expired or was started in another browser/);
    }
    expect(() =>
      parseOAuthCallback('github', { params: params('code=abc'), expectedState: 's1' }),
    ).toThrow(/expired/);
  });

  it('maps provider errors', () => {
    expect(() =>
      parseOAuthCallback('github', {
        params: params('error=access_denied&state=s1'),
        expectedState: 's1',
      }),
    ).toThrow('The GitHub sign-in was cancelled.');
    expect(() =>
      parseOAuthCallback('google', {
        params: params('error=invalid_scope&state=s1'),
        expectedState: 's1',
      }),
    ).toThrow('Google rejected the sign-in: invalid_scope');
  });

  it('requires a code', () => {
    expect(() =>
      parseOAuthCallback('google', { params: params('state=s1'), expectedState: 's1' }),
    ).toThrow('Google did not send an authorization code.');
  });
});
