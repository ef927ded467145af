import { randomUUID } from 'node:crypto';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';

export const pingInput = z
  .object({
    pingId: text()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'pingId must be 8-64 letters, digits, "-" or "_"')
      .optional(),
  })
  .optional();

/**
 * Enqueues a `system.ping` job. A worker answers on the bus; subscribers of
 * `system.pingEvents` (on any server process) receive the pong over SSE.
 */
export const ping = publicProcedure
  .input(pingInput)
  .output(z.object({ pingId: z.string(), jobId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    await ctx.deps.rateLimiter.consume('system_ping_ip', ctx.ip ?? 'unknown');
    const pingId = input?.pingId ?? randomUUID();
    const { jobId } = await ctx.deps.queue.enqueue('system.ping', { pingId });
    return { pingId, jobId };
  });
