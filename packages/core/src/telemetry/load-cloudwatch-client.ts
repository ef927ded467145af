import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { CloudWatchApi } from '@vibemonitor/integrations';
import type { IntegrationSettings } from '../integrations/integration-settings.js';
import { cloudWatchClientFor, loadIntegrationTarget } from '../integrations/integration-target.js';

/** The CloudWatch client of one of the workspace's integrations; another kind of integration is refused. */
export async function loadCloudWatchClient({
  db,
  secrets,
  settings,
  workspaceId,
  integrationId,
}: {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  workspaceId: string;
  integrationId: string;
}): Promise<{ name: string; client: CloudWatchApi }> {
  const { integration, target } = await loadIntegrationTarget({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId,
  });
  if (target.provider !== 'cloudwatch')
    throw new AppError(
      'VALIDATION_FAILED',
      `"${integration.name}" is not a CloudWatch integration.`,
    );
  return { name: integration.name, client: cloudWatchClientFor(target, settings) };
}
