import { eq } from 'drizzle-orm';
import { workspaces, type Database } from '@vibemonitor/db';
import { getWorkspace } from './get-workspace.js';
import { lockWorkspace } from './lock-workspace.js';
import type { WorkspaceDetails } from './workspace-summary.js';

/** Renames a workspace (owners only; the personal workspace may be renamed too). */
export async function updateWorkspace({
  db,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: { name: string };
}): Promise<WorkspaceDetails> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await tx.update(workspaces).set({ name: input.name }).where(eq(workspaces.id, workspaceId));
    return getWorkspace({ db: tx, workspaceId, userId: actor.id });
  });
}
