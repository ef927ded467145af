import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { memberships, users, type Database } from '@vibemonitor/db';
import type { MemberSummary } from './member-summary.js';

/** One member of a workspace, or NOT_FOUND when that user is not in it. */
export async function findMember({
  db,
  workspaceId,
  userId,
}: {
  db: Database;
  workspaceId: string;
  userId: string;
}): Promise<MemberSummary> {
  const [member] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!member) throw new AppError('NOT_FOUND', 'That user is not a member of this workspace.');
  return member;
}
