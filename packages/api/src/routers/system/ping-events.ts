import { z } from 'zod';
import { channels, pingEventSchema, type PingEvent, text } from '@vibemonitor/contracts';
import { publicProcedure } from '../../trpc.js';

/**
 * Streams the events of one ping: `subscribed` as soon as the bus subscription
 * is live (so callers know it is safe to send the ping), then each `pong`.
 * Ends after `pongs` pongs (default 1).
 */
export const pingEvents = publicProcedure
  .input(
    z.object({
      pingId: text().min(8).max(64),
      pongs: z.number().int().min(1).max(10_000).default(1),
    }),
  )
  // Anyone may open this stream: bound how many one address holds at once. The
  // slot is taken before the stream starts (so a refusal is a plain 429), and
  // freed when the stream ends or the client goes away, whichever comes first.
  .use(({ ctx, signal, next }) => {
    const release = ctx.deps.anonymousStreams.acquire(ctx.ip ?? 'unknown', 'event streams');
    signal?.addEventListener('abort', release, { once: true });
    return next({ ctx: { ...ctx, releaseStream: release } });
  })
  .subscription(async function* ({ ctx, input, signal }) {
    const release = ctx.releaseStream;
    const gauge = ctx.deps.metrics.activeSubscriptions;
    gauge.inc({ path: 'system.pingEvents' });
    let events: Awaited<ReturnType<typeof ctx.deps.bus.subscribeIterator>> | undefined;
    try {
      events = await ctx.deps.bus.subscribeIterator(channels.ping(input.pingId), { signal });
      yield { type: 'subscribed', pingId: input.pingId } satisfies PingEvent;
      let pongs = 0;
      for await (const raw of events) {
        const event = pingEventSchema.parse(raw);
        yield event;
        if (event.type === 'pong' && ++pongs >= input.pongs) return;
      }
    } finally {
      gauge.dec({ path: 'system.pingEvents' });
      release();
      await events?.close();
    }
  });
