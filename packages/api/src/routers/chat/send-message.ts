import {
  CHAT_MESSAGE_MAX,
  classifyChatMessage,
  consumeServerLlmAllowance,
  sendChatMessage,
} from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { sessionIdField } from './chat-schemas.js';

/**
 * Asks a question: starts (or continues) a session, queues the investigation
 * and returns at once; follow it with `chat.turns.stream`. Counts against the
 * plan's daily investigations (PAYMENT_REQUIRED beyond) and, for workspaces
 * on the server's shared model, against its hourly LLM allowance. Greetings
 * and help requests are answered at once and count against neither.
 */
export const sendMessageProcedure = workspaceProcedure('user')
  .input(
    z.object({
      message: text({ message: 'Enter a question.' })
        .trim()
        .min(1, 'Enter a question.')
        .max(CHAT_MESSAGE_MAX, `Questions are at most ${CHAT_MESSAGE_MAX} characters.`),
      sessionId: sessionIdField.optional(),
      environmentId: z.uuid({ message: 'environmentId must be a UUID' }).optional(),
    }),
  )
  .output(z.object({ sessionId: z.uuid(), turnId: z.uuid() }))
  .mutation(async ({ ctx, input }) => {
    if (classifyChatMessage(input.message) === 'question')
      await consumeServerLlmAllowance({
        db: ctx.deps.db,
        rateLimiter: ctx.deps.rateLimiter,
        llm: ctx.deps.llm,
        workspaceId: input.workspaceId,
      });
    return sendChatMessage({
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
    });
  });
