import { workspacePrivacySettings, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { PrivacySettings } from './get-privacy-settings.js';

/** Changes a workspace's privacy settings (owners only, re-checked under the workspace lock). */
export async function updatePrivacySettings({
  db,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: PrivacySettings;
}): Promise<PrivacySettings> {
  return db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    const [row] = await tx
      .insert(workspacePrivacySettings)
      .values({ workspaceId, maskPersonalData: input.maskPersonalData })
      .onConflictDoUpdate({
        target: workspacePrivacySettings.workspaceId,
        set: { maskPersonalData: input.maskPersonalData, updatedAt: new Date() },
      })
      .returning({ maskPersonalData: workspacePrivacySettings.maskPersonalData });
    return { maskPersonalData: row!.maskPersonalData };
  });
}
