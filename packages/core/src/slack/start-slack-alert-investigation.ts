import { createHash } from 'node:crypto';
import { and, asc, eq, lt } from 'drizzle-orm';
import { memberships, slackAlertFirings } from '@vibemonitor/db';
import type { LoadedSlackInstallation } from './load-slack-installation.js';
import type { SlackAlert } from './parse-slack-alert.js';
import {
  startSlackInvestigation,
  type SlackInvestigationDeps,
  type SlackStartOutcome,
} from './start-slack-investigation.js';

/** Repeats of the same alert (name and service) in a channel within this window start nothing. */
export const SLACK_ALERT_REPEAT_WINDOW_MS = 30 * 60 * 1000;

/** The question an alert asks: what it is, then its own text (untrusted: the engine's guard reads it as data). */
export function alertQuestion(alert: SlackAlert): string {
  const facts = [
    `Alert "${alert.name}" from ${alert.source}`,
    alert.severity ? `severity ${alert.severity}` : undefined,
    alert.service ? `service ${alert.service}` : undefined,
    `started at ${alert.startedAt.toISOString()}`,
  ].filter(Boolean);
  return `${facts.join(', ')}. Find the root cause.\n\nAlert text:\n${alert.content}`;
}

/**
 * Starts an investigation in the thread of an alert posted by a monitoring
 * bot, unless the same alert already started one in this channel within
 * SLACK_ALERT_REPEAT_WINDOW_MS (claimed with one upsert, so two deliveries
 * racing start one). The turn belongs to the member who installed Slack, or
 * the longest-standing owner when they are gone.
 */
export async function startSlackAlertInvestigation(
  deps: SlackInvestigationDeps,
  input: {
    loaded: LoadedSlackInstallation;
    channelId: string;
    messageTs: string;
    botId: string;
    alert: SlackAlert;
    now?: Date;
  },
): Promise<SlackStartOutcome | { kind: 'ignored'; reason: string }> {
  const { db } = deps;
  const { installation } = input.loaded;
  const workspaceId = installation.workspaceId;
  const now = input.now ?? new Date();
  if (input.alert.resolved) return { kind: 'ignored', reason: 'alert resolved' };

  const alertKey = createHash('sha256')
    .update(`${input.alert.name.toLowerCase()}\n${(input.alert.service ?? '').toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
  const claimed = await db
    .insert(slackAlertFirings)
    .values({
      workspaceId,
      installationId: installation.id,
      channelId: input.channelId,
      alertKey,
      lastStartedAt: now,
    })
    .onConflictDoUpdate({
      target: [
        slackAlertFirings.installationId,
        slackAlertFirings.channelId,
        slackAlertFirings.alertKey,
      ],
      set: { lastStartedAt: now },
      setWhere: lt(
        slackAlertFirings.lastStartedAt,
        new Date(now.getTime() - SLACK_ALERT_REPEAT_WINDOW_MS),
      ),
    })
    .returning({ id: slackAlertFirings.id });
  if (claimed.length === 0) return { kind: 'ignored', reason: 'repeat within the window' };

  const owners = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.createdAt));
  const installer = installation.installedByUserId;
  const [installerMembership] = installer
    ? await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, installer)))
    : [];
  const actorId = installerMembership?.userId ?? owners[0]?.userId;
  if (!actorId) return { kind: 'ignored', reason: 'workspace has no owner' };

  return startSlackInvestigation(deps, {
    loaded: input.loaded,
    actorId,
    channelId: input.channelId,
    slackUserId: input.botId,
    question: alertQuestion(input.alert),
    threadTs: input.messageTs,
  });
}
