import { z } from 'zod';

/** An investigation finished or failed. */
export const turnFinishedNotificationSchema = z.object({
  kind: z.literal('turn_finished'),
  workspaceId: z.string(),
  sessionId: z.string(),
  turnId: z.string(),
  status: z.enum(['completed', 'failed']),
  /** The report's summary, or the error message of a failed turn. */
  summary: z.string(),
  at: z.string(),
});
export type TurnFinishedNotification = z.infer<typeof turnFinishedNotificationSchema>;

/** A connected integration started failing its health checks (sent on the change, not on every check). */
export const integrationFailingNotificationSchema = z.object({
  kind: z.literal('integration_failing'),
  workspaceId: z.string(),
  integrationId: z.string(),
  provider: z.string(),
  name: z.string(),
  /** What the health check found, in plain words. */
  message: z.string(),
  at: z.string(),
});
export type IntegrationFailingNotification = z.infer<typeof integrationFailingNotificationSchema>;

/** An alert group posted to an alert endpoint started an investigation. */
export const alertFiringNotificationSchema = z.object({
  kind: z.literal('alert_firing'),
  workspaceId: z.string(),
  groupId: z.string(),
  sessionId: z.string(),
  turnId: z.string(),
  title: z.string(),
  service: z.string().nullable(),
  environment: z.string().nullable(),
  startsAt: z.string(),
  at: z.string(),
});
export type AlertFiringNotification = z.infer<typeof alertFiringNotificationSchema>;

/**
 * Something a workspace's people may want to hear about outside the turn's
 * own stream. Delivered by notifiers: the web console through the event bus,
 * and Slack channels chosen per workspace.
 */
export const workspaceNotificationSchema = z.discriminatedUnion('kind', [
  turnFinishedNotificationSchema,
  integrationFailingNotificationSchema,
  alertFiringNotificationSchema,
]);
export type WorkspaceNotification = z.infer<typeof workspaceNotificationSchema>;
