import { OAuth2Client } from 'arctic';
import { AppError } from '@vibemonitor/contracts';
import { z } from 'zod';
import { exchangeAuthorizationCode } from './exchange-code.js';
import { fetchProviderJson } from './fetch-json.js';
import type { OAuthProvider } from './oauth-provider.js';
import { parseOAuthCallback } from './parse-callback.js';
import { createPkceAuthorization } from './pkce-authorization.js';

export interface GitHubProviderConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Overridable so tests (and the fake server) can stand in for GitHub. */
  authorizeUrl?: string;
  tokenUrl?: string;
  userUrl?: string;
  emailsUrl?: string;
}

export const githubEndpoints = {
  authorizeUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  userUrl: 'https://api.github.com/user',
  emailsUrl: 'https://api.github.com/user/emails',
} as const;

export const githubScopes = ['read:user', 'user:email'];

const apiHeaders = {
  Accept: 'application/vnd.github+json',
  // GitHub's API rejects requests without a User-Agent.
  'User-Agent': 'vibemonitor',
  'X-GitHub-Api-Version': '2022-11-28',
};

const userSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
  email: z.string().nullish(),
});

const emailsSchema = z.array(
  z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }),
);

export type GitHubEmail = z.infer<typeof emailsSchema>[number];

/**
 * The address to sign in with: the primary one if GitHub verified it, else any
 * verified one, else the primary one marked unverified (the caller decides
 * whether an unverified address is acceptable).
 */
export function pickGitHubEmail(
  emails: GitHubEmail[],
): { email: string; verified: boolean } | undefined {
  const chosen =
    emails.find((e) => e.primary && e.verified) ??
    emails.find((e) => e.verified) ??
    emails.find((e) => e.primary);
  return chosen && { email: chosen.email, verified: chosen.verified };
}

/**
 * GitHub sign-in with PKCE (S256). arctic's `GitHub` class does not send a
 * code challenge, so this uses arctic's generic OAuth2Client against GitHub's
 * endpoints, and the token-exchange step checks for GitHub's HTTP-200 errors.
 */
export function createGitHubProvider(config: GitHubProviderConfig): OAuthProvider {
  const endpoints = {
    authorizeUrl: config.authorizeUrl ?? githubEndpoints.authorizeUrl,
    tokenUrl: config.tokenUrl ?? githubEndpoints.tokenUrl,
    userUrl: config.userUrl ?? githubEndpoints.userUrl,
    emailsUrl: config.emailsUrl ?? githubEndpoints.emailsUrl,
  };
  const client = new OAuth2Client(config.clientId, config.clientSecret, config.redirectUri);

  return {
    name: 'github',

    createAuthorization: () =>
      createPkceAuthorization(client, endpoints.authorizeUrl, githubScopes),

    parseCallback: (input) => parseOAuthCallback('github', input),

    async exchange(input) {
      const accessToken = await exchangeAuthorizationCode(
        'github',
        client,
        endpoints.tokenUrl,
        input,
      );
      const [userJson, emailsJson] = await Promise.all([
        fetchProviderJson('github', endpoints.userUrl, accessToken, apiHeaders),
        fetchProviderJson('github', endpoints.emailsUrl, accessToken, apiHeaders),
      ]);
      const user = userSchema.safeParse(userJson);
      const emails = emailsSchema.safeParse(emailsJson);
      if (!user.success || !emails.success) {
        throw new AppError('UNAVAILABLE', 'GitHub sent a profile we could not read.', {
          provider: 'github',
        });
      }
      // The public profile email is a fallback only: GitHub does not say whether it is verified.
      const picked =
        pickGitHubEmail(emails.data) ??
        (user.data.email ? { email: user.data.email, verified: false } : undefined);
      if (!picked) {
        throw new AppError(
          'BAD_REQUEST',
          'Your GitHub account has no email address we can use. Add and verify one on GitHub, then try again.',
          { provider: 'github' },
        );
      }
      return {
        provider: 'github',
        providerUserId: String(user.data.id),
        email: picked.email.toLowerCase(),
        emailVerified: picked.verified,
        name: user.data.name || user.data.login,
        avatarUrl: user.data.avatar_url ?? null,
        accessToken,
      };
    },
  };
}
