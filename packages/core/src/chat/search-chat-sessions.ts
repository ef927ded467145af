import { and, desc, eq, sql } from 'drizzle-orm';
import { chatSessions, queryRows, type Database } from '@vibemonitor/db';
import { sessionSummaryColumns, type ChatSessionSummary } from './chat-views.js';

export interface ChatSessionMatch extends ChatSessionSummary {
  /** ts_rank of the match; higher is better. Title words weigh more than message words. */
  rank: number;
}

/**
 * The text-search configuration (stemming, stop words); it must be the one
 * inlined in the generated chat_sessions.search_vector column.
 */
const TS_CONFIG = 'english';

/**
 * PostgreSQL full-text search over session titles and the messages of their
 * turns, best match first. Reads the stored, GIN-indexed
 * `chat_sessions.search_vector` (title weight A, questions weight B), so the
 * cost follows the number of matches, not the number of sessions. The query
 * uses web-search syntax (`"exact phrase"`, `or`, `-exclude`) through
 * websearch_to_tsquery, which never rejects input; a query with no searchable
 * words (only stop words or punctuation) matches nothing and returns an empty
 * list rather than scanning.
 */
export async function searchChatSessions({
  db,
  workspaceId,
  query,
  limit,
}: {
  db: Database;
  workspaceId: string;
  query: string;
  limit: number;
}): Promise<ChatSessionMatch[]> {
  // Checked apart so an empty tsquery never reaches `@@` (PostgreSQL answers
  // it with a NOTICE per row instead of an error).
  const [parsed] = await queryRows<{ nodes: number | string }>(
    db,
    sql`select numnode(websearch_to_tsquery(${TS_CONFIG}::regconfig, ${query})) as nodes`,
  );
  if (!parsed || Number(parsed.nodes) === 0) return [];

  const tsquery = sql`websearch_to_tsquery(${TS_CONFIG}::regconfig, ${query})`;
  const rank = sql<number | string>`ts_rank(${chatSessions.searchVector}, ${tsquery})`;
  const rows = await db
    .select({ ...sessionSummaryColumns, rank })
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.workspaceId, workspaceId),
        sql`${chatSessions.searchVector} @@ ${tsquery}`,
      ),
    )
    .orderBy(desc(rank), desc(chatSessions.updatedAt), desc(chatSessions.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
}
