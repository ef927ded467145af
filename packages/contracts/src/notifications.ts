import { z } from 'zod';

/**
 * Something a workspace's people may want to hear about outside the turn's
 * own stream (a finished investigation). Delivered by notifiers: the web
 * console through the event bus today; Slack plugs in as another notifier.
 */
export const workspaceNotificationSchema = z.object({
  kind: z.literal('turn_finished'),
  workspaceId: z.string(),
  sessionId: z.string(),
  turnId: z.string(),
  status: z.enum(['completed', 'failed']),
  /** The report's summary, or the error message of a failed turn. */
  summary: z.string(),
  at: z.string(),
});
export type WorkspaceNotification = z.infer<typeof workspaceNotificationSchema>;
