import type { Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import type { Notifier } from '../notifications/notifier.js';
import { emitWebhookEvent } from './emit-webhook-event.js';

/**
 * Turns workspace notifications into outgoing webhook events: a finished turn
 * becomes `investigation.completed` or `investigation.failed`. Integration
 * health changes are emitted by the health check itself (every change, not
 * only to failing), so this notifier leaves them alone.
 */
export function createWebhookNotifier({
  db,
  queue,
  logger,
}: {
  db: Database;
  queue: JobQueue;
  logger?: ChatLogger | undefined;
}): Notifier {
  return {
    async notify(notification) {
      if (notification.kind !== 'turn_finished') return;
      await emitWebhookEvent({
        db,
        queue,
        logger,
        workspaceId: notification.workspaceId,
        type:
          notification.status === 'completed' ? 'investigation.completed' : 'investigation.failed',
        data: {
          workspaceId: notification.workspaceId,
          sessionId: notification.sessionId,
          turnId: notification.turnId,
          status: notification.status,
          summary: notification.summary,
          finishedAt: notification.at,
        },
      });
    },
  };
}
