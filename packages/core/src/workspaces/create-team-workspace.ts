import { memberships, workspaces, type Database } from '@vibemonitor/db';
import { recordEngagement } from '../engagement/record-engagement.js';
import type { WorkspaceSummary } from './workspace-summary.js';

/**
 * Creates a team workspace with the actor as its only owner, and counts a
 * `workspace_created` engagement event in the same transaction.
 */
export async function createTeamWorkspace({
  db,
  actor,
  input,
}: {
  db: Database;
  actor: { id: string };
  input: { name: string };
}): Promise<WorkspaceSummary> {
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: input.name, type: 'team', ownerUserId: actor.id })
      .returning({
        id: workspaces.id,
        name: workspaces.name,
        type: workspaces.type,
        createdAt: workspaces.createdAt,
      });
    if (!workspace) throw new Error('insert into workspaces returned no row');
    await tx
      .insert(memberships)
      .values({ workspaceId: workspace.id, userId: actor.id, role: 'owner' });
    await recordEngagement({
      db: tx,
      kind: 'workspace_created',
      userId: actor.id,
      workspaceId: workspace.id,
      properties: { type: 'team' },
    });
    return { ...workspace, role: 'owner' };
  });
}
