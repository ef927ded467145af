import { listChatSessions } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { pageInputFields, pageSchema } from '../workspace/page-schemas.js';
import { sessionSummarySchema } from './chat-schemas.js';

/** The workspace's chat sessions, most recently active first (keyset pages). */
export const listSessionsProcedure = workspaceProcedure('user')
  .input(z.object(pageInputFields))
  .output(pageSchema(sessionSummarySchema))
  .query(({ ctx, input }) =>
    listChatSessions({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
