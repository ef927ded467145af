/**
 * Event-bus channel names, shared by the server (subscribers) and the worker
 * (publishers). Keep them here so both sides can never drift apart.
 */
export const channels = {
  ping: (pingId: string) => `ping:${pingId}`,
  turn: (turnId: string) => `turn:${turnId}`,
} as const;
