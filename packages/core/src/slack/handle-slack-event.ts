import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { askFromSlack, type SlackAskOutcome } from './ask-from-slack.js';
import { loadSlackInstallation, type LoadedSlackInstallation } from './load-slack-installation.js';
import { removeSlackInstallation } from './remove-slack-installation.js';
import { parseSlackAlert } from './parse-slack-alert.js';
import { startSlackAlertInvestigation } from './start-slack-alert-investigation.js';
import type { SlackSettings } from './slack-settings.js';
import { and, eq } from 'drizzle-orm';
import { slackChannelSettings, slackThreads } from '@vibemonitor/db';

export interface SlackEventDeps {
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  settings: SlackSettings;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  logger?: ChatLogger | undefined;
}

export type SlackEventOutcome =
  SlackAskOutcome | { kind: 'ignored'; reason: string } | { kind: 'uninstalled' };

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/**
 * Acts on one Slack event (the worker side of `POST /api/v1/slack/events`):
 * `app_uninstalled` / `tokens_revoked` forget the team; `app_mention`, a DM,
 * or a reply in a thread the bot answers in asks a question; a monitoring
 * bot's alert in a channel watching alerts starts an investigation in its
 * thread. The bot's own messages, other bots' messages and edits are ignored.
 */
export async function handleSlackEvent(
  deps: SlackEventDeps,
  input: { teamId: string; event: Record<string, unknown> },
): Promise<SlackEventOutcome> {
  const { event, teamId } = input;
  const type = str(event.type);
  if (type === 'tokens_revoked') {
    // Only the bot token matters to us; revoked user tokens leave the bot working.
    const tokens = (event.tokens ?? {}) as { bot?: unknown };
    if (!Array.isArray(tokens.bot) || tokens.bot.length === 0) {
      return { kind: 'ignored', reason: 'no bot token revoked' };
    }
    await removeSlackInstallation({ db: deps.db, teamId });
    return { kind: 'uninstalled' };
  }
  if (type === 'app_uninstalled') {
    await removeSlackInstallation({ db: deps.db, teamId });
    return { kind: 'uninstalled' };
  }
  if (type !== 'app_mention' && type !== 'message')
    return { kind: 'ignored', reason: `event ${type}` };

  const loaded = await loadSlackInstallation({ ...deps, by: { teamId } });
  if (!loaded) return { kind: 'ignored', reason: 'team not installed' };
  const { installation } = loaded;
  const user = str(event.user);
  const channel = str(event.channel);
  const text = str(event.text) ?? '';
  const ts = str(event.ts);
  const threadTs = str(event.thread_ts);
  if (user === installation.botUserId) return { kind: 'ignored', reason: 'own message' };
  const botId = str(event.bot_id);
  if (botId || event.subtype === 'bot_message') {
    if (type !== 'message' || !channel || !ts || threadTs)
      return { kind: 'ignored', reason: 'bot message' };
    return handleAlert(deps, loaded, { channel, ts, botId: botId ?? 'bot', event });
  }
  if (!user || !channel || !ts) return { kind: 'ignored', reason: 'incomplete event' };
  if (str(event.subtype)) return { kind: 'ignored', reason: `subtype ${String(event.subtype)}` };

  if (type === 'message') {
    // A mention arrives twice (message + app_mention): answer the app_mention only.
    if (text.includes(`<@${installation.botUserId}>`))
      return { kind: 'ignored', reason: 'handled as app_mention' };
    if (str(event.channel_type) !== 'im') {
      if (!threadTs) return { kind: 'ignored', reason: 'channel message without mention' };
      const [known] = await deps.db
        .select({ id: slackThreads.id })
        .from(slackThreads)
        .where(
          and(
            eq(slackThreads.installationId, installation.id),
            eq(slackThreads.channelId, channel),
            eq(slackThreads.threadTs, threadTs),
          ),
        );
      if (!known) return { kind: 'ignored', reason: 'thread not ours' };
    }
  }
  return askFromSlack({
    ...deps,
    loaded,
    channelId: channel,
    slackUserId: user,
    text,
    threadTs: threadTs ?? ts,
    messageTs: ts,
  });
}

/** A monitoring bot's message in a channel watching alerts starts an investigation in its thread. */
async function handleAlert(
  deps: SlackEventDeps,
  loaded: LoadedSlackInstallation,
  input: { channel: string; ts: string; botId: string; event: Record<string, unknown> },
): Promise<SlackEventOutcome> {
  const [channel] = await deps.db
    .select({ alerts: slackChannelSettings.alerts })
    .from(slackChannelSettings)
    .where(
      and(
        eq(slackChannelSettings.installationId, loaded.installation.id),
        eq(slackChannelSettings.channelId, input.channel),
      ),
    );
  if (!channel?.alerts) return { kind: 'ignored', reason: 'bot message' };
  const alert = parseSlackAlert(input.event);
  if (!alert) return { kind: 'ignored', reason: 'not a known monitoring bot' };
  return startSlackAlertInvestigation(deps, {
    loaded,
    channelId: input.channel,
    messageTs: input.ts,
    botId: input.botId,
    alert,
  });
}
