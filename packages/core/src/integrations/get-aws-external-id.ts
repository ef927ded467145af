import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { awsExternalIds, type Database } from '@vibemonitor/db';

/**
 * The workspace's AWS external id, created on first use and stable after:
 * users put it in their role's trust policy before connecting, and every
 * AssumeRole for the workspace sends it. Random and chosen by us, never by a
 * user, so one workspace cannot name another's role and have it assumed.
 */
export async function getAwsExternalId({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<string> {
  await db
    .insert(awsExternalIds)
    .values({ workspaceId, externalId: `vibemonitor-${randomBytes(16).toString('hex')}` })
    .onConflictDoNothing({ target: awsExternalIds.workspaceId });
  const [row] = await db
    .select({ externalId: awsExternalIds.externalId })
    .from(awsExternalIds)
    .where(eq(awsExternalIds.workspaceId, workspaceId));
  if (!row) throw new Error('aws external id insert left no row');
  return row.externalId;
}
