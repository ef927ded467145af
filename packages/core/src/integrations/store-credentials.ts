import type { SecretBox } from '@vibemonitor/auth';
import {
  awsCredentials,
  newrelicCredentials,
  datadogCredentials,
  grafanaCredentials,
  lokiCredentials,
  prometheusCredentials,
  type Database,
} from '@vibemonitor/db';
import type { IntegrationTarget } from './integration-target.js';

/**
 * Writes (or replaces) the encrypted credentials row of an integration.
 * Switching auth scheme clears the other scheme's columns.
 */
export async function storeCredentials({
  db,
  secrets,
  workspaceId,
  integrationId,
  target,
}: {
  db: Database;
  secrets: SecretBox;
  workspaceId: string;
  integrationId: string;
  target: IntegrationTarget;
}): Promise<void> {
  if (target.provider === 'grafana') {
    const values = { url: target.url, tokenEnc: secrets.encryptSecret(target.token) };
    await db
      .insert(grafanaCredentials)
      .values({ integrationId, workspaceId, ...values })
      .onConflictDoUpdate({ target: grafanaCredentials.integrationId, set: values });
    return;
  }
  if (target.provider === 'cloudwatch') {
    // Nothing secret: the role is assumed with the server's own credentials and the external id.
    const values = {
      region: target.region,
      roleArn: target.roleArn,
      externalId: target.externalId,
      accessKeyIdEnc: null,
      secretAccessKeyEnc: null,
    };
    await db
      .insert(awsCredentials)
      .values({ integrationId, workspaceId, ...values })
      .onConflictDoUpdate({ target: awsCredentials.integrationId, set: values });
    return;
  }
  if (target.provider === 'datadog') {
    const values = {
      site: target.site,
      apiKeyEnc: secrets.encryptSecret(target.apiKey),
      appKeyEnc: secrets.encryptSecret(target.appKey),
    };
    await db
      .insert(datadogCredentials)
      .values({ integrationId, workspaceId, ...values })
      .onConflictDoUpdate({ target: datadogCredentials.integrationId, set: values });
    return;
  }
  if (target.provider === 'newrelic') {
    const values = {
      region: target.region,
      accountId: String(target.accountId),
      apiKeyEnc: secrets.encryptSecret(target.apiKey),
    };
    await db
      .insert(newrelicCredentials)
      .values({ integrationId, workspaceId, ...values })
      .onConflictDoUpdate({ target: newrelicCredentials.integrationId, set: values });
    return;
  }
  const table = target.provider === 'prometheus' ? prometheusCredentials : lokiCredentials;
  const { auth } = target;
  const values = {
    url: target.url,
    username: auth.type === 'basic' ? auth.username : null,
    passwordEnc: auth.type === 'basic' ? secrets.encryptSecret(auth.password) : null,
    bearerTokenEnc: auth.type === 'bearer' ? secrets.encryptSecret(auth.token) : null,
  };
  await db
    .insert(table)
    .values({ integrationId, workspaceId, ...values })
    .onConflictDoUpdate({ target: table.integrationId, set: values });
}
