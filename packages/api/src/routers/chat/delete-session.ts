import { deleteChatSession } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { okSchema, sessionIdField } from './chat-schemas.js';

/** Deletes a session with its turns and their events (author or owner); running turns are stopped. */
export const deleteSessionProcedure = workspaceProcedure('user')
  .input(z.object({ sessionId: sessionIdField }))
  .output(okSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteChatSession({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      logger: ctx.logger,
      workspaceId: input.workspaceId,
      sessionId: input.sessionId,
      actor: { userId: ctx.user.id, role: ctx.membership.role },
    });
    return { ok: true as const };
  });
