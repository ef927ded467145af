import { createSlackClient, type SlackClient } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';

/** The Slack app's credentials; present only when all three variables are set. */
export interface SlackSettings {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  /** Web API root override (SLACK_API_URL); Slack's own when undefined. */
  apiUrl: string | undefined;
}

/** Scopes the bot asks for at install (mirrored in docs/slack-app-manifest.yaml). */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'channels:history',
  'groups:history',
  'im:history',
  'im:write',
  'commands',
  'users:read',
  'users:read.email',
] as const;

/** What a caller reads when Slack is not configured on this server. */
export const SLACK_NOT_CONFIGURED =
  'Slack is not configured on this server: set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET.';

export function slackSettingsFromConfig(
  config: Pick<AppConfig, 'core'>,
): SlackSettings | undefined {
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET, SLACK_API_URL } = config.core;
  if (!SLACK_CLIENT_ID || !SLACK_CLIENT_SECRET || !SLACK_SIGNING_SECRET) return undefined;
  return {
    clientId: SLACK_CLIENT_ID,
    clientSecret: SLACK_CLIENT_SECRET,
    signingSecret: SLACK_SIGNING_SECRET,
    apiUrl: SLACK_API_URL,
  };
}

/** A Web API client for `settings`, with a bot token or without (OAuth exchange). */
export function slackClientFor(settings: SlackSettings, token?: string): SlackClient {
  return createSlackClient({ token, apiUrl: settings.apiUrl });
}
