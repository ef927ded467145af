import type { Database } from '@vibemonitor/db';
import type { HealthReport } from '@vibemonitor/integrations';
import { getAwsExternalId } from './get-aws-external-id.js';
import type { IntegrationConfigInput } from './integration-input.js';
import { httpPolicy, type IntegrationSettings } from './integration-settings.js';
import { assertTargetAllowed, checkTarget, targetFromInput } from './integration-target.js';

/**
 * Checks a configuration without saving anything: the same check connect
 * runs. A URL pointing at a refused address is an error (nothing is sent
 * to it); everything else, unreachable or rejected included, is the report.
 */
export async function testIntegration({
  db,
  workspaceId,
  settings,
  input,
  signal,
}: {
  /** For CloudWatch: the workspace's external id is the one tested. */
  db: Database;
  workspaceId: string;
  settings: IntegrationSettings;
  input: IntegrationConfigInput;
  signal?: AbortSignal;
}): Promise<HealthReport> {
  const target = targetFromInput(
    input,
    settings,
    input.provider === 'cloudwatch' ? await getAwsExternalId({ db, workspaceId }) : undefined,
  );
  await assertTargetAllowed(target, httpPolicy(settings));
  return checkTarget(target, settings, signal);
}
