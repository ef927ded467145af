export {
  allowPrivateIntegrationUrls,
  httpPolicy,
  INTEGRATION_TIMEOUT_MS,
  awsServerAccess,
  integrationSettingsFromConfig,
  type IntegrationSettings,
} from './integration-settings.js';
export {
  connectableProviders,
  providerDescriptions,
  providerLabel,
  type ConnectableProvider,
  type ProviderDescription,
  type ProviderField,
} from './integration-providers.js';
export type {
  ConnectIntegrationInput,
  HttpAuthInput,
  IntegrationConfigInput,
  UpdateIntegrationInput,
} from './integration-input.js';
export type { IntegrationAuthType, IntegrationSummary } from './integration-summary.js';
export { loadIntegrationTarget, type IntegrationTarget } from './integration-target.js';
export { testIntegration } from './test-integration.js';
export { connectIntegration, INTEGRATION_NAME_MAX } from './connect-integration.js';
export { updateIntegration } from './update-integration.js';
export { disconnectIntegration } from './disconnect-integration.js';
export { listIntegrations } from './list-integrations.js';
export { runIntegrationHealthCheck } from './run-integration-health-check.js';
export { enqueueDueHealthChecks, HEALTH_CHECK_INTERVAL_MS } from './enqueue-due-health-checks.js';
export { listDatasources, type DatasourceSummary } from './list-datasources.js';
export { getAwsExternalId } from './get-aws-external-id.js';
export { getAwsSetup, type AwsSetup } from './get-aws-setup.js';
export {
  AWS_READ_ACTIONS,
  awsPermissionsPolicy,
  awsTrustPolicy,
  PRINCIPAL_PLACEHOLDER,
} from './aws-role-policies.js';
export type {
  HealthReport,
  HealthStatus,
  LogLine,
  MetricSeries,
  Sample,
} from '@vibemonitor/integrations';
