/**
 * Plays the browser's part at a (fake) provider: opens the authorization URL
 * and returns where the provider redirects back to, without following it.
 * Throws if the provider answers with anything but a redirect.
 */
export async function followAuthorization(authorizationUrl: URL | string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  await response.body?.cancel();
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new Error(
      `Expected a redirect from ${String(authorizationUrl)}, got HTTP ${response.status}`,
    );
  }
  return new URL(location, authorizationUrl);
}
