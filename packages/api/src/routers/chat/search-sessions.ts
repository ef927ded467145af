import { searchChatSessions } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { sessionSummarySchema } from './chat-schemas.js';

export const SEARCH_QUERY_MAX = 200;

/**
 * Full-text search over session titles and questions, best match first.
 * Accepts web-search syntax (`"exact phrase"`, `or`, `-word`); a query with
 * no searchable words returns no sessions.
 */
export const searchSessionsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      q: text({ message: 'Enter something to search for.' })
        .trim()
        .min(1, 'Enter something to search for.')
        .max(SEARCH_QUERY_MAX, `Search queries are at most ${SEARCH_QUERY_MAX} characters.`),
      limit: z.number().int().min(1).max(50).default(20),
    }),
  )
  .output(z.object({ items: z.array(sessionSummarySchema.extend({ rank: z.number() })) }))
  .query(async ({ ctx, input }) => ({
    items: await searchChatSessions({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      query: input.q,
      limit: input.limit,
    }),
  }));
