import { and, asc, eq } from 'drizzle-orm';
import { memberships, users, type Database } from '@vibemonitor/db';
import { afterCursor, cursorText, toPage, type Page } from '../workspaces/page-cursor.js';
import type { MemberSummary } from './member-summary.js';

/** A workspace's members in the order they joined, one keyset page at a time. */
export async function listMembers({
  db,
  workspaceId,
  limit,
  cursor,
}: {
  db: Database;
  workspaceId: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<MemberSummary>> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      cursorAt: cursorText(memberships.createdAt),
      cursorId: memberships.id,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        cursor === undefined
          ? undefined
          : afterCursor(memberships.createdAt, memberships.id, cursor),
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(memberships.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ cursorAt: _at, cursorId: _id, ...member }) => member);
}
