import { engagementEvents, type Database } from '@vibemonitor/db';

/** Product events we count. Add a kind here before recording it, so dashboards have a closed list. */
export const engagementKinds = [
  'signup',
  'login',
  'workspace_created',
  'invitation_accepted',
] as const;
export type EngagementKind = (typeof engagementKinds)[number];

/**
 * Appends one product-analytics event. Pass `tx` when the event belongs to a
 * transaction (a signup is only counted if the user row commits). Properties
 * are for dimensions such as the sign-in method, never for personal data.
 */
export async function recordEngagement({
  db,
  kind,
  userId,
  workspaceId,
  properties = {},
}: {
  db: Database;
  kind: EngagementKind;
  userId?: string | null | undefined;
  workspaceId?: string | null | undefined;
  properties?: Record<string, unknown>;
}): Promise<void> {
  await db
    .insert(engagementEvents)
    .values({ kind, userId: userId ?? null, workspaceId: workspaceId ?? null, properties });
}
