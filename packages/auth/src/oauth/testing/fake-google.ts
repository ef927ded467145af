import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GoogleProviderConfig } from '../google.js';
import { createAuthorizationCodes, type RecordedAuthorization } from './authorization-codes.js';
import {
  bearerToken,
  clientCredentials,
  readForm,
  redirect,
  sendJson,
  startFakeHttpServer,
} from './fake-http.js';

export interface FakeGoogleUser {
  sub: string;
  email: string;
  /** Defaults to true. */
  emailVerified?: boolean;
  name?: string;
  picture?: string;
}

export interface FakeGoogle {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  userInfoUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every /authorize request received, oldest first. */
  authorizations: RecordedAuthorization[];
  /** Config for `createOAuthProviders({ google })` pointing at this fake. */
  providerConfig(redirectUri: string): Required<GoogleProviderConfig>;
  /** What the "user" answers on the consent screen next time (then back to approve). */
  setNextDecision(decision: 'approve' | 'deny'): void;
  /** Which user signs in next time, by sub or email; `login_hint` on /authorize works too. Default: the first user. */
  setNextUser(subOrEmail: string): void;
  addUser(user: FakeGoogleUser): void;
  close(): Promise<void>;
}

/**
 * A stand-in for Google's OAuth 2.0 / OpenID endpoints on 127.0.0.1:
 * `/o/oauth2/v2/auth` (consent is decided by setNextDecision), `/token`
 * (authorization_code grant with real PKCE verification; errors as HTTP 400/401
 * JSON like Google's), `/v1/userinfo`. No id_token is issued: our client reads
 * the userinfo endpoint instead.
 */
export async function startFakeGoogle({
  users = [],
  clientId = 'fake-google-client-id',
  clientSecret = 'fake-google-client-secret',
}: {
  users?: FakeGoogleUser[];
  clientId?: string;
  clientSecret?: string;
} = {}): Promise<FakeGoogle> {
  const accounts = [...users];
  const codes = createAuthorizationCodes<FakeGoogleUser>();
  const accessTokens = new Map<string, FakeGoogleUser>();
  const authorizations: RecordedAuthorization[] = [];
  let nextDecision: 'approve' | 'deny' = 'approve';
  let nextUser: string | undefined;

  const findUser = (key: string | null | undefined) =>
    key ? accounts.find((user) => user.sub === key || user.email === key) : undefined;

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
    // Like Google, problems with the client or redirect_uri are shown to the user, never redirected.
    if (record.clientId !== clientId || !redirectUri || record.responseType !== 'code') {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'Unknown client, missing redirect_uri or response_type',
      });
      return;
    }
    const target = new URL(redirectUri);
    if (record.state !== null) target.searchParams.set('state', record.state);
    if (decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      redirect(res, target);
      return;
    }
    const user = findUser(params.get('login_hint')) ?? findUser(nextUser) ?? accounts[0];
    nextUser = undefined;
    if (!user) {
      sendJson(res, 500, {
        error: 'server_error',
        error_description: 'The fake Google has no users',
      });
      return;
    }
    record.userKey = user.sub;
    const code = codes.issue(user, {
      clientId,
      redirectUri,
      codeChallenge: record.codeChallenge,
      codeChallengeMethod: record.codeChallengeMethod,
    });
    target.searchParams.set('code', code);
    target.searchParams.set('scope', record.scope ?? '');
    redirect(res, target);
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const credentials = clientCredentials(req, form);
    if (credentials.clientId !== clientId || credentials.clientSecret !== clientSecret) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
      return;
    }
    if (form.get('grant_type') !== 'authorization_code') {
      sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Invalid grant_type',
      });
      return;
    }
    const result = codes.redeem({
      code: form.get('code'),
      clientId: credentials.clientId,
      redirectUri: form.get('redirect_uri'),
      codeVerifier: form.get('code_verifier'),
    });
    if (!result.ok) {
      const [error, description] =
        result.reason === 'redirect_uri_mismatch'
          ? ['redirect_uri_mismatch', 'Bad Request']
          : result.reason === 'pkce_mismatch'
            ? ['invalid_grant', 'Invalid code verifier.']
            : ['invalid_grant', 'Bad Request'];
      sendJson(res, 400, { error, error_description: description });
      return;
    }
    const accessToken = `ya29.fake-${randomBytes(16).toString('hex')}`;
    accessTokens.set(accessToken, result.user);
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: 3599,
      scope:
        'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      token_type: 'Bearer',
    });
  }

  function userInfo(req: IncomingMessage, res: ServerResponse): void {
    const user = accessTokens.get(bearerToken(req) ?? '');
    if (!user) {
      sendJson(
        res,
        401,
        { error: 'invalid_token', error_description: 'Invalid Credentials' },
        {
          'WWW-Authenticate': 'Bearer error="invalid_token"',
        },
      );
      return;
    }
    sendJson(res, 200, {
      sub: user.sub,
      email: user.email,
      email_verified: user.emailVerified ?? true,
      ...(user.name ? { name: user.name } : {}),
      ...(user.picture ? { picture: user.picture } : {}),
    });
  }

  const server = await startFakeHttpServer(async (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') return authorize(res, url);
    if (req.method === 'POST' && url.pathname === '/token') return token(req, res);
    if (req.method === 'GET' && url.pathname === '/v1/userinfo') return userInfo(req, res);
    sendJson(res, 404, { error: 'not_found' });
  });

  const endpoints = {
    authorizeUrl: `${server.url}/o/oauth2/v2/auth`,
    tokenUrl: `${server.url}/token`,
    userInfoUrl: `${server.url}/v1/userinfo`,
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
      nextUser = key;
    },
    addUser: (user) => {
      accounts.push(user);
    },
    close: server.close,
  };
}
