import { and, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { integrations, type Database } from '@vibemonitor/db';
import type { HealthReport } from '@vibemonitor/integrations';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { ConnectIntegrationInput } from './integration-input.js';
import { providerLabel } from './integration-providers.js';
import { httpPolicy, type IntegrationSettings } from './integration-settings.js';
import {
  storedConfigFor,
  toIntegrationSummary,
  type IntegrationSummary,
} from './integration-summary.js';
import { getAwsExternalId } from './get-aws-external-id.js';
import {
  assertTargetAllowed,
  checkTarget,
  targetFromInput,
  targetPlace,
} from './integration-target.js';
import { storeCredentials } from './store-credentials.js';

export const INTEGRATION_NAME_MAX = 100;

/** Refuses a name another integration of the workspace already has (names pick datasources in queries). */
export async function assertNameFree(
  db: Database,
  workspaceId: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const taken = await db
    .select({ id: integrations.id })
    .from(integrations)
    .where(and(eq(integrations.workspaceId, workspaceId), eq(integrations.name, name)));
  if (taken.some((row) => row.id !== exceptId)) {
    throw new AppError(
      'CONFLICT',
      `An integration named "${name}" already exists in this workspace: choose another name.`,
    );
  }
}

export function cleanIntegrationName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('VALIDATION_FAILED', 'Enter a name for the integration.');
  if (trimmed.length > INTEGRATION_NAME_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Integration names are at most ${INTEGRATION_NAME_MAX} characters.`,
    );
  }
  return trimmed;
}

/**
 * Connects Grafana, Prometheus or Loki (owners). The configuration is
 * checked first and nothing is saved when the check fails, so a typo in a
 * URL or token is caught at once; a degraded check (e.g. Grafana without
 * datasources) is saved with its warning. Secrets are encrypted at rest.
 */
export async function connectIntegration({
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
  input: ConnectIntegrationInput;
  now?: Date;
  signal?: AbortSignal;
}): Promise<{ integration: IntegrationSummary; check: HealthReport }> {
  const target = targetFromInput(
    input.config,
    settings,
    input.config.provider === 'cloudwatch'
      ? await getAwsExternalId({ db, workspaceId })
      : undefined,
  );
  const name = cleanIntegrationName(
    input.name ?? `${providerLabel(target.provider)} (${targetPlace(target)})`,
  );
  await assertTargetAllowed(target, httpPolicy(settings));
  // The network check runs before the transaction: a slow server must not hold the workspace lock.
  const check = await checkTarget(target, settings, signal);
  if (check.status === 'failing') {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Nothing was saved: ${check.message ?? 'the connection check failed.'}`,
      {
        health: check.status,
      },
    );
  }
  const row = await db.transaction(async (tx) => {
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await assertNameFree(tx, workspaceId, name);
    const [inserted] = await tx
      .insert(integrations)
      .values({
        workspaceId,
        provider: target.provider,
        name,
        config: storedConfigFor(target, check),
        healthStatus: check.status,
        lastError: check.message,
        lastCheckedAt: now,
      })
      .returning();
    if (!inserted) throw new Error('integration insert returned no row');
    await storeCredentials({ db: tx, secrets, workspaceId, integrationId: inserted.id, target });
    return inserted;
  });
  return { integration: toIntegrationSummary(row), check };
}
