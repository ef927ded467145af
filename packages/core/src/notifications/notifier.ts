import { channels, type WorkspaceNotification } from '@vibemonitor/contracts';
import type { EventBus } from '@vibemonitor/jobs';

/** Delivers workspace notifications somewhere people see them. */
export interface Notifier {
  notify(notification: WorkspaceNotification): Promise<void>;
}

/** Web delivery: publishes on the workspace's bus channel, which `notifications.stream` relays over SSE. */
export function createBusNotifier(bus: EventBus): Notifier {
  return {
    notify: (notification) =>
      bus.publish(channels.workspaceNotifications(notification.workspaceId), notification),
  };
}

/**
 * Fans one notification out to several notifiers. One failing channel (Slack
 * down) must not keep the others from delivering, so every notifier runs and
 * the failures are reported together afterwards.
 */
export function combineNotifiers(notifiers: Notifier[]): Notifier {
  return {
    async notify(notification) {
      const results = await Promise.allSettled(notifiers.map((n) => n.notify(notification)));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length > 0) {
        throw new AggregateError(
          failures.map((f) => f.reason),
          `${failures.length} of ${notifiers.length} notifiers failed`,
        );
      }
    },
  };
}
