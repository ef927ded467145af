import type { Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { AWS_READ_ACTIONS, awsPermissionsPolicy, awsTrustPolicy } from './aws-role-policies.js';
import { getAwsExternalId } from './get-aws-external-id.js';
import type { IntegrationSettings } from './integration-settings.js';

export interface AwsSetup {
  /** Goes in the role's trust policy as `sts:ExternalId`; the same for every role of the workspace. */
  externalId: string;
  /** VibeMonitor's AWS principal; null when this deployment did not configure AWS_PRINCIPAL_ARN. */
  principalArn: string | null;
  /** JSON documents to paste into IAM. */
  trustPolicy: string;
  permissionsPolicy: string;
  actions: string[];
}

/**
 * What an owner needs to create the role VibeMonitor assumes: the
 * workspace's external id (created on first call, stable after) and the two
 * policies with it filled in.
 */
export async function getAwsSetup({
  db,
  settings,
  actor,
  workspaceId,
}: {
  db: Database;
  settings: IntegrationSettings;
  actor: { id: string };
  workspaceId: string;
}): Promise<AwsSetup> {
  const externalId = await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    return getAwsExternalId({ db: tx, workspaceId });
  });
  const principalArn = settings.awsPrincipalArn ?? null;
  return {
    externalId,
    principalArn,
    trustPolicy: JSON.stringify(awsTrustPolicy(principalArn, externalId), null, 2),
    permissionsPolicy: JSON.stringify(awsPermissionsPolicy(), null, 2),
    actions: [...AWS_READ_ACTIONS],
  };
}
