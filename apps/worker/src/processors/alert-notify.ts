import { notifyAlertGroup, type Notifier } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { JobContext } from '@vibemonitor/jobs';

/** Runs one `alert.notify` job: tells the workspace's notifiers an alert group started an investigation. */
export function createAlertNotifyProcessor(deps: { db: Database; notifier: Notifier }) {
  return async ({ payload }: JobContext<'alert.notify'>): Promise<void> => {
    await notifyAlertGroup({
      db: deps.db,
      notifier: deps.notifier,
      workspaceId: payload.workspaceId,
      groupId: payload.groupId,
      turnId: payload.turnId,
    });
  };
}
