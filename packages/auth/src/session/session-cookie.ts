export const SESSION_COOKIE_NAME = 'vm_session';

const TOKEN_VALUE = /^[a-z2-7]+\.[a-z2-7]+$/;

/**
 * The Set-Cookie value carrying a session token. HttpOnly keeps it from page
 * scripts; SameSite=Lax keeps it off cross-site POSTs (the Origin check is the
 * second line); Secure everywhere but local development over http.
 */
export function sessionCookie(
  token: string,
  expiresAt: Date,
  { secure }: { secure: boolean },
): string {
  return [
    `${SESSION_COOKIE_NAME}=${token}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie value that deletes the session cookie (sign-out, invalid session). */
export function blankSessionCookie({ secure }: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE_NAME}=`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The session token from a Cookie request header, or null when absent or not token-shaped. */
export function readSessionCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== SESSION_COOKIE_NAME) continue;
    const value = pair.slice(separator + 1).trim();
    return TOKEN_VALUE.test(value) ? value : null;
  }
  return null;
}
