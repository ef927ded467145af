import { describe, expect, it } from 'vitest';
import { blankSessionCookie, readSessionCookie, sessionCookie } from './session-cookie.js';
import { generateSessionToken } from './session-token.js';

describe('session cookies', () => {
  const expiresAt = new Date('2030-01-02T03:04:05Z');

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie, Secure outside development', () => {
    expect(sessionCookie('abc.def', expiresAt, { secure: true })).toBe(
      'vm_session=abc.def; HttpOnly; SameSite=Lax; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure',
    );
    expect(sessionCookie('abc.def', expiresAt, { secure: false })).not.toContain('Secure');
  });

  it('blanks the cookie with Max-Age=0', () => {
    expect(blankSessionCookie({ secure: true })).toBe(
      'vm_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure',
    );
    expect(blankSessionCookie({ secure: false })).toBe(
      'vm_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0',
    );
  });

  it('reads the token back from a Cookie header', () => {
    const token = generateSessionToken();
    expect(readSessionCookie(`theme=dark; vm_session=${token}; other=1`)).toBe(token);
    expect(readSessionCookie(`vm_session=${token}`)).toBe(token);
    expect(readSessionCookie('theme=dark')).toBeNull();
    expect(readSessionCookie(undefined)).toBeNull();
    expect(readSessionCookie('vm_session=<script>')).toBeNull();
    expect(readSessionCookie(`xvm_session=${token}`)).toBeNull();
  });
});
