import express, { Router, type Response } from 'express';
import type { ApiDeps } from '@vibemonitor/api';
import { readSessionCookie, validateSessionToken } from '@vibemonitor/auth';
import { isAppError, type AppErrorCode } from '@vibemonitor/contracts';
import { completeGithubInstall, GITHUB_NOT_CONFIGURED, receiveGithubWebhook } from '@vibemonitor/core';
import { readBearerToken } from '../cookies.js';

/** GitHub caps webhook payloads at 25 MB; ours (no file contents) stay far below this. */
export const MAX_GITHUB_WEBHOOK_BYTES = 5 * 1024 * 1024;

const httpStatus: Partial<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 404,
  UNAVAILABLE: 503,
};

const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * GitHub's REST endpoints (the browser and GitHub call them, not the SDK):
 *
 * `GET /api/v1/github/setup` is the app's Setup (and OAuth callback) URL. GitHub
 * sends the browser back here with `installation_id`, our `state` and, when the
 * app requests user authorization, a `code`; the signed-in user (session
 * cookie, or a bearer token) must be the one who started the install. It
 * redirects to WEB_APP_URL with `?github=connected`, or with
 * `?github_error=<code>&error_description=<sentence>`.
 *
 * `POST /api/v1/webhooks/github` is the webhook URL: the raw body (this router
 * parses no JSON; it is mounted before anything that would) is verified
 * against X-Hub-Signature-256, stored once per X-GitHub-Delivery and
 * processed on the queue; the answer is 202 within milliseconds.
 */
export function githubRoutes(deps: ApiDeps): Router {
  const routes = Router();

  routes.get('/api/v1/github/setup', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const back = new URL(deps.settings.webAppUrl);
    const fail = (code: string, description: string) => {
      back.searchParams.set('github_error', code);
      back.searchParams.set('error_description', description);
      res.redirect(302, back.toString());
    };
    const installationId = Number(single(req.query.installation_id));
    const state = single(req.query.state);
    if (single(req.query.setup_action) === 'request' && !single(req.query.installation_id)) {
      fail('install_requested', 'The installation is waiting for an organisation owner to approve it on GitHub.');
      return;
    }
    if (!state || !Number.isSafeInteger(installationId) || installationId <= 0) {
      fail('bad_request', 'The link from GitHub is missing its installation id or state. Start again from VibeMonitor.');
      return;
    }
    const token = readBearerToken(req.headers.authorization) ?? readSessionCookie(req.headers.cookie) ?? undefined;
    const session = token ? await validateSessionToken({ db: deps.db, token }) : null;
    try {
      const linked = await completeGithubInstall({
        db: deps.db,
        secrets: deps.secrets,
        github: deps.github,
        userId: session?.user.id,
        state,
        installationId,
        code: single(req.query.code),
      });
      req.log.info({ installationId, workspaceId: linked.workspaceId }, 'GitHub App installed');
      back.searchParams.set('github', 'connected');
      back.searchParams.set('workspaceId', linked.workspaceId);
      res.redirect(302, back.toString());
    } catch (error) {
      if (!isAppError(error)) throw error;
      req.log.warn({ installationId, code: error.code }, `GitHub install refused: ${error.message}`);
      fail(error.code.toLowerCase(), error.message);
    }
  });

  routes.post(
    '/api/v1/webhooks/github',
    express.raw({ type: () => true, limit: MAX_GITHUB_WEBHOOK_BYTES }),
    async (req, res: Response) => {
      if (!deps.github) {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: GITHUB_NOT_CONFIGURED } });
        return;
      }
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      try {
        const received = await receiveGithubWebhook({
          db: deps.db,
          queue: deps.queue,
          github: deps.github,
          delivery: {
            id: single(req.headers['x-github-delivery']),
            name: single(req.headers['x-github-event']),
            signature: single(req.headers['x-hub-signature-256']),
            rawBody,
          },
        });
        res.status(202).json({ ok: true, ...received });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const status = httpStatus[error.code] ?? 500;
        if (status === 401) req.log.warn('GitHub webhook refused: bad signature');
        res.status(status).json({ error: { code: error.code, message: error.message } });
      }
    },
  );

  return routes;
}
