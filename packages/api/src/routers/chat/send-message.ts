import { CHAT_MESSAGE_MAX, sendChatMessage } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { sessionIdField } from './chat-schemas.js';

/**
 * Asks a question: starts (or continues) a session, queues the investigation
 * and returns at once; follow it with `chat.turns.stream`. Counts against the
 * plan's daily investigations (PAYMENT_REQUIRED beyond).
 */
export const sendMessageProcedure = workspaceProcedure('user')
  .input(
    z.object({
      message: z
        .string({ message: 'Enter a question.' })
        .trim()
        .min(1, 'Enter a question.')
        .max(CHAT_MESSAGE_MAX, `Questions are at most ${CHAT_MESSAGE_MAX} characters.`),
      sessionId: sessionIdField.optional(),
      environmentId: z.uuid({ message: 'environmentId must be a UUID' }).optional(),
    }),
  )
  .output(z.object({ sessionId: z.uuid(), turnId: z.uuid() }))
  .mutation(({ ctx, input }) =>
    sendChatMessage({
      db: ctx.deps.db,
      queue: ctx.deps.queue,
      logger: ctx.logger,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: {
        message: input.message,
        sessionId: input.sessionId,
        environmentId: input.environmentId,
      },
    }),
  );
