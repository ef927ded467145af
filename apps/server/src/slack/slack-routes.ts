import express, { Router, type Request, type Response } from 'express';
import type { ApiDeps } from '@vibemonitor/api';
import { isAppError } from '@vibemonitor/contracts';
import {
  completeSlackInstall,
  forgetSlackDelivery,
  handleSlackInteraction,
  recordSlackDelivery,
  SLACK_NOT_CONFIGURED,
  verifySlackDelivery,
  type SlackSettings,
} from '@vibemonitor/core';

/** Slack's payloads are small; anything bigger is not Slack. */
const MAX_SLACK_BODY = '512kb';

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The verified raw body of a Slack request as text, or undefined after
 * answering (404 when Slack is off, 401 for a missing, wrong or stale
 * signature: nothing is parsed or stored before this passes).
 */
function verified(
  settings: SlackSettings | undefined,
  req: Request,
  res: Response,
): string | undefined {
  if (!settings) {
    sendError(res, 404, 'NOT_FOUND', SLACK_NOT_CONFIGURED);
    return undefined;
  }
  const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const result = verifySlackDelivery({
    settings,
    rawBody,
    timestamp: header(req, 'x-slack-request-timestamp'),
    signature: header(req, 'x-slack-signature'),
  });
  if (!result.ok) {
    req.log.warn({ reason: result.reason }, 'Slack request refused');
    sendError(res, 401, 'UNAUTHORIZED', 'Invalid Slack signature.');
    return undefined;
  }
  return rawBody;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records a delivery and queues its work; false for a repeat. When queueing
 * fails the record is removed and the error rethrown (Slack gets a 500 and
 * retries, and the retry is not mistaken for a duplicate).
 */
async function acceptOnce(
  deps: ApiDeps,
  deliveryId: string,
  enqueue: () => Promise<unknown>,
): Promise<boolean> {
  if (!(await recordSlackDelivery({ db: deps.db, deliveryId }))) return false;
  try {
    await enqueue();
  } catch (error) {
    await forgetSlackDelivery({ db: deps.db, deliveryId });
    throw error;
  }
  return true;
}

/**
 * Slack's HTTP endpoints. Raw bodies (mounted before any JSON parser): the
 * signature covers the exact bytes. Every POST is answered within Slack's
 * 3 seconds: events and slash commands are queued (`slack.event`,
 * `slack.command`), deduplicated by Slack's event id (retries carry
 * `X-Slack-Retry-Num` and the same id) or the command's trigger id; button
 * clicks and the comment modal are single writes done inline.
 */
export function slackRoutes(deps: ApiDeps): Router {
  const routes = Router();
  const raw = express.raw({ type: () => true, limit: MAX_SLACK_BODY });
  const settings = deps.slack;

  routes.get('/api/v1/slack/oauth/callback', async (req, res) => {
    const target = new URL(deps.settings.webAppUrl);
    const fail = (code: string, message: string) => {
      target.searchParams.set('slack', 'error');
      target.searchParams.set('error', code);
      target.searchParams.set('error_description', message);
      res.redirect(303, target.toString());
    };
    if (!settings) return fail('NOT_FOUND', SLACK_NOT_CONFIGURED);
    const { code, state, error } = req.query;
    if (typeof error === 'string') return fail('CANCELLED', 'The Slack install was cancelled.');
    if (typeof code !== 'string' || typeof state !== 'string' || !code || !state) {
      return fail('BAD_REQUEST', 'The Slack callback is missing its code or state.');
    }
    try {
      const installed = await completeSlackInstall({
        db: deps.db,
        secrets: deps.secrets,
        settings,
        state,
        code,
        redirectUri: `${deps.settings.publicUrl}/api/v1/slack/oauth/callback`,
      });
      target.searchParams.set('slack', 'connected');
      target.searchParams.set('workspaceId', installed.workspaceId);
      if (installed.teamName) target.searchParams.set('team', installed.teamName);
      res.redirect(303, target.toString());
    } catch (err) {
      if (!isAppError(err)) {
        req.log.error({ err }, 'Slack install failed');
        return fail('INTERNAL', 'The Slack install failed. Try again.');
      }
      return fail(err.code, err.message);
    }
  });

  routes.post('/api/v1/slack/events', raw, async (req, res) => {
    const body = verified(settings, req, res);
    if (body === undefined) return;
    const payload = parseJson(body);
    if (!payload) return sendError(res, 400, 'BAD_REQUEST', 'Body must be JSON.');
    if (payload.type === 'url_verification') {
      return res.json({
        challenge: typeof payload.challenge === 'string' ? payload.challenge : '',
      });
    }
    const eventId = payload.event_id;
    const teamId = payload.team_id;
    const event = payload.event;
    if (
      payload.type !== 'event_callback' ||
      typeof eventId !== 'string' ||
      typeof teamId !== 'string' ||
      typeof event !== 'object' ||
      event === null
    ) {
      return res.status(200).end();
    }
    const accepted = await acceptOnce(deps, `event-${eventId}`, () =>
      deps.queue.enqueue(
        'slack.event',
        { teamId, eventId, event: event as Record<string, unknown> },
        { jobId: `slack-event-${eventId}` },
      ),
    );
    if (!accepted)
      req.log.info({ eventId, retry: header(req, 'x-slack-retry-num') }, 'Slack retry ignored');
    res.status(200).end();
  });

  routes.post('/api/v1/slack/commands', raw, async (req, res) => {
    const body = verified(settings, req, res);
    if (body === undefined) return;
    const form = new URLSearchParams(body);
    const teamId = form.get('team_id');
    const channelId = form.get('channel_id');
    const userId = form.get('user_id');
    const triggerId = form.get('trigger_id');
    const text = (form.get('text') ?? '').trim();
    if (!teamId || !channelId || !userId || !triggerId) {
      return sendError(res, 400, 'BAD_REQUEST', 'Not a Slack slash command.');
    }
    if (!text) {
      return res.json({
        response_type: 'ephemeral',
        text: 'Usage: `/vibemonitor <question>`, e.g. `/vibemonitor why is checkout slow?`',
      });
    }
    await acceptOnce(deps, `command-${triggerId}`, () =>
      deps.queue.enqueue('slack.command', { teamId, channelId, userId, text }),
    );
    res.json({
      response_type: 'ephemeral',
      text: 'On it: I will post the investigation in this channel.',
    });
  });

  routes.post('/api/v1/slack/interactivity', raw, async (req, res) => {
    const body = verified(settings, req, res);
    if (body === undefined || !settings) return;
    const payload = parseJson(new URLSearchParams(body).get('payload') ?? '');
    if (!payload) return sendError(res, 400, 'BAD_REQUEST', 'Missing interaction payload.');
    const reply = await handleSlackInteraction({
      db: deps.db,
      secrets: deps.secrets,
      settings,
      payload,
    });
    if (reply.body) res.status(reply.status).json(reply.body);
    else res.status(reply.status).end();
  });

  return routes;
}
