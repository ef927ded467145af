import { askFromSlack, type SlackAskOutcome } from './ask-from-slack.js';
import type { SlackEventDeps } from './handle-slack-event.js';
import { loadSlackInstallation } from './load-slack-installation.js';

/** `/vibemonitor <question>`: asks in a new message of the channel, answered in its thread. */
export async function handleSlackCommand(
  deps: SlackEventDeps,
  input: { teamId: string; channelId: string; userId: string; text: string },
): Promise<SlackAskOutcome | { kind: 'ignored'; reason: string }> {
  const loaded = await loadSlackInstallation({ ...deps, by: { teamId: input.teamId } });
  if (!loaded) return { kind: 'ignored', reason: 'team not installed' };
  return askFromSlack({
    ...deps,
    loaded,
    channelId: input.channelId,
    slackUserId: input.userId,
    text: input.text,
    threadTs: undefined,
  });
}
