import { eq } from 'drizzle-orm';
import { workspacePrivacySettings, type Database } from '@vibemonitor/db';

export interface PrivacySettings {
  /** Emails, IPs, phone and card numbers, tokens and keys are masked before text reaches a model provider. */
  maskPersonalData: boolean;
}

export const defaultPrivacySettings: PrivacySettings = { maskPersonalData: true };

/** A workspace's privacy settings (the defaults when it never changed them). */
export async function getPrivacySettings({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<PrivacySettings> {
  const [row] = await db
    .select({ maskPersonalData: workspacePrivacySettings.maskPersonalData })
    .from(workspacePrivacySettings)
    .where(eq(workspacePrivacySettings.workspaceId, workspaceId));
  return row ?? { ...defaultPrivacySettings };
}
