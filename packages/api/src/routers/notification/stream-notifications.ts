import { channels, workspaceNotificationSchema } from '@vibemonitor/contracts';
import { workspaceProcedure } from '../../trpc.js';

/**
 * Live notifications of one workspace (finished investigations), for the web
 * console's toasts and badges. Not replayed: what they announce is stored on
 * the turn, so a client that was away reads it from `chat.sessions.list`.
 */
export const streamNotifications = workspaceProcedure('user').subscription(async function* ({
  ctx,
  input,
  signal,
}) {
  const gauge = ctx.deps.metrics.activeSubscriptions;
  gauge.inc({ path: 'notification.stream' });
  const messages = await ctx.deps.bus.subscribeIterator(
    channels.workspaceNotifications(input.workspaceId),
    { signal },
  );
  try {
    for await (const message of messages) {
      const parsed = workspaceNotificationSchema.safeParse(message);
      // Only this workspace's notifications, whatever arrives on the channel.
      if (parsed.success && parsed.data.workspaceId === input.workspaceId) yield parsed.data;
    }
  } finally {
    gauge.dec({ path: 'notification.stream' });
    await messages.close();
  }
});
