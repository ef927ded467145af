import { OAuth2Client } from 'arctic';
import { AppError } from '@vibemonitor/contracts';
import { z } from 'zod';
import { exchangeAuthorizationCode } from './exchange-code.js';
import { fetchProviderJson } from './fetch-json.js';
import type { OAuthProvider } from './oauth-provider.js';
import { parseOAuthCallback } from './parse-callback.js';
import { createPkceAuthorization } from './pkce-authorization.js';

export interface GoogleProviderConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Overridable so tests (and the fake server) can stand in for Google. */
  authorizeUrl?: string;
  tokenUrl?: string;
  userInfoUrl?: string;
}

export const googleEndpoints = {
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
} as const;

export const googleScopes = ['openid', 'email', 'profile'];

const userInfoSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  name: z.string().optional(),
  picture: z.string().optional(),
});

/**
 * Google sign-in (OpenID Connect, authorization code + PKCE S256). Built on
 * arctic's generic OAuth2Client rather than its `Google` class, which
 * hard-codes Google's endpoints; the profile comes from the userinfo endpoint,
 * so no ID-token signature checking is needed.
 */
export function createGoogleProvider(config: GoogleProviderConfig): OAuthProvider {
  const endpoints = {
    authorizeUrl: config.authorizeUrl ?? googleEndpoints.authorizeUrl,
    tokenUrl: config.tokenUrl ?? googleEndpoints.tokenUrl,
    userInfoUrl: config.userInfoUrl ?? googleEndpoints.userInfoUrl,
  };
  const client = new OAuth2Client(config.clientId, config.clientSecret, config.redirectUri);

  return {
    name: 'google',

    createAuthorization: () =>
      createPkceAuthorization(client, endpoints.authorizeUrl, googleScopes),

    parseCallback: (input) => parseOAuthCallback('google', input),

    async exchange(input) {
      const accessToken = await exchangeAuthorizationCode(
        'google',
        client,
        endpoints.tokenUrl,
        input,
      );
      const parsed = userInfoSchema.safeParse(
        await fetchProviderJson('google', endpoints.userInfoUrl, accessToken),
      );
      if (!parsed.success) {
        throw new AppError('UNAVAILABLE', 'Google sent a profile we could not read.', {
          provider: 'google',
        });
      }
      const info = parsed.data;
      if (!info.email) {
        throw new AppError(
          'BAD_REQUEST',
          'Google did not share an email address for this account.',
          {
            provider: 'google',
          },
        );
      }
      return {
        provider: 'google',
        providerUserId: info.sub,
        email: info.email.toLowerCase(),
        emailVerified: info.email_verified === true || info.email_verified === 'true',
        name: info.name ?? null,
        avatarUrl: info.picture ?? null,
        accessToken,
      };
    },
  };
}
