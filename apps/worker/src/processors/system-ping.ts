import { channels, type PingEvent } from '@vibemonitor/contracts';
import type { EventBus } from '@vibemonitor/jobs';

/**
 * Answers a `system.ping` job on the event bus. It proves the whole path:
 * server enqueues -> a worker runs -> the bus fans out -> SSE subscribers on
 * every server process receive it. Re-entrant: a re-run just pongs again.
 */
export function createSystemPingProcessor(deps: { bus: EventBus; workerId: string }) {
  return async ({ payload }: { payload: { pingId: string } }): Promise<void> => {
    const event: PingEvent = {
      type: 'pong',
      pingId: payload.pingId,
      workerId: deps.workerId,
      receivedAt: new Date().toISOString(),
    };
    await deps.bus.publish(channels.ping(payload.pingId), event);
  };
}
