import { and, eq } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { isAppError } from '@vibemonitor/contracts';
import { integrations, type Database, type Integration } from '@vibemonitor/db';
import type { HealthReport } from '@vibemonitor/integrations';
import type { IntegrationSettings } from './integration-settings.js';
import {
  readStoredConfig,
  storedConfigFor,
  toIntegrationSummary,
  type IntegrationSummary,
} from './integration-summary.js';
import { checkTarget, loadIntegrationTarget } from './integration-target.js';

/**
 * Checks one integration now and stores the outcome (status, last error in
 * plain words, time; for Grafana the datasources found). Used on demand by
 * `integration.healthCheck` and by the worker's scheduled job; re-running it
 * is harmless. A URL refused by the address policy (e.g. private URLs were
 * turned off after it was connected) is stored as failing, not thrown.
 */
export async function runIntegrationHealthCheck({
  db,
  secrets,
  settings,
  workspaceId,
  integrationId,
  now = new Date(),
  signal,
}: {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  workspaceId: string;
  integrationId: string;
  now?: Date;
  signal?: AbortSignal;
}): Promise<{
  integration: IntegrationSummary;
  check: HealthReport;
  /** The status before this check, to tell a change (ok -> failing) from a repeat. */
  previousStatus: Integration['healthStatus'];
}> {
  const { integration, target } = await loadIntegrationTarget({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId,
  });
  let check: HealthReport;
  try {
    check = await checkTarget(target, settings, signal);
  } catch (error) {
    if (!isAppError(error)) throw error;
    check = {
      status: 'failing',
      message: error.message,
      version: null,
      latencyMs: 0,
      datasources: [],
    };
  }
  const [row] = await db
    .update(integrations)
    .set({
      config: storedConfigFor(target, check, readStoredConfig(integration.config)),
      healthStatus: check.status,
      lastError: check.message,
      lastCheckedAt: now,
    })
    .where(and(eq(integrations.id, integrationId), eq(integrations.workspaceId, workspaceId)))
    .returning();
  // Disconnected while the check ran: report what was found without resurrecting it.
  return {
    integration: toIntegrationSummary(row ?? integration),
    check,
    previousStatus: integration.healthStatus,
  };
}
