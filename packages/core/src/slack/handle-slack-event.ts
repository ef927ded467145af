import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { askFromSlack, type SlackAskOutcome } from './ask-from-slack.js';
import { loadSlackInstallation } from './load-slack-installation.js';
import { removeSlackInstallation } from './remove-slack-installation.js';
import type { SlackSettings } from './slack-settings.js';
import { and, eq } from 'drizzle-orm';
import { slackThreads } from '@vibemonitor/db';

export interface SlackEventDeps {
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  settings: SlackSettings;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  logger?: ChatLogger | undefined;
}

export type SlackEventOutcome = SlackAskOutcome | { kind: 'ignored'; reason: string } | { kind: 'uninstalled' };

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * Acts on one Slack event (the worker side of `POST /api/v1/slack/events`):
 * `app_uninstalled` / `tokens_revoked` forget the team; `app_mention`, a DM,
 * or a reply in a thread the bot answers in asks a question. The bot's own
 * messages, other bots' messages and edits are ignored.
 */
export async function handleSlackEvent(
  deps: SlackEventDeps,
  input: { teamId: string; event: Record<string, unknown> },
): Promise<SlackEventOutcome> {
  const { event, teamId } = input;
  const type = str(event.type);
  if (type === 'app_uninstalled' || type === 'tokens_revoked') {
    await removeSlackInstallation({ db: deps.db, teamId });
    return { kind: 'uninstalled' };
  }
  if (type !== 'app_mention' && type !== 'message') return { kind: 'ignored', reason: `event ${type}` };

  const loaded = await loadSlackInstallation({ ...deps, by: { teamId } });
  if (!loaded) return { kind: 'ignored', reason: 'team not installed' };
  const { installation } = loaded;
  const user = str(event.user);
  const channel = str(event.channel);
  const text = str(event.text) ?? '';
  const ts = str(event.ts);
  const threadTs = str(event.thread_ts);
  if (!user || !channel || !ts) return { kind: 'ignored', reason: 'incomplete event' };
  if (str(event.bot_id) || user === installation.botUserId) return { kind: 'ignored', reason: 'bot message' };
  if (str(event.subtype)) return { kind: 'ignored', reason: `subtype ${String(event.subtype)}` };

  if (type === 'message') {
    // A mention arrives twice (message + app_mention): answer the app_mention only.
    if (text.includes(`<@${installation.botUserId}>`)) return { kind: 'ignored', reason: 'handled as app_mention' };
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
  });
}
