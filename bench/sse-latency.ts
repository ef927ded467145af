import { randomUUID } from 'node:crypto';
import { channels, type PingEvent } from '@vibemonitor/contracts';
import { startTestStack } from '../apps/standalone/test/harness.js';
import { formatMs, percentile } from './lib/stats.js';

/**
 * Event publish -> SSE receive latency with many subscribers: `subscribers`
 * SDK clients hold an SSE stream each; the bench publishes `events` messages
 * on the bus (as a worker would) and times each delivery to each subscriber.
 */
export async function benchSseLatency(options: { subscribers: number; events: number; intervalMs: number }): Promise<Record<string, string | number>> {
  // Every subscriber comes from this one address: lift the per-address cap on anonymous streams
  // (8 by default, issue 17) that the benchmark would otherwise hit at its ninth subscriber.
  const stack = await startTestStack({
    worker: false,
    env: { ANONYMOUS_STREAMS_PER_IP: String(options.subscribers + 10) },
  });
  try {
    const pingId = randomUUID();
    const publishedAt = new Map<string, number>();
    const latencies: number[] = [];
    let ready = 0;
    let finished = 0;
    let allReady!: () => void;
    let allDone!: () => void;
    const readyPromise = new Promise<void>((r) => (allReady = r));
    const donePromise = new Promise<void>((r) => (allDone = r));

    const subscriptions = Array.from({ length: options.subscribers }, () => {
      const client = stack.client();
      let received = 0;
      return client.system.pingEvents.subscribe(
        { pingId, pongs: options.events },
        {
          onData: (event: PingEvent) => {
            if (event.type === 'subscribed') {
              if (++ready === options.subscribers) allReady();
              return;
            }
            const sent = publishedAt.get(event.workerId);
            if (sent !== undefined) latencies.push(performance.now() - sent);
            if (++received === options.events && ++finished === options.subscribers) allDone();
          },
          onError: (error) => {
            throw error;
          },
        },
      );
    });
    await readyPromise;

    const started = performance.now();
    for (let i = 0; i < options.events; i++) {
      const id = `bench-${i}`;
      publishedAt.set(id, performance.now());
      const event: PingEvent = { type: 'pong', pingId, workerId: id, receivedAt: new Date().toISOString() };
      await stack.runtime.jobs.bus.publish(channels.ping(pingId), event);
      await new Promise((r) => setTimeout(r, options.intervalMs));
    }
    await donePromise;
    const seconds = (performance.now() - started) / 1000;
    for (const s of subscriptions) s.unsubscribe();
    return {
      subscribers: options.subscribers,
      events: options.events,
      deliveries: latencies.length,
      'latency p50': formatMs(percentile(latencies, 50)),
      'latency p99': formatMs(percentile(latencies, 99)),
      'latency max': formatMs(Math.max(...latencies)),
      'deliveries/s': Math.round(latencies.length / seconds),
      bus: stack.runtime.jobs.driver,
    };
  } finally {
    await stack.close();
  }
}
