import { and, desc, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import {
  chatTurns,
  slackChannelSettings,
  slackThreads,
  slackTurnMessages,
  type Database,
} from '@vibemonitor/db';
import type { Notifier } from '../notifications/notifier.js';
import { loadSlackInstallation } from './load-slack-installation.js';
import { escapeMrkdwn } from './render-slack-answer.js';
import type { SlackSettings } from './slack-settings.js';

/** A finished turn's summary, from its stored report or error. */
function summaryOf(turn: { report: unknown; error: unknown }): string {
  const pick = (value: unknown, key: string): string | undefined =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[key] === 'string'
      ? ((value as Record<string, unknown>)[key] as string)
      : undefined;
  return pick(turn.report, 'summary') ?? pick(turn.error, 'message') ?? 'No summary.';
}

/**
 * Posts workspace notifications (an investigation finished or failed, an
 * integration started failing) to the Slack channels the workspace chose for
 * them. Turns asked from Slack are skipped: their thread already has the answer.
 * An alert group gets a thread of its own: its investigation's result is posted in it.
 */
export function createSlackNotifier({
  db,
  secrets,
  settings,
  webAppUrl,
}: {
  db: Database;
  secrets: SecretBox;
  settings: SlackSettings;
  webAppUrl: string | undefined;
}): Notifier {
  return {
    async notify(notification) {
      const channels = await db
        .select({ channelId: slackChannelSettings.channelId })
        .from(slackChannelSettings)
        .where(
          and(
            eq(slackChannelSettings.workspaceId, notification.workspaceId),
            eq(slackChannelSettings.notifications, true),
          ),
        );
      if (channels.length === 0) return;
      if (notification.kind === 'turn_finished') {
        const [fromSlack] = await db
          .select({ turnId: slackTurnMessages.turnId })
          .from(slackTurnMessages)
          .where(eq(slackTurnMessages.turnId, notification.turnId));
        if (fromSlack) return;
      }
      const loaded = await loadSlackInstallation({
        db,
        secrets,
        settings,
        by: { workspaceId: notification.workspaceId },
      });
      if (!loaded) return;
      const base = webAppUrl?.replace(/\/+$/, '');
      const finishedText = (turn: {
        sessionId: string;
        turnId: string;
        status: 'completed' | 'failed';
        summary: string;
      }) => {
        const link = base
          ? ` <${base}/chat/${turn.sessionId}?turn=${turn.turnId}|Open the report>`
          : '';
        const summary = escapeMrkdwn(turn.summary.slice(0, 1000));
        return turn.status === 'completed'
          ? `:white_check_mark: Investigation finished: ${summary}${link}`
          : `:x: Investigation failed: ${summary}${link}`;
      };
      let text: string;
      const [turn] =
        notification.kind === 'turn_finished' || notification.kind === 'alert_firing'
          ? await db
              .select({
                source: chatTurns.source,
                status: chatTurns.status,
                report: chatTurns.report,
                error: chatTurns.error,
              })
              .from(chatTurns)
              .where(eq(chatTurns.id, notification.turnId))
          : [];
      if (notification.kind === 'turn_finished') {
        text = finishedText(notification);
      } else if (notification.kind === 'alert_firing') {
        const where = [notification.service, notification.environment]
          .filter(Boolean)
          .map((v) => escapeMrkdwn(v!))
          .join(' / ');
        const link = base
          ? ` <${base}/chat/${notification.sessionId}?turn=${notification.turnId}|Follow it>`
          : '';
        text =
          `:rotating_light: Alert *${escapeMrkdwn(notification.title)}*${where ? ` (${where})` : ''} firing since ${notification.startsAt}: ` +
          `investigating.${link}`;
      } else {
        text =
          `:warning: Integration ${escapeMrkdwn(notification.name)} (${escapeMrkdwn(notification.provider)}) is failing its health checks: ` +
          `${escapeMrkdwn(notification.message.slice(0, 1000))}. Investigations cannot use it until it is fixed.`;
      }
      const installationId = loaded.installation.id;
      for (const { channelId } of channels) {
        if (notification.kind === 'alert_firing') {
          // One thread per alert group: the result lands in it, and replies there continue the session.
          const root = await loaded.client.chat.postMessage({ channel: channelId, text });
          if (root.ts) {
            await db
              .insert(slackThreads)
              .values({
                workspaceId: notification.workspaceId,
                installationId,
                channelId,
                threadTs: root.ts,
                sessionId: notification.sessionId,
              })
              .onConflictDoNothing();
            // The investigation may have finished before this message existed: answer in the thread now.
            const [current] = await db
              .select({
                status: chatTurns.status,
                report: chatTurns.report,
                error: chatTurns.error,
              })
              .from(chatTurns)
              .where(eq(chatTurns.id, notification.turnId));
            if (current?.status === 'completed' || current?.status === 'failed') {
              await loaded.client.chat.postMessage({
                channel: channelId,
                thread_ts: root.ts,
                text: finishedText({
                  sessionId: notification.sessionId,
                  turnId: notification.turnId,
                  status: current.status,
                  summary: summaryOf(current),
                }),
              });
            }
          }
          continue;
        }
        const [thread] =
          notification.kind === 'turn_finished'
            ? await db
                .select({ threadTs: slackThreads.threadTs })
                .from(slackThreads)
                .where(
                  and(
                    eq(slackThreads.installationId, installationId),
                    eq(slackThreads.channelId, channelId),
                    eq(slackThreads.sessionId, notification.sessionId),
                  ),
                )
                .orderBy(desc(slackThreads.createdAt))
                .limit(1)
            : [];
        // An alert's result goes in the alert's thread; without one yet, the alert message will carry it.
        if (notification.kind === 'turn_finished' && turn?.source === 'alert' && !thread) continue;
        await loaded.client.chat.postMessage({
          channel: channelId,
          text,
          ...(thread ? { thread_ts: thread.threadTs } : {}),
        });
      }
    },
  };
}
