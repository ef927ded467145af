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
  .subscription(async function* ({ ctx, input, signal }) {
    const gauge = ctx.deps.metrics.activeSubscriptions;
    gauge.inc({ path: 'system.pingEvents' });
    const events = await ctx.deps.bus.subscribeIterator(channels.ping(input.pingId), { signal });
    try {
      yield { type: 'subscribed', pingId: input.pingId } satisfies PingEvent;
      let pongs = 0;
      for await (const raw of events) {
        const event = pingEventSchema.parse(raw);
        yield event;
        if (event.type === 'pong' && ++pongs >= input.pongs) return;
      }
    } finally {
      gauge.dec({ path: 'system.pingEvents' });
      await events.close();
    }
  });
