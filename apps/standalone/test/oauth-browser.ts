import type { TestStack } from './harness.js';

export interface BrowserResponse {
  status: number;
  location: string | undefined;
  setCookies: string[];
  json: unknown;
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * Just enough of a browser for redirect flows: a cookie jar honouring Path
 * and Max-Age=0, and `redirect: 'manual'` so each hop can be inspected.
 * One origin only (the test server); the fake provider needs no cookies.
 */
export class TestBrowser {
  readonly cookies = new Map<string, StoredCookie>();

  cookieHeader(path: string): string {
    return [...this.cookies.entries()]
      .filter(
        ([, cookie]) =>
          path === cookie.path ||
          path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
      )
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  async get(url: string | URL): Promise<BrowserResponse> {
    const target = new URL(url);
    const cookie = this.cookieHeader(target.pathname);
    const response = await fetch(target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.store(header);
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      setCookies,
      json,
    };
  }

  private store(header: string): void {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair!.indexOf('=');
    const name = pair!.slice(0, separator);
    const value = pair!.slice(separator + 1);
    const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    if (attributes.some((a) => a.toLowerCase() === 'max-age=0') || value === '')
      this.cookies.delete(name);
    else this.cookies.set(name, { value, path });
  }
}

/** `/api/v1/auth/<provider>/login?redirect_uri=...` on the test server. */
export function loginUrl(
  stack: TestStack,
  provider: 'google' | 'github',
  redirectUri?: string,
): string {
  const url = new URL(`/api/v1/auth/${provider}/login`, stack.url);
  if (redirectUri !== undefined) url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}
