import { and, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import {
  awsCredentials,
  newrelicCredentials,
  datadogCredentials,
  grafanaCredentials,
  integrations,
  lokiCredentials,
  prometheusCredentials,
  type Database,
  type Integration,
} from '@vibemonitor/db';
import {
  assertRegion,
  assertRoleArn,
  assertUrlAllowed,
  checkCloudWatch,
  createCloudWatchClient,
  type CloudWatchApi,
  checkNewrelic,
  createNewrelicClient,
  nerdGraphUrl,
  newrelicRegions,
  type NewrelicClient,
  type NewrelicRegion,
  checkDatadog,
  checkGrafana,
  createDatadogClient,
  datadogSite,
  type DatadogClient,
  checkLoki,
  checkPrometheus,
  createGrafanaClient,
  createLokiClient,
  createPrometheusClient,
  normalizeIntegrationUrl,
  type Endpoint,
  type HealthReport,
  type HttpAuth,
  type HttpPolicy,
} from '@vibemonitor/integrations';
import type { IntegrationConfigInput } from './integration-input.js';
import { providerLabel } from './integration-providers.js';
import { awsServerAccess, httpPolicy, type IntegrationSettings } from './integration-settings.js';

/** Everything needed to call an integration, secrets decrypted. Lives only for the duration of a call. */
export type IntegrationTarget =
  | { provider: 'grafana'; url: string; token: string }
  | { provider: 'prometheus' | 'loki'; url: string; auth: HttpAuth }
  | { provider: 'cloudwatch'; region: string; roleArn: string; externalId: string }
  | {
      provider: 'datadog';
      /** The API base the keys are sent to: `https://api.<site>`, or the deployment's override. */
      url: string;
      site: string;
      apiKey: string;
      appKey: string;
    }
  | {
      provider: 'newrelic';
      /** The NerdGraph URL the key is sent to (the region's, or the deployment's override). */
      url: string;
      region: NewrelicRegion;
      accountId: number;
      apiKey: string;
    };

/** Where a target lives, for names and messages: its URL's host, or the AWS account and region. */
export function targetPlace(target: IntegrationTarget): string {
  if (target.provider === 'cloudwatch')
    return `${target.roleArn.split(':')[4] ?? ''}, ${target.region}`;
  return new URL(target.url).host;
}

/** Refuses a target URL the address policy forbids; AWS targets have no URL (regions are validated). */
export async function assertTargetAllowed(
  target: IntegrationTarget,
  policy: HttpPolicy,
): Promise<void> {
  if (target.provider !== 'cloudwatch') await assertUrlAllowed(target.url, policy);
}

/** A CloudWatch client for a target, with this server's AWS access. */
export function cloudWatchClientFor(
  target: Extract<IntegrationTarget, { provider: 'cloudwatch' }>,
  settings: IntegrationSettings,
): CloudWatchApi {
  return createCloudWatchClient({
    connection: { region: target.region, roleArn: target.roleArn, externalId: target.externalId },
    server: awsServerAccess(settings),
  });
}

/** Where a New Relic region's NerdGraph is reached (the settings may redirect it, e.g. to a test fake). */
export function newrelicApiUrl(region: NewrelicRegion, settings: IntegrationSettings): string {
  return settings.providerApiUrls?.newrelic ?? nerdGraphUrl(region);
}

export function newrelicRegion(value: string): NewrelicRegion {
  const upper = value.trim().toUpperCase();
  const found = newrelicRegions.find((region) => region === upper);
  if (!found)
    throw new AppError('VALIDATION_FAILED', `"${value}" is not a New Relic region: use US or EU.`);
  return found;
}

export function newrelicAccountId(value: string): number {
  const trimmed = value.trim();
  if (!/^[0-9]{1,12}$/.test(trimmed) || Number(trimmed) === 0) {
    throw new AppError('VALIDATION_FAILED', 'The New Relic account id is a number, e.g. 1234567.');
  }
  return Number(trimmed);
}

/** A NerdGraph client for a target, under the deployment's HTTP policy. */
export function newrelicClientFor(
  target: Extract<IntegrationTarget, { provider: 'newrelic' }>,
  policy: HttpPolicy,
): NewrelicClient {
  return createNewrelicClient({
    apiKey: target.apiKey,
    accountId: target.accountId,
    region: target.region,
    policy,
    baseUrl: target.url,
  });
}

/** Where a Datadog site's API is reached (the settings may redirect it, e.g. to a test fake). */
export function datadogApiUrl(site: string, settings: IntegrationSettings): string {
  return settings.providerApiUrls?.datadog ?? `https://api.${site}`;
}

/** A Datadog client for a target, under the deployment's HTTP policy. */
export function datadogClientFor(
  target: Extract<IntegrationTarget, { provider: 'datadog' }>,
  policy: HttpPolicy,
): DatadogClient {
  return createDatadogClient({
    site: target.site,
    apiKey: target.apiKey,
    appKey: target.appKey,
    policy,
    baseUrl: target.url,
  });
}

function required(value: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new AppError('VALIDATION_FAILED', `Enter the ${what}.`);
  return trimmed;
}

/**
 * Validates an entered configuration into a target (URL normalised, blanks
 * refused). CloudWatch needs the workspace's external id (getAwsExternalId).
 */
export function targetFromInput(
  config: IntegrationConfigInput,
  settings: IntegrationSettings,
  awsExternalId?: string,
): IntegrationTarget {
  if (config.provider === 'cloudwatch') {
    if (!awsExternalId) throw new Error('a CloudWatch target needs the workspace external id');
    return {
      provider: 'cloudwatch',
      region: assertRegion(config.region),
      roleArn: assertRoleArn(config.roleArn),
      externalId: awsExternalId,
    };
  }
  if (config.provider === 'newrelic') {
    const region = newrelicRegion(config.region);
    return {
      provider: 'newrelic',
      url: newrelicApiUrl(region, settings),
      region,
      accountId: newrelicAccountId(config.accountId),
      apiKey: required(config.apiKey, 'User API key'),
    };
  }
  if (config.provider === 'datadog') {
    const site = datadogSite(config.region.trim());
    return {
      provider: 'datadog',
      url: datadogApiUrl(site, settings),
      site,
      apiKey: required(config.apiKey, 'API key'),
      appKey: required(config.appKey, 'application key'),
    };
  }
  const url = normalizeIntegrationUrl(config.url);
  if (config.provider === 'grafana')
    return { provider: 'grafana', url, token: required(config.token, 'service account token') };
  const { auth } = config;
  if (auth.type === 'bearer')
    return {
      provider: config.provider,
      url,
      auth: { type: 'bearer', token: required(auth.token, 'bearer token') },
    };
  if (auth.type === 'basic') {
    return {
      provider: config.provider,
      url,
      auth: {
        type: 'basic',
        username: required(auth.username, 'username'),
        password: required(auth.password, 'password'),
      },
    };
  }
  return { provider: config.provider, url, auth: { type: 'none' } };
}

/** The API endpoint of a Prometheus or Loki target. */
export function targetEndpoint(
  target: Extract<IntegrationTarget, { provider: 'prometheus' | 'loki' }>,
  policy: HttpPolicy,
): Endpoint {
  return {
    baseUrl: target.url,
    auth: target.auth,
    policy,
    label: `${providerLabel(target.provider)} at ${target.url}`,
  };
}

/** Runs the provider's health check against a target. Never throws for integration failures: they are the report. */
export function checkTarget(
  target: IntegrationTarget,
  settings: IntegrationSettings,
  signal?: AbortSignal,
): Promise<HealthReport> {
  const options = signal ? { signal } : {};
  const policy = httpPolicy(settings);
  if (target.provider === 'cloudwatch')
    return checkCloudWatch(cloudWatchClientFor(target, settings), options);
  if (target.provider === 'datadog') return checkDatadog(datadogClientFor(target, policy), options);
  if (target.provider === 'newrelic')
    return checkNewrelic(newrelicClientFor(target, policy), options);
  if (target.provider === 'grafana')
    return checkGrafana(
      createGrafanaClient({ url: target.url, token: target.token, policy }),
      options,
    );
  if (target.provider === 'prometheus')
    return checkPrometheus(createPrometheusClient(targetEndpoint(target, policy)), options);
  return checkLoki(createLokiClient(targetEndpoint(target, policy)), options);
}

/**
 * Loads an integration of this workspace with its decrypted target.
 * Another workspace's id is NOT_FOUND, like an unknown one.
 */
export async function loadIntegrationTarget({
  db,
  secrets,
  settings,
  workspaceId,
  integrationId,
}: {
  db: Database;
  secrets: SecretBox;
  /** The deployment's rules: Datadog's API address follows from them. */
  settings: IntegrationSettings;
  workspaceId: string;
  integrationId: string;
}): Promise<{ integration: Integration; target: IntegrationTarget }> {
  const [integration] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, integrationId), eq(integrations.workspaceId, workspaceId)));
  if (!integration) throw new AppError('NOT_FOUND', 'Integration not found in this workspace.');
  const missing = () =>
    new AppError(
      'PRECONDITION_FAILED',
      `The credentials of "${integration.name}" are missing: disconnect it and connect it again.`,
    );
  if (integration.provider === 'grafana') {
    const [row] = await db
      .select()
      .from(grafanaCredentials)
      .where(
        and(
          eq(grafanaCredentials.integrationId, integrationId),
          eq(grafanaCredentials.workspaceId, workspaceId),
        ),
      );
    if (!row) throw missing();
    return {
      integration,
      target: { provider: 'grafana', url: row.url, token: secrets.decryptSecret(row.tokenEnc) },
    };
  }
  if (integration.provider === 'datadog') {
    const [row] = await db
      .select()
      .from(datadogCredentials)
      .where(
        and(
          eq(datadogCredentials.integrationId, integrationId),
          eq(datadogCredentials.workspaceId, workspaceId),
        ),
      );
    if (!row) throw missing();
    return {
      integration,
      target: {
        provider: 'datadog',
        url: datadogApiUrl(row.site, settings),
        site: row.site,
        apiKey: secrets.decryptSecret(row.apiKeyEnc),
        appKey: secrets.decryptSecret(row.appKeyEnc),
      },
    };
  }
  if (integration.provider === 'newrelic') {
    const [row] = await db
      .select()
      .from(newrelicCredentials)
      .where(
        and(
          eq(newrelicCredentials.integrationId, integrationId),
          eq(newrelicCredentials.workspaceId, workspaceId),
        ),
      );
    if (!row) throw missing();
    const region = newrelicRegion(row.region);
    return {
      integration,
      target: {
        provider: 'newrelic',
        url: newrelicApiUrl(region, settings),
        region,
        accountId: newrelicAccountId(row.accountId),
        apiKey: secrets.decryptSecret(row.apiKeyEnc),
      },
    };
  }
  if (integration.provider === 'prometheus' || integration.provider === 'loki') {
    const table = integration.provider === 'prometheus' ? prometheusCredentials : lokiCredentials;
    const [row] = await db
      .select()
      .from(table)
      .where(and(eq(table.integrationId, integrationId), eq(table.workspaceId, workspaceId)));
    if (!row) throw missing();
    const auth: HttpAuth = row.bearerTokenEnc
      ? { type: 'bearer', token: secrets.decryptSecret(row.bearerTokenEnc) }
      : row.username !== null && row.passwordEnc
        ? {
            type: 'basic',
            username: row.username,
            password: secrets.decryptSecret(row.passwordEnc),
          }
        : { type: 'none' };
    return { integration, target: { provider: integration.provider, url: row.url, auth } };
  }
  if (integration.provider === 'cloudwatch') {
    const [row] = await db
      .select()
      .from(awsCredentials)
      .where(
        and(
          eq(awsCredentials.integrationId, integrationId),
          eq(awsCredentials.workspaceId, workspaceId),
        ),
      );
    if (!row?.roleArn || !row.externalId) throw missing();
    return {
      integration,
      target: {
        provider: 'cloudwatch',
        region: row.region,
        roleArn: row.roleArn,
        externalId: row.externalId,
      },
    };
  }
  throw new AppError(
    'PRECONDITION_FAILED',
    `${providerLabel(integration.provider)} integrations cannot be queried yet.`,
  );
}
