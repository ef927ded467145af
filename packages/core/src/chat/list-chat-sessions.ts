import { and, desc, eq, sql } from 'drizzle-orm';
import { chatSessions, type Database } from '@vibemonitor/db';
import { cursorText, decodePageCursor, toPage, type Page } from '../workspaces/page-cursor.js';
import { sessionSummaryColumns, type ChatSessionSummary } from './chat-views.js';

/** The workspace's chat sessions, most recently active first, one keyset page at a time. */
export async function listChatSessions({
  db,
  workspaceId,
  limit,
  cursor,
}: {
  db: Database;
  workspaceId: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<ChatSessionSummary>> {
  // Newest first, so the next page holds the rows *before* the cursor.
  const key = cursor === undefined ? undefined : decodePageCursor(cursor);
  const rows = await db
    .select({
      ...sessionSummaryColumns,
      cursorAt: cursorText(chatSessions.updatedAt),
      cursorId: chatSessions.id,
    })
    .from(chatSessions)
    .where(
      and(
        eq(chatSessions.workspaceId, workspaceId),
        key === undefined
          ? undefined
          : sql`(${chatSessions.updatedAt}, ${chatSessions.id}) < (${key.at}::timestamptz, ${key.id}::uuid)`,
      ),
    )
    .orderBy(desc(chatSessions.updatedAt), desc(chatSessions.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ cursorAt: _at, cursorId: _id, ...session }) => session);
}
