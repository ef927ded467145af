import { SESSION_TITLE_INPUT_MAX, updateChatSession } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { sessionIdField, sessionSummarySchema } from './chat-schemas.js';

/** Renames a session (its author or a workspace owner). */
export const updateSessionProcedure = workspaceProcedure('user')
  .input(
    z.object({
      sessionId: sessionIdField,
      title: text({ message: 'Enter a title.' })
        .trim()
        .min(1, 'Enter a title.')
        .max(SESSION_TITLE_INPUT_MAX, `Titles are at most ${SESSION_TITLE_INPUT_MAX} characters.`),
    }),
  )
  .output(sessionSummarySchema)
  .mutation(({ ctx, input }) =>
    updateChatSession({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      sessionId: input.sessionId,
      input: { title: input.title },
      actor: { userId: ctx.user.id, role: ctx.membership.role },
    }),
  );
