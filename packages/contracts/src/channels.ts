/**
 * Event-bus channel names, shared by the server (subscribers) and the worker
 * (publishers). Keep them here so both sides can never drift apart.
 */
export const channels = {
  ping: (pingId: string) => `ping:${pingId}`,
  /** New events of a turn: messages are `{ seq, event }`. */
  turn: (turnId: string) => `turn:${turnId}`,
  /** Control messages to the worker running a turn (e.g. `{ type: 'cancel' }`). */
  turnControl: (turnId: string) => `turn-control:${turnId}`,
  /** Workspace notifications for web clients (`WorkspaceNotification`). */
  workspaceNotifications: (workspaceId: string) => `workspace-notifications:${workspaceId}`,
} as const;
