import { and, eq } from 'drizzle-orm';
import type { MemberRole, WorkspaceType } from '@vibemonitor/contracts';
import { memberships, workspaces, type Database } from '@vibemonitor/db';

export interface WorkspaceMembership {
  workspaceId: string;
  workspaceType: WorkspaceType;
  workspaceName: string;
  role: MemberRole;
}

/** The user's role in a workspace, or null when they are not a member (or it does not exist). */
export async function getMembership({
  db,
  workspaceId,
  userId,
}: {
  db: Database;
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceMembership | null> {
  const [row] = await db
    .select({
      workspaceId: workspaces.id,
      workspaceType: workspaces.type,
      workspaceName: workspaces.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}
