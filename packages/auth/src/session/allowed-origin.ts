function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    // URL#origin is "null" for opaque origins (file:, data:); those never match.
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for cookie-authenticated requests that change state (anything
 * but GET/HEAD/OPTIONS): the browser-set Origin header must name one of our
 * own origins. A missing or `null` Origin is refused: current browsers send
 * Origin on every non-GET request, same-origin included.
 * Requests authenticated by an Authorization header need no such check.
 */
export function isAllowedOrigin(
  originHeader: string | null | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (!originHeader) return false;
  const origin = normalizeOrigin(originHeader);
  if (!origin) return false;
  return allowedOrigins.some((allowed) => normalizeOrigin(allowed) === origin);
}
