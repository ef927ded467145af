import { eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import type { RcaEvent, RcaReport, RcaUsage } from '@vibemonitor/contracts';
import { chatTurns, slackInstallations, slackTurnMessages, type Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { SlackClient } from '@vibemonitor/integrations';
import type { ChatLogger } from '../chat/chat-logger.js';
import { openTurnStream } from '../chat/stream-turn-events.js';
import { escapeMrkdwn, renderSlackAnswer, renderSlackFailure } from './render-slack-answer.js';
import { slackClientFor, type SlackSettings } from './slack-settings.js';

/** chat.update is a Tier 3 method (about 50 a minute): one update per second per turn stays well inside. */
export const SLACK_STATUS_MIN_INTERVAL_MS = 1_000;
/** Consecutive failed status updates after which progress stops (the answer is still attempted). */
export const SLACK_STATUS_MAX_FAILURES = 3;
const STEPS_SHOWN = 6;

function describeStep(event: RcaEvent): string | undefined {
  switch (event.type) {
    case 'attempt_started':
      return event.attempt > 1 ? `Restarted (attempt ${event.attempt})` : undefined;
    case 'tool_start':
      return `Running ${event.tool}…`;
    case 'tool_end':
      return `${event.status === 'ok' ? '✓' : '✗'} ${event.tool}: ${event.summary}`;
    case 'finding':
      return `${event.interesting ? '•' : '·'} ${event.check}: ${event.summary}`;
    case 'thinking':
      return event.text.length > 0 ? `Thinking: ${event.text.slice(0, 140)}` : undefined;
    default:
      return undefined;
  }
}

/** Status text: a header and the last few steps. */
function statusText(header: string, steps: string[]): string {
  const shown = steps.slice(-STEPS_SHOWN).map((s) => `> ${escapeMrkdwn(s.slice(0, 300))}`);
  const hidden = steps.length - shown.length;
  return [header, ...(hidden > 0 ? [`> … ${hidden} earlier steps`] : []), ...shown].join('\n');
}

/**
 * Updates one message at most every `minIntervalMs`, always ending on the
 * latest text (a trailing update). After SLACK_STATUS_MAX_FAILURES failures
 * in a row it stops trying: progress is a courtesy, the answer is what matters.
 */
function createStatusUpdater(options: {
  client: SlackClient;
  channel: string;
  ts: string;
  minIntervalMs: number;
  logger?: ChatLogger | undefined;
}) {
  let latest: string | undefined;
  let lastAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let failures = 0;
  let stopped = false;

  const flush = () => {
    timer = undefined;
    const text = latest;
    latest = undefined;
    if (text === undefined || stopped) return;
    lastAt = Date.now();
    inFlight = inFlight.then(async () => {
      try {
        await options.client.chat.update({ channel: options.channel, ts: options.ts, text });
        failures = 0;
      } catch (error) {
        failures++;
        if (failures >= SLACK_STATUS_MAX_FAILURES) {
          stopped = true;
          options.logger?.warn(
            { err: error },
            'Slack status updates stopped after repeated failures',
          );
        }
      }
    });
  };

  return {
    schedule(text: string) {
      if (stopped) return;
      latest = text;
      if (timer) return;
      const wait = lastAt + options.minIntervalMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    /** Drops any pending update and waits for the one in flight. */
    async close(): Promise<{ stopped: boolean }> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      latest = undefined;
      await inFlight;
      return { stopped };
    },
    get stopped() {
      return stopped;
    },
  };
}

/**
 * Follows a turn asked from Slack on the same event stream the web console
 * reads (`openTurnStream`: bus notifications backed by the stored events):
 * each step updates the thread's status message in place, rate limited, and
 * when the turn ends the answer (or the failure) is posted in the thread.
 * Re-running it for a turn already answered does nothing.
 */
export async function followSlackTurn({
  db,
  bus,
  secrets,
  settings,
  workspaceId,
  turnId,
  webAppUrl,
  logger,
  minIntervalMs = SLACK_STATUS_MIN_INTERVAL_MS,
  signal,
}: {
  db: Database;
  bus: EventBus;
  secrets: SecretBox;
  settings: SlackSettings;
  workspaceId: string;
  turnId: string;
  /** Base URL of the web console, for the "full report" link. */
  webAppUrl: string | undefined;
  logger?: ChatLogger | undefined;
  minIntervalMs?: number;
  signal?: AbortSignal;
}): Promise<'answered' | 'skipped'> {
  const [row] = await db
    .select({
      target: slackTurnMessages,
      tokenEnc: slackInstallations.botTokenEnc,
      sessionId: chatTurns.sessionId,
    })
    .from(slackTurnMessages)
    .innerJoin(slackInstallations, eq(slackInstallations.id, slackTurnMessages.installationId))
    .innerJoin(chatTurns, eq(chatTurns.id, slackTurnMessages.turnId))
    .where(eq(slackTurnMessages.turnId, turnId));
  if (!row || row.target.workspaceId !== workspaceId || row.target.answeredAt) return 'skipped';
  const { target } = row;
  const client = slackClientFor(settings, secrets.decryptSecret(row.tokenEnc));

  const updater = target.statusTs
    ? createStatusUpdater({
        client,
        channel: target.channelId,
        ts: target.statusTs,
        minIntervalMs,
        logger,
      })
    : undefined;
  const steps: string[] = [];
  let outcome:
    | { kind: 'complete'; report: RcaReport; usage: RcaUsage }
    | { kind: 'failed'; message: string }
    | undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let status: { stopped: boolean } | undefined;
  try {
    const stream = await openTurnStream({
      db,
      bus,
      workspaceId,
      turnId,
      afterSeq: 0,
      signal: controller.signal,
    });
    for await (const { event } of stream) {
      if (event.type === 'complete')
        outcome = { kind: 'complete', report: event.report, usage: event.usage };
      else if (event.type === 'error') outcome = { kind: 'failed', message: event.message };
      else if (event.type === 'cancelled')
        outcome = { kind: 'failed', message: `cancelled (${event.reason})` };
      else {
        const step = describeStep(event);
        if (step) {
          steps.push(step);
          updater?.schedule(statusText(':hourglass_flowing_sand: Investigating…', steps));
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Whatever happened: no timer may update Slack after this job gave up its slot.
    status = await updater?.close();
  }
  if (signal?.aborted) throw signal.reason;
  if (!outcome) return 'skipped';

  const done =
    outcome.kind === 'complete'
      ? `:white_check_mark: Investigation finished (${steps.length} steps). Answer below.`
      : ':x: Investigation did not finish.';
  if (target.statusTs && !status?.stopped) {
    await client.chat
      .update({ channel: target.channelId, ts: target.statusTs, text: statusText(done, steps) })
      .catch((error: unknown) => logger?.warn({ err: error }, 'final Slack status update failed'));
  }
  const base = webAppUrl?.replace(/\/+$/, '');
  const messages =
    outcome.kind === 'complete'
      ? renderSlackAnswer({
          report: outcome.report,
          usage: outcome.usage,
          turnId,
          reportUrl: base ? `${base}/chat/${row.sessionId}?turn=${turnId}` : undefined,
        })
      : [renderSlackFailure(outcome.message)];
  for (const message of messages) {
    await client.chat.postMessage({
      channel: target.channelId,
      thread_ts: target.threadTs,
      text: message.text,
      blocks: message.blocks as never,
    });
  }
  await db
    .update(slackTurnMessages)
    .set({ answeredAt: new Date() })
    .where(eq(slackTurnMessages.turnId, turnId));
  return 'answered';
}
