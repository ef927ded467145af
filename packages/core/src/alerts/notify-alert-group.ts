import { and, eq } from 'drizzle-orm';
import { alertGroups, type Database } from '@vibemonitor/db';
import type { Notifier } from '../notifications/notifier.js';

/**
 * Tells the workspace's notifiers (web console, Slack) that an alert group
 * started an investigation. A group deleted since, or already on another
 * turn, is skipped.
 */
export async function notifyAlertGroup({
  db,
  notifier,
  workspaceId,
  groupId,
  turnId,
  now = new Date(),
}: {
  db: Database;
  notifier: Notifier;
  workspaceId: string;
  groupId: string;
  turnId: string;
  now?: Date;
}): Promise<boolean> {
  const [group] = await db
    .select({
      title: alertGroups.title,
      service: alertGroups.service,
      environment: alertGroups.environment,
      startsAt: alertGroups.startsAt,
      sessionId: alertGroups.sessionId,
      turnId: alertGroups.turnId,
    })
    .from(alertGroups)
    .where(and(eq(alertGroups.id, groupId), eq(alertGroups.workspaceId, workspaceId)));
  if (!group?.sessionId || group.turnId !== turnId) return false;
  await notifier.notify({
    kind: 'alert_firing',
    workspaceId,
    groupId,
    sessionId: group.sessionId,
    turnId,
    title: group.title,
    service: group.service,
    environment: group.environment,
    startsAt: group.startsAt.toISOString(),
    at: now.toISOString(),
  });
  return true;
}
