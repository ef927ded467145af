import { tracked, TRPCError } from '@trpc/server';
import { isAppError, type TurnStreamItem, text } from '@vibemonitor/contracts';
import { openTurnStream } from '@vibemonitor/core';
import type { Gauge } from 'prom-client';
import { z } from 'zod';
import { trpcCodeByAppCode } from '../../errors.js';
import { workspaceProcedure } from '../../trpc.js';
import { turnIdField } from './chat-schemas.js';

const PATH = 'chat.turns.stream';

/**
 * Yields the stream's items as tracked SSE events (id = seq). Errors raised
 * while streaming bypass the procedure middleware, so AppErrors are mapped
 * to their tRPC codes here.
 */
async function* trackedItems(
  items: AsyncGenerator<TurnStreamItem, void, undefined>,
  gauge: Gauge<'path'>,
) {
  gauge.inc({ path: PATH });
  try {
    for await (const item of items) yield tracked(String(item.seq), item);
  } catch (error) {
    if (isAppError(error))
      throw new TRPCError({
        code: trpcCodeByAppCode[error.code],
        message: error.message,
        cause: error,
      });
    throw error;
  } finally {
    gauge.dec({ path: PATH });
  }
}

/**
 * The events of one turn as Server-Sent Events, `tracked(String(seq), { seq, event })`:
 * the stored ones after `lastEventId` first, then live ones, each exactly
 * once and in order; ends after the terminal event (`complete`, `error`,
 * `cancelled`). A reconnecting client sends its last id as `lastEventId`
 * (tRPC does it automatically) and receives exactly what it missed.
 */
export const streamTurnProcedure = workspaceProcedure('user')
  .input(
    z.object({
      turnId: turnIdField,
      lastEventId: text()
        .regex(/^\d{1,9}$/, 'lastEventId must be the sequence number of an event of this turn')
        .optional(),
    }),
  )
  .subscription(async ({ ctx, input, signal }) => {
    // Opened before returning, so NOT_FOUND is a normal procedure error.
    const items = await openTurnStream({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      workspaceId: input.workspaceId,
      turnId: input.turnId,
      afterSeq: input.lastEventId === undefined ? 0 : Number(input.lastEventId),
      signal: signal ?? new AbortController().signal,
    });
    return trackedItems(items, ctx.deps.metrics.activeSubscriptions);
  });
