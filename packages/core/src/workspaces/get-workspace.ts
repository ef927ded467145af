import { and, count, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { memberships, workspaces, type Database } from '@vibemonitor/db';
import type { WorkspaceDetails } from './workspace-summary.js';

/**
 * One workspace as the user sees it. Filters by membership itself, so it
 * answers NOT_FOUND for a workspace the user is not in even if called
 * without the API's membership check.
 */
export async function getWorkspace({
  db,
  workspaceId,
  userId,
}: {
  db: Database;
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceDetails> {
  const [row] = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      type: workspaces.type,
      role: memberships.role,
      planId: workspaces.planId,
      createdAt: workspaces.createdAt,
      updatedAt: workspaces.updatedAt,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!row) throw new AppError('NOT_FOUND', 'Workspace not found.');
  const [members] = await db
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.workspaceId, workspaceId));
  return { ...row, memberCount: members?.n ?? 0 };
}
