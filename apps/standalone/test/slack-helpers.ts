// Slack test helpers: a stack wired to the fake Slack Web API, signed deliveries, installs.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  signSlackRequest,
  startFakeSlack,
  type FakeSlack,
  type FakeSlackUser,
} from '@vibemonitor/integrations/testing';
import { startChatWorker, type Investigator } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import type { TestUser } from './users.js';
import type { StartedWorker, StartWorkerOptions } from '@vibemonitor/worker';

export const SLACK_CLIENT_ID = '111.222';
export const SLACK_CLIENT_SECRET = 'slack-client-secret';
export const SLACK_SIGNING_SECRET = 'slack-signing-secret';

export interface SlackStack {
  stack: TestStack;
  slack: FakeSlack;
  worker: StartedWorker;
  close(): Promise<void>;
}

/** The real stack (server + worker with `investigator`) talking to a fake Slack through SLACK_API_URL. */
export async function startSlackStack(
  investigator: Investigator,
  workerOptions: Partial<Omit<StartWorkerOptions, 'runtime' | 'investigator'>> = {},
): Promise<SlackStack> {
  const slack = await startFakeSlack({
    clientId: SLACK_CLIENT_ID,
    clientSecret: SLACK_CLIENT_SECRET,
  });
  const stack = await startTestStack({
    worker: false,
    env: {
      SLACK_CLIENT_ID,
      SLACK_CLIENT_SECRET,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      WEB_APP_URL: 'http://web.example',
      // The fake integrations of these tests listen on loopback (refused by default in distributed mode).
      ALLOW_PRIVATE_INTEGRATION_URLS: 'true',
    },
  });
  const worker = await startChatWorker(stack, investigator, {
    slackStatusIntervalMs: 50,
    ...workerOptions,
  });
  return {
    stack,
    slack,
    worker,
    async close() {
      await worker.close(2_000);
      await stack.close();
      await slack.close();
    },
  };
}

/** Adds a Slack team whose people are `members` (matched by email) plus anyone in `others`. */
export function addTeam(
  slack: FakeSlack,
  teamId: string,
  members: TestUser[],
  others: FakeSlackUser[] = [],
) {
  slack.addTeam({
    id: teamId,
    name: `Team ${teamId}`,
    botUserId: `UBOT${teamId}`,
    users: [
      ...members.map((m, i) => ({ id: `U${teamId}${i}`, name: m.name, email: m.email })),
      ...others,
    ],
  });
}

/** Runs the install as a browser would: installUrl, Slack's redirect with a code, our callback. */
export async function installSlack(
  s: SlackStack,
  owner: TestUser,
  workspaceId: string,
  teamId: string,
): Promise<{ location: URL; state: string }> {
  const { url } = await owner.client.slack.installUrl.mutate({ workspaceId });
  const state = new URL(url).searchParams.get('state')!;
  const location = await callback(s, { code: s.slack.issueCode(teamId), state });
  return { location, state };
}

/** GETs our OAuth callback and returns where it redirects. */
export async function callback(s: SlackStack, query: Record<string, string>): Promise<URL> {
  const response = await fetch(
    `${s.stack.url}/api/v1/slack/oauth/callback?${new URLSearchParams(query)}`,
    {
      redirect: 'manual',
    },
  );
  if (response.status !== 303) throw new Error(`callback answered ${response.status}`);
  return new URL(response.headers.get('location')!);
}

/** POSTs a body to a Slack endpoint, signed like Slack (or as `sign` says). */
export async function deliver(
  s: SlackStack,
  path: 'events' | 'commands' | 'interactivity',
  body: string,
  options: { timestampSeconds?: number; secret?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; ms: number }> {
  const signed = signSlackRequest({
    signingSecret: options.secret ?? SLACK_SIGNING_SECRET,
    body,
    ...(options.timestampSeconds !== undefined
      ? { timestampSeconds: options.timestampSeconds }
      : {}),
  });
  const started = performance.now();
  const response = await fetch(`${s.stack.url}/api/v1/slack/${path}`, {
    method: 'POST',
    headers: {
      'content-type': path === 'events' ? 'application/json' : 'application/x-www-form-urlencoded',
      ...signed,
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

let eventCounter = 0;

/** An Events API `event_callback` envelope. */
export function eventEnvelope(
  teamId: string,
  event: Record<string, unknown>,
  eventId = `Ev${Date.now()}${++eventCounter}`,
) {
  return {
    eventId,
    body: JSON.stringify({
      type: 'event_callback',
      team_id: teamId,
      api_app_id: 'A0FAKE',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    }),
  };
}

let lastMicros = 0;
/** A fresh Slack message ts (seconds.microseconds of now, increasing). */
export function nextTs(): string {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  return `${Math.floor(lastMicros / 1_000_000)}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
}

/** A mention of the team's bot in a channel. */
export function mention(
  teamId: string,
  user: string,
  text: string,
  extra: Record<string, unknown> = {},
) {
  return eventEnvelope(teamId, {
    type: 'app_mention',
    user,
    text: `<@UBOT${teamId}> ${text}`,
    ts: nextTs(),
    channel: 'C0INCIDENT',
    ...extra,
  });
}

/** Polls `check` until it returns a value (not undefined) or the timeout passes. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** An `interactivity` form body. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
