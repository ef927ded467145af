import { AppError, roleAtLeast, type MemberRole } from '@vibemonitor/contracts';
import { getMembership, type WorkspaceMembership } from '@vibemonitor/core';
import type { ApiDeps } from '../context.js';

/**
 * Requires membership of `workspaceId` with at least `minRole`; non-members
 * get FORBIDDEN (the same answer whether or not the workspace exists, so ids
 * cannot be probed), then spends one unit of the workspace's API rate limit.
 */
export async function authorizeWorkspace(
  deps: ApiDeps,
  { workspaceId, userId, minRole }: { workspaceId: string; userId: string; minRole: MemberRole },
): Promise<WorkspaceMembership> {
  const membership = await getMembership({ db: deps.db, workspaceId, userId });
  if (!membership) throw new AppError('FORBIDDEN', 'You are not a member of this workspace.');
  if (!roleAtLeast(membership.role, minRole)) {
    throw new AppError('FORBIDDEN', `Only workspace ${minRole}s can do this.`);
  }
  await deps.rateLimiter.consume('workspace_api', workspaceId);
  return membership;
}
