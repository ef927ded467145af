import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GitHubProviderConfig } from '../github.js';
import { createAuthorizationCodes, type RecordedAuthorization } from './authorization-codes.js';
import {
  bearerToken,
  clientCredentials,
  readForm,
  redirect,
  sendJson,
  startFakeHttpServer,
} from './fake-http.js';

export interface FakeGitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export interface FakeGitHubUser {
  id: number;
  login: string;
  name?: string | null;
  avatarUrl?: string | null;
  /** The public profile email (often null on real accounts). */
  email?: string | null;
  emails: FakeGitHubEmail[];
}

export interface FakeGitHub {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  userUrl: string;
  emailsUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every /login/oauth/authorize request received, oldest first. */
  authorizations: RecordedAuthorization[];
  /** Config for `createOAuthProviders({ github })` pointing at this fake. */
  providerConfig(redirectUri: string): Required<GitHubProviderConfig>;
  /** What the "user" answers on the consent screen next time (then back to approve). */
  setNextDecision(decision: 'approve' | 'deny'): void;
  /** Which user signs in next time, by login or id; the `login` parameter on /authorize works too. Default: the first user. */
  setNextUser(loginOrId: string | number): void;
  addUser(user: FakeGitHubUser): void;
  close(): Promise<void>;
}

const GITHUB_ERROR_URIS: Record<string, string> = {
  bad_verification_code:
    'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
  incorrect_client_credentials:
    'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials',
  redirect_uri_mismatch:
    'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#redirect-uri-mismatch',
};

/**
 * A stand-in for GitHub's OAuth web flow and the two REST endpoints we read,
 * on 127.0.0.1. Faithful where GitHub is unusual: token errors come back as
 * HTTP 200 with an `error` field, the token endpoint answers form-encoded
 * unless asked for JSON, the API insists on a User-Agent, and /user/emails
 * needs the `user:email` scope.
 */
export async function startFakeGitHub({
  users = [],
  clientId = 'fake-github-client-id',
  clientSecret = 'fake-github-client-secret',
}: {
  users?: FakeGitHubUser[];
  clientId?: string;
  clientSecret?: string;
} = {}): Promise<FakeGitHub> {
  const accounts = [...users];
  const codes = createAuthorizationCodes<{ user: FakeGitHubUser; scope: string }>();
  const accessTokens = new Map<string, { user: FakeGitHubUser; scopes: string[] }>();
  const authorizations: RecordedAuthorization[] = [];
  let nextDecision: 'approve' | 'deny' = 'approve';
  let nextUser: string | undefined;

  const findUser = (key: string | null | undefined) =>
    key ? accounts.find((user) => user.login === key || String(user.id) === key) : undefined;

  function authorize(res: ServerResponse, url: URL): void {
    const params = url.searchParams;
    const redirectUri = params.get('redirect_uri');
    const decision = nextDecision;
    nextDecision = 'approve';
    const record: RecordedAuthorization = {
      clientId: params.get('client_id'),
      redirectUri,
      state: params.get('state'),
      scope: params.get('scope'),
      codeChallenge: params.get('code_challenge'),
      codeChallengeMethod: params.get('code_challenge_method'),
      responseType: params.get('response_type'),
      decision,
    };
    authorizations.push(record);
    if (record.clientId !== clientId || !redirectUri) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const target = new URL(redirectUri);
    if (decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user has denied your application access.');
      target.searchParams.set(
        'error_uri',
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
      );
      if (record.state !== null) target.searchParams.set('state', record.state);
      redirect(res, target);
      return;
    }
    const user = findUser(params.get('login')) ?? findUser(nextUser) ?? accounts[0];
    nextUser = undefined;
    if (!user) {
      sendJson(res, 500, { message: 'The fake GitHub has no users' });
      return;
    }
    record.userKey = user.login;
    const code = codes.issue(
      { user, scope: record.scope ?? '' },
      {
        clientId,
        redirectUri,
        codeChallenge: record.codeChallenge,
        codeChallengeMethod: record.codeChallengeMethod,
      },
    );
    target.searchParams.set('code', code);
    if (record.state !== null) target.searchParams.set('state', record.state);
    redirect(res, target);
  }

  async function accessToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    // GitHub reports every token error with HTTP 200.
    const answer = (body: Record<string, string>) => {
      if (wantsJson) return sendJson(res, 200, body);
      res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' });
      res.end(new URLSearchParams(body).toString());
    };
    const fail = (error: string, description: string) =>
      answer({ error, error_description: description, error_uri: GITHUB_ERROR_URIS[error] ?? '' });

    const credentials = clientCredentials(req, form);
    if (credentials.clientId !== clientId || credentials.clientSecret !== clientSecret) {
      return fail(
        'incorrect_client_credentials',
        'The client_id and/or client_secret passed are incorrect.',
      );
    }
    const result = codes.redeem({
      code: form.get('code'),
      clientId: credentials.clientId,
      redirectUri: form.get('redirect_uri'),
      codeVerifier: form.get('code_verifier'),
    });
    if (!result.ok) {
      return result.reason === 'redirect_uri_mismatch'
        ? fail(
            'redirect_uri_mismatch',
            'The redirect_uri MUST match the registered callback URL for this application.',
          )
        : fail('bad_verification_code', 'The code passed is incorrect or expired.');
    }
    const token = `gho_fake${randomBytes(16).toString('hex')}`;
    const scopes = result.user.scope.split(/[\s,]+/).filter(Boolean);
    accessTokens.set(token, { user: result.user.user, scopes });
    answer({ access_token: token, token_type: 'bearer', scope: scopes.join(',') });
  }

  function api(req: IncomingMessage, res: ServerResponse, path: '/user' | '/user/emails'): void {
    if (!req.headers['user-agent']) {
      sendJson(res, 403, {
        message:
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
      });
      return;
    }
    const grant = accessTokens.get(bearerToken(req) ?? '');
    if (!grant) {
      sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    const { user, scopes } = grant;
    if (path === '/user') {
      sendJson(res, 200, {
        id: user.id,
        login: user.login,
        name: user.name ?? null,
        avatar_url: user.avatarUrl ?? null,
        email: user.email ?? null,
      });
      return;
    }
    if (!scopes.includes('user:email') && !scopes.includes('user')) {
      sendJson(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
      return;
    }
    sendJson(
      res,
      200,
      user.emails.map((e) => ({ ...e, visibility: e.primary ? 'private' : null })),
    );
  }

  const server = await startFakeHttpServer(async (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize')
      return authorize(res, url);
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token')
      return accessToken(req, res);
    if (req.method === 'GET' && (url.pathname === '/user' || url.pathname === '/user/emails')) {
      return api(req, res, url.pathname);
    }
    sendJson(res, 404, { message: 'Not Found' });
  });

  const endpoints = {
    authorizeUrl: `${server.url}/login/oauth/authorize`,
    tokenUrl: `${server.url}/login/oauth/access_token`,
    userUrl: `${server.url}/user`,
    emailsUrl: `${server.url}/user/emails`,
  };
  return {
    url: server.url,
    ...endpoints,
    clientId,
    clientSecret,
    authorizations,
    providerConfig: (redirectUri) => ({ clientId, clientSecret, redirectUri, ...endpoints }),
    setNextDecision: (decision) => {
      nextDecision = decision;
    },
    setNextUser: (key) => {
      nextUser = String(key);
    },
    addUser: (user) => {
      accounts.push(user);
    },
    close: server.close,
  };
}
