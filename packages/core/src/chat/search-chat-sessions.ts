import { and, eq, inArray, sql } from 'drizzle-orm';
import { chatSessions, queryRows, type Database } from '@vibemonitor/db';
import { sessionSummaryColumns, type ChatSessionSummary } from './chat-views.js';

export interface ChatSessionMatch extends ChatSessionSummary {
  /** ts_rank of the match; higher is better. Title words weigh more than message words. */
  rank: number;
}

/** The text-search configuration for titles and messages (stemming, stop words). */
const TS_CONFIG = 'english';

/**
 * PostgreSQL full-text search over session titles and the messages of their
 * turns, best match first. The query uses web-search syntax (`"exact phrase"`,
 * `or`, `-exclude`) through websearch_to_tsquery, which never rejects input;
 * a query with no searchable words (only stop words or punctuation) matches
 * nothing and returns an empty list rather than scanning.
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

  const ranked = await queryRows<{ id: string; rank: number | string }>(
    db,
    sql`with q as (select websearch_to_tsquery(${TS_CONFIG}::regconfig, ${query}) as query),
        docs as (
          select s.id, s.updated_at,
                 setweight(to_tsvector(${TS_CONFIG}::regconfig, coalesce(s.title, '')), 'A') ||
                 setweight(to_tsvector(${TS_CONFIG}::regconfig, coalesce(string_agg(t.message, ' '), '')), 'B') as doc
          from chat_sessions s
          left join chat_turns t on t.session_id = s.id and t.workspace_id = s.workspace_id
          where s.workspace_id = ${workspaceId}::uuid
          group by s.id
        )
        select d.id, ts_rank(d.doc, q.query) as rank
        from docs d, q
        where d.doc @@ q.query
        order by rank desc, d.updated_at desc, d.id desc
        limit ${limit}`,
  );
  if (ranked.length === 0) return [];
  // Summaries through the query builder, so columns map (and timestamps parse) as everywhere else.
  const sessions = await db
    .select(sessionSummaryColumns)
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.workspaceId, workspaceId),
        inArray(
          chatSessions.id,
          ranked.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(sessions.map((session) => [session.id, session]));
  return ranked.flatMap(({ id, rank }) => {
    const session = byId.get(id);
    return session ? [{ ...session, rank: Number(rank) }] : [];
  });
}
