import { Router, type Request, type Response } from 'express';
import type { ApiDeps } from '@vibemonitor/api';
import { sessionCookie, type OAuthProvider, type OAuthProviderName } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { signInWithOAuth } from '@vibemonitor/core';
import { readCookie } from '../cookies.js';
import {
  describeCallbackFailure,
  type CallbackFailure,
  type CallbackStep,
} from './callback-failure.js';
import { clearedOAuthCookie, oauthCookie, oauthCookieName } from './oauth-cookies.js';
import { resolveRedirectTarget } from './redirect-target.js';

const labels: Record<OAuthProviderName, string> = { google: 'Google', github: 'GitHub' };

function providerName(value: unknown): OAuthProviderName | undefined {
  return value === 'google' || value === 'github' ? value : undefined;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * The configured provider for `/api/v1/auth/:provider/...`, or undefined after
 * answering 404 (unknown provider, or one switched off by missing credentials).
 */
function providerFor(deps: ApiDeps, req: Request, res: Response): OAuthProvider | undefined {
  const name = providerName(req.params.provider);
  if (!name) {
    sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`);
    return undefined;
  }
  const provider = deps.oauth[name];
  if (!provider) {
    sendError(res, 404, 'NOT_FOUND', `${labels[name]} sign-in is not configured on this server.`);
    return undefined;
  }
  return provider;
}

function firstQueryValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Browser redirect flows for Google and GitHub sign-in (REST, not tRPC: the
 * browser navigates through them).
 *
 * `GET /api/v1/auth/:provider/login?redirect_uri=...` checks redirect_uri
 * against our own origins, keeps state, PKCE verifier and redirect_uri in
 * short-lived HttpOnly cookies and sends the browser to the provider.
 *
 * `GET /api/v1/auth/:provider/callback` checks state, trades the code (with
 * the verifier) for the profile, signs in or creates the account, sets the
 * session cookie and sends the browser back to redirect_uri. Failures go back
 * to redirect_uri as `?error=<code>&error_description=<sentence>` (or as a
 * JSON 400 when there is no valid redirect_uri), never as a 500. The session
 * token never appears in a URL.
 */
export function oauthRoutes(deps: ApiDeps): Router {
  const routes = Router();
  const secure = deps.settings.secureCookies;

  routes.get('/api/v1/auth/:provider/login', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const provider = providerFor(deps, req, res);
    if (!provider) return;
    const target = resolveRedirectTarget(firstQueryValue(req.query.redirect_uri), deps.settings);
    if (!target) {
      sendError(
        res,
        400,
        'BAD_REQUEST',
        'redirect_uri must be an address on this deployment (the web app or the API), not another site.',
      );
      return;
    }
    const authorization = provider.createAuthorization();
    res.append('Set-Cookie', [
      oauthCookie(oauthCookieName(provider.name, 'state'), authorization.state, { secure }),
      oauthCookie(oauthCookieName(provider.name, 'verifier'), authorization.codeVerifier, {
        secure,
      }),
      oauthCookie(oauthCookieName(provider.name, 'redirect'), target.toString(), { secure }),
    ]);
    res.redirect(302, authorization.url.toString());
  });

  routes.get('/api/v1/auth/:provider/callback', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const provider = providerFor(deps, req, res);
    if (!provider) return;
    const cookie = (kind: 'state' | 'verifier' | 'redirect') =>
      readCookie(req.headers.cookie, oauthCookieName(provider.name, kind));
    // The flow's cookies are single-use: clear them whatever happens next.
    res.append(
      'Set-Cookie',
      (['state', 'verifier', 'redirect'] as const).map((kind) =>
        clearedOAuthCookie(oauthCookieName(provider.name, kind), { secure }),
      ),
    );
    // Checked again: the cookie could have been planted by a sibling subdomain.
    const target =
      cookie('redirect') === undefined
        ? null
        : resolveRedirectTarget(cookie('redirect'), deps.settings);

    const fail = (failure: CallbackFailure, cause: unknown) => {
      if (failure.expected)
        req.log.warn(
          { provider: provider.name, oauthError: failure.error },
          `OAuth sign-in failed: ${failure.description}`,
        );
      else
        req.log.error({ err: cause, provider: provider.name }, 'OAuth sign-in failed unexpectedly');
      if (!target) {
        sendError(res, failure.status, failure.error, failure.description);
        return;
      }
      const back = new URL(target);
      back.searchParams.set('error', failure.error);
      back.searchParams.set('error_description', failure.description);
      res.redirect(302, back.toString());
    };

    let step: CallbackStep = 'callback';
    try {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(req.query)) {
        const first = firstQueryValue(value);
        if (first !== undefined) params.set(key, first);
      }
      const { code } = provider.parseCallback({ params, expectedState: cookie('state') });
      step = 'verifier';
      const codeVerifier = cookie('verifier');
      if (!codeVerifier) {
        throw new AppError(
          'BAD_REQUEST',
          `The ${labels[provider.name]} sign-in expired or was started in another browser. Please try again.`,
          {
            provider: provider.name,
            oauthError: 'missing_verifier',
          },
        );
      }
      step = 'exchange';
      const profile = await provider.exchange({ code, codeVerifier });
      step = 'sign_in';
      const { token, session, outcome, user } = await signInWithOAuth({
        db: deps.db,
        secrets: deps.secrets,
        profile,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      req.log.info({ provider: provider.name, outcome, userId: user.id }, 'OAuth sign-in');
      res.append('Set-Cookie', sessionCookie(token, session.expiresAt, { secure }));
      res.redirect(302, (target ?? new URL(deps.settings.webAppUrl)).toString());
    } catch (error) {
      fail(describeCallbackFailure(step, error, String(req.id)), error);
    }
  });

  return routes;
}
