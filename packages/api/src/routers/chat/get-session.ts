import { getChatSession } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { sessionIdField, sessionSummarySchema, turnViewSchema } from './chat-schemas.js';

/** One session with its turns, oldest first, each with status, report and usage. */
export const getSessionProcedure = workspaceProcedure('user')
  .input(z.object({ sessionId: sessionIdField }))
  .output(sessionSummarySchema.extend({ turns: z.array(turnViewSchema) }))
  .query(({ ctx, input }) =>
    getChatSession({ db: ctx.deps.db, workspaceId: input.workspaceId, sessionId: input.sessionId }),
  );
