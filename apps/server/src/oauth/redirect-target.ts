/**
 * Where a browser may be sent after an OAuth sign-in: only to our own origins
 * (the public URL, the web app and the CORS allow-list), so the sign-in pages
 * cannot be used as an open redirect to a phishing site. Relative paths are
 * resolved against the web app; `//evil.example` resolves to another origin
 * and is refused like any absolute foreign URL.
 * Returns null when `raw` is not acceptable.
 */
export function resolveRedirectTarget(
  raw: string | undefined,
  { webAppUrl, allowedOrigins }: { webAppUrl: string; allowedOrigins: readonly string[] },
): URL | null {
  const base = webAppUrl.endsWith('/') ? webAppUrl : `${webAppUrl}/`;
  if (raw === undefined || raw === '') return new URL(base);
  // Browsers drop tabs and newlines and read `\` as `/` in URLs: reject them rather than guess how a browser parses them.
  if (raw.length > 2048 || raw.includes('\\') || [...raw].some((char) => char.charCodeAt(0) < 0x20))
    return null;
  let target: URL;
  try {
    target = new URL(raw, base);
  } catch {
    return null;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return null;
  // userinfo in a URL is a classic way to make a link look like it goes somewhere it does not.
  if (target.username || target.password) return null;
  const origins = new Set(allowedOrigins.map((origin) => safeOrigin(origin)));
  return origins.has(target.origin) ? target : null;
}

function safeOrigin(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
