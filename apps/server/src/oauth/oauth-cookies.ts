import type { OAuthProviderName } from '@vibemonitor/auth';

/** The flow must finish within this time; the provider's own codes live about as long. */
export const OAUTH_COOKIE_MAX_AGE_SECONDS = 10 * 60;
/** Sent only to the sign-in routes, never to the API or the web app. */
export const OAUTH_COOKIE_PATH = '/api/v1/auth';

export type OAuthCookieKind = 'state' | 'verifier' | 'redirect';

/** Per provider, so two sign-ins started in one browser do not overwrite each other's verifier. */
export function oauthCookieName(provider: OAuthProviderName, kind: OAuthCookieKind): string {
  return `vm_oauth_${provider}_${kind}`;
}

/**
 * HttpOnly so page scripts never see the PKCE verifier; SameSite=Lax because
 * the provider's redirect back is a top-level cross-site GET, which Lax allows.
 */
export function oauthCookie(name: string, value: string, { secure }: { secure: boolean }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'HttpOnly',
    'SameSite=Lax',
    `Path=${OAUTH_COOKIE_PATH}`,
    `Max-Age=${OAUTH_COOKIE_MAX_AGE_SECONDS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedOAuthCookie(name: string, { secure }: { secure: boolean }): string {
  return [
    `${name}=`,
    'HttpOnly',
    'SameSite=Lax',
    `Path=${OAUTH_COOKIE_PATH}`,
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
