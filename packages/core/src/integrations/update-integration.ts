import { and, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { integrations, type Database } from '@vibemonitor/db';
import {
  assertRegion,
  assertRoleArn,
  normalizeIntegrationUrl,
  type HealthReport,
  datadogSite,
  type HttpAuth,
} from '@vibemonitor/integrations';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { assertNameFree, cleanIntegrationName } from './connect-integration.js';
import type { UpdateIntegrationInput } from './integration-input.js';
import { httpPolicy, type IntegrationSettings } from './integration-settings.js';
import {
  readStoredConfig,
  storedConfigFor,
  toIntegrationSummary,
  type IntegrationSummary,
} from './integration-summary.js';
import {
  assertTargetAllowed,
  newrelicAccountId,
  newrelicApiUrl,
  newrelicRegion,
  checkTarget,
  datadogApiUrl,
  loadIntegrationTarget,
  type IntegrationTarget,
} from './integration-target.js';
import { storeCredentials } from './store-credentials.js';

function nonBlank(value: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new AppError('VALIDATION_FAILED', `Enter the ${what}.`);
  return trimmed;
}

// A saved secret was typed for the origin it was saved with: sending it to another one would hand
// it to whoever runs that host (and the check after an update calls the new URL right away).
const URL_CHANGE_TOKEN = 'Changing the URL requires entering the token again';
const URL_CHANGE_PASSWORD = 'Changing the URL requires entering the password again';

function origin(url: string): string {
  return new URL(url).origin;
}

/**
 * The auth after an update: secrets left out are kept when the scheme (and
 * username) stay the same and the URL's origin does not change.
 */
function mergeAuth(
  current: HttpAuth,
  next: UpdateIntegrationInput['auth'],
  originChanged: boolean,
): HttpAuth {
  if (!next) {
    if (originChanged && current.type === 'bearer')
      throw new AppError('VALIDATION_FAILED', URL_CHANGE_TOKEN);
    if (originChanged && current.type === 'basic')
      throw new AppError('VALIDATION_FAILED', URL_CHANGE_PASSWORD);
    return current;
  }
  if (next.type === 'none') return { type: 'none' };
  if (next.type === 'bearer') {
    if (next.token !== undefined)
      return { type: 'bearer', token: nonBlank(next.token, 'bearer token') };
    if (current.type === 'bearer') {
      if (originChanged) throw new AppError('VALIDATION_FAILED', URL_CHANGE_TOKEN);
      return current;
    }
    throw new AppError('VALIDATION_FAILED', 'Enter the bearer token.');
  }
  const username = nonBlank(next.username, 'username');
  if (next.password !== undefined)
    return { type: 'basic', username, password: nonBlank(next.password, 'password') };
  if (current.type === 'basic' && current.username === username) {
    if (originChanged) throw new AppError('VALIDATION_FAILED', URL_CHANGE_PASSWORD);
    return current;
  }
  throw new AppError('VALIDATION_FAILED', 'Enter the password.');
}

/** Datadog: a new region sends the keys to another site, so both must be entered again. */
function mergeDatadog(
  current: Extract<IntegrationTarget, { provider: 'datadog' }>,
  input: UpdateIntegrationInput,
  settings: IntegrationSettings,
): IntegrationTarget {
  if (input.url !== undefined || input.token !== undefined || input.auth !== undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Datadog takes `region`, `apiKey` and `appKey`: its URL follows from the region.',
    );
  }
  const site = input.region === undefined ? current.site : datadogSite(input.region.trim());
  if (site !== current.site && (input.apiKey === undefined || input.appKey === undefined)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Changing the region requires entering the API key and the application key again',
    );
  }
  return {
    provider: 'datadog',
    url: datadogApiUrl(site, settings),
    site,
    apiKey: input.apiKey === undefined ? current.apiKey : nonBlank(input.apiKey, 'API key'),
    appKey: input.appKey === undefined ? current.appKey : nonBlank(input.appKey, 'application key'),
  };
}

/** New Relic: another region or account sends the key elsewhere, so it must be entered again. */
function mergeNewrelic(
  current: Extract<IntegrationTarget, { provider: 'newrelic' }>,
  input: UpdateIntegrationInput,
  settings: IntegrationSettings,
): IntegrationTarget {
  if (
    input.url !== undefined ||
    input.token !== undefined ||
    input.auth !== undefined ||
    input.appKey !== undefined
  ) {
    throw new AppError(
      'VALIDATION_FAILED',
      'New Relic takes `region`, `accountId` and `apiKey`: its URL follows from the region.',
    );
  }
  const region = input.region === undefined ? current.region : newrelicRegion(input.region);
  const accountId =
    input.accountId === undefined ? current.accountId : newrelicAccountId(input.accountId);
  if (
    (region !== current.region || accountId !== current.accountId) &&
    input.apiKey === undefined
  ) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Changing the region or the account requires entering the User API key again',
    );
  }
  return {
    provider: 'newrelic',
    url: newrelicApiUrl(region, settings),
    region,
    accountId,
    apiKey: input.apiKey === undefined ? current.apiKey : nonBlank(input.apiKey, 'User API key'),
  };
}

function mergeTarget(
  current: IntegrationTarget,
  input: UpdateIntegrationInput,
  settings: IntegrationSettings,
): IntegrationTarget {
  if (current.provider === 'cloudwatch') {
    if (
      input.url !== undefined ||
      input.token !== undefined ||
      input.auth !== undefined ||
      input.apiKey !== undefined ||
      input.appKey !== undefined ||
      input.accountId !== undefined
    )
      throw new AppError(
        'VALIDATION_FAILED',
        'CloudWatch is changed with `region` and `roleArn` (it has no URL or token).',
      );
    // The external id stays the workspace's: it is not an input.
    return {
      ...current,
      region: input.region === undefined ? current.region : assertRegion(input.region),
      roleArn: input.roleArn === undefined ? current.roleArn : assertRoleArn(input.roleArn),
    };
  }
  if (input.roleArn !== undefined)
    throw new AppError('VALIDATION_FAILED', '`roleArn` is for CloudWatch only.');
  if (current.provider === 'datadog') {
    if (input.accountId !== undefined)
      throw new AppError('VALIDATION_FAILED', '`accountId` is a New Relic setting.');
    return mergeDatadog(current, input, settings);
  }
  if (current.provider === 'newrelic') return mergeNewrelic(current, input, settings);
  if (
    input.region !== undefined ||
    input.apiKey !== undefined ||
    input.appKey !== undefined ||
    input.accountId !== undefined
  ) {
    throw new AppError(
      'VALIDATION_FAILED',
      '`region` is for CloudWatch, Datadog and New Relic; `apiKey`, `appKey` and `accountId` for Datadog and New Relic: this integration takes `url` and its credentials.',
    );
  }
  const url = input.url === undefined ? current.url : normalizeIntegrationUrl(input.url);
  const originChanged = origin(url) !== origin(current.url);
  if (current.provider === 'grafana') {
    if (input.auth)
      throw new AppError(
        'VALIDATION_FAILED',
        'Grafana authenticates with a service account token: send `token`, not `auth`.',
      );
    if (input.token === undefined && originChanged)
      throw new AppError('VALIDATION_FAILED', URL_CHANGE_TOKEN);
    return {
      provider: 'grafana',
      url,
      token:
        input.token === undefined ? current.token : nonBlank(input.token, 'service account token'),
    };
  }
  if (input.token !== undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Prometheus and Loki take their credentials in `auth` ({ type: "bearer", token }).',
    );
  }
  return {
    provider: current.provider,
    url,
    auth: mergeAuth(current.auth, input.auth, originChanged),
  };
}

/**
 * Renames an integration or changes its URL or credentials (owners). A new
 * URL or credentials are checked first, and nothing changes when the check
 * fails; a rename alone calls nothing. Moving the URL to another origin
 * (scheme, host or port) requires the token or password again: the saved one
 * is never sent to a host it was not entered for.
 */
export async function updateIntegration({
  db,
  secrets,
  settings,
  actor,
  workspaceId,
  input,
  now = new Date(),
  signal,
}: {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  actor: { id: string };
  workspaceId: string;
  input: UpdateIntegrationInput;
  now?: Date;
  signal?: AbortSignal;
}): Promise<{ integration: IntegrationSummary; check: HealthReport | null }> {
  const { integration, target: current } = await loadIntegrationTarget({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId: input.integrationId,
  });
  const target = mergeTarget(current, input, settings);
  const name = input.name === undefined ? integration.name : cleanIntegrationName(input.name);
  const changed = JSON.stringify(target) !== JSON.stringify(current);
  let check: HealthReport | null = null;
  if (changed) {
    const policy = httpPolicy(settings);
    await assertTargetAllowed(target, policy);
    check = await checkTarget(target, settings, signal);
    if (check.status === 'failing') {
      throw new AppError(
        'PRECONDITION_FAILED',
        `Nothing was changed: ${check.message ?? 'the connection check failed.'}`,
        {
          health: check.status,
        },
      );
    }
  }
  const row = await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    if (name !== integration.name) await assertNameFree(tx, workspaceId, name, integration.id);
    const [updated] = await tx
      .update(integrations)
      .set({
        name,
        ...(check
          ? {
              config: storedConfigFor(target, check, readStoredConfig(integration.config)),
              healthStatus: check.status,
              lastError: check.message,
              lastCheckedAt: now,
            }
          : {}),
      })
      .where(and(eq(integrations.id, integration.id), eq(integrations.workspaceId, workspaceId)))
      .returning();
    if (!updated) throw new AppError('NOT_FOUND', 'Integration not found in this workspace.');
    if (changed)
      await storeCredentials({
        db: tx,
        secrets,
        workspaceId,
        integrationId: integration.id,
        target,
      });
    return updated;
  });
  return { integration: toIntegrationSummary(row), check };
}
