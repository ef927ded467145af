import { and, eq } from 'drizzle-orm';
import { AppError, roleAtLeast, type MemberRole, type WorkspaceType } from '@vibemonitor/contracts';
import { memberships, workspaces, type Database } from '@vibemonitor/db';

export interface LockedWorkspace {
  id: string;
  name: string;
  type: WorkspaceType;
  /** The actor's role in it. */
  role: MemberRole;
}

/**
 * Locks a workspace row for the rest of the transaction and re-checks the
 * actor's role inside it. Every change to a workspace's members goes through
 * this lock first, so rules such as "a workspace keeps at least one owner"
 * hold even when two owners act at the same moment (the second one waits and
 * then sees the first one's change). The API checked the role already; this
 * repeats it because a role can change between that check and the lock.
 * Non-members get FORBIDDEN whether or not the workspace exists.
 */
export async function lockWorkspace({
  db,
  workspaceId,
  userId,
  minRole,
}: {
  db: Database;
  workspaceId: string;
  userId: string;
  minRole: MemberRole;
}): Promise<LockedWorkspace> {
  const [workspace] = await db
    .select({ id: workspaces.id, name: workspaces.name, type: workspaces.type })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for('update');
  const [membership] = workspace
    ? await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    : [];
  if (!workspace || !membership)
    throw new AppError('FORBIDDEN', 'You are not a member of this workspace.');
  if (!roleAtLeast(membership.role, minRole))
    throw new AppError('FORBIDDEN', `Only workspace ${minRole}s can do this.`);
  return { ...workspace, role: membership.role };
}

/** How many owners a workspace has; call after `lockWorkspace` so the count cannot go stale. */
export async function countOwners({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<number> {
  const owners = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  return owners.length;
}
