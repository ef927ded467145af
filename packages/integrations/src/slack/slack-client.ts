import { LogLevel, WebClient, type Logger, type WebAPICallResult } from '@slack/web-api';

export type SlackClient = WebClient;
export type SlackCallResult = WebAPICallResult;

/** Slack's Web API root (the documented `slackApiUrl` default). */
export const SLACK_API_URL = 'https://slack.com/api/';
/** Where a browser starts an OAuth v2 install. */
export const SLACK_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';

/** Where the SDK's own log lines go: nowhere unless a logger is given (ours logs outcomes itself). */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export interface SlackClientOptions {
  /** A bot token (`xoxb-...`); none for `oauth.v2.access`. */
  token?: string | undefined;
  /** Replaces Slack's API root (proxies, the local fake in tests). */
  apiUrl?: string | undefined;
  /** Deadline of one HTTP call. Default 10 s. */
  timeoutMs?: number;
  /** Retries after network errors and 5xx. Default 2 (the SDK's default keeps retrying for 30 min). */
  retries?: number;
  /** Receives the SDK's log lines (retries, rate limits); silent by default. */
  logger?: Logger;
}

/**
 * A thin wrapper over `@slack/web-api`'s WebClient. The SDK already honours
 * `Retry-After` on 429 (it waits and retries); we only bound the other retries
 * so a dead Slack cannot hold a job for half an hour.
 */
export function createSlackClient(options: SlackClientOptions = {}): SlackClient {
  const apiUrl = options.apiUrl ?? SLACK_API_URL;
  return new WebClient(options.token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    timeout: options.timeoutMs ?? 10_000,
    logger: options.logger ?? silentLogger,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    // Never follow an absolute URL given as a method name away from apiUrl.
    allowAbsoluteUrls: false,
  });
}
