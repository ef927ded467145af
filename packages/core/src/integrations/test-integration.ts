import { assertUrlAllowed, type HealthReport } from '@vibemonitor/integrations';
import type { IntegrationConfigInput } from './integration-input.js';
import { httpPolicy, type IntegrationSettings } from './integration-settings.js';
import { checkTarget, targetFromInput } from './integration-target.js';

/**
 * Checks a configuration without saving anything: the same check connect
 * runs. A URL pointing at a refused address is an error (nothing is sent
 * to it); everything else, unreachable or rejected included, is the report.
 */
export async function testIntegration({
  settings,
  input,
  signal,
}: {
  settings: IntegrationSettings;
  input: IntegrationConfigInput;
  signal?: AbortSignal;
}): Promise<HealthReport> {
  const target = targetFromInput(input, settings);
  const policy = httpPolicy(settings);
  await assertUrlAllowed(target.url, policy);
  return checkTarget(target, policy, signal);
}
