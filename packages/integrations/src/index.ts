export { classifyAddress, type AddressClass } from './http/address-policy.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_REDIRECTS,
  type HttpPolicy,
  type ResolvedAddress,
  type Resolver,
} from './http/http-options.js';
export { systemResolver } from './http/resolve-host.js';
export {
  checkDestination,
  safeFetch,
  type SafeRequestInit,
  type SafeResponse,
} from './http/safe-fetch.js';
export { authHeaders, type HttpAuth } from './http/http-auth.js';
export { callEndpoint, endpointUrl, type Endpoint } from './http/endpoint.js';
export { assertUrlAllowed, normalizeIntegrationUrl } from './http/integration-url.js';
export type {
  ChangeRecord,
  ChangeSource,
  CodeSource,
  DataSource,
  LogSource,
  MetricSource,
  SourceInfo,
} from './sources/data-sources.js';
export { chooseStep, DEFAULT_MAX_POINTS, type ChosenStep } from './prometheus/choose-step.js';
export type {
  BuildInfo,
  MetricQueryResult,
  MetricSeries,
  RangeQueryResult,
  Sample,
} from './prometheus/prometheus-types.js';
export {
  createPrometheusClient,
  DEFAULT_MAX_ITEMS,
  DEFAULT_MAX_SERIES,
  type PrometheusClient,
} from './prometheus/prometheus-client.js';
export {
  clampLogLimit,
  createLokiClient,
  DEFAULT_LOG_LIMIT,
  MAX_LOG_LIMIT,
  type LogDirection,
  type LogLine,
  type LogQueryResult,
  type LokiClient,
} from './loki/loki-client.js';
export { escapeLabelValue, escapeRegex, labelSelector } from './loki/logql.js';
export {
  createGrafanaClient,
  queryableDatasourceTypes,
  type GrafanaClient,
  type GrafanaDatasource,
  type QueryableDatasourceType,
} from './grafana/grafana-client.js';
export { SLOW_ANSWER_MS, type HealthReport, type HealthStatus } from './health/health-report.js';
export { checkPrometheus } from './health/check-prometheus.js';
export { checkLoki } from './health/check-loki.js';
export { checkGrafana, MAX_DATASOURCES_PROBED } from './health/check-grafana.js';
export {
  createGithubApp,
  describeGithubError,
  githubWebUrl,
  TOKEN_REFRESH_MARGIN_MS,
  type GithubApp,
  type GithubAppSettings,
  type GithubInstallationInfo,
  type GithubRepositoryInfo,
  type GithubRepositoryPage,
} from './github/github-app.js';
export {
  createGithubCodeReader,
  type CodeCommit,
  type CodeFile,
  type CodeFileChange,
  type CodeMergedPull,
  type GithubCodeReader,
} from './github/github-code.js';
export {
  createSlackClient,
  SLACK_API_URL,
  SLACK_AUTHORIZE_URL,
  type SlackCallResult,
  type SlackClient,
  type SlackClientOptions,
} from './slack/slack-client.js';
export {
  SLACK_SIGNATURE_WINDOW_SECONDS,
  verifySlackSignature,
  type SlackVerification,
} from './slack/verify-slack-request.js';
export {
  generateWebhookSecret,
  sendWebhook,
  signWebhook,
  WEBHOOK_SECRET_PREFIX,
  type WebhookAttemptResult,
} from './webhooks/standard-webhooks.js';
export {
  createStripeClient,
  describeStripeError,
  isStripeOutage,
  signStripePayload,
  stripeConnectionOptions,
  verifyStripeEvent,
  type StripeClient,
  type StripeClientOptions,
  type StripeEvent,
  type StripeInvoice,
  type StripePrice,
  type StripeSubscription,
} from './stripe/stripe-client.js';
export {
  accountOfRole,
  assertRegion,
  assertRoleArn,
  type AwsConnection,
  type AwsCredentials,
  type AwsServerAccess,
} from './cloudwatch/aws-connection.js';
export {
  clearRoleCache,
  roleCredentials,
  ROLE_REFRESH_MARGIN_MS,
  type RoleCredentials,
} from './cloudwatch/assume-role.js';
export { describeAwsError, THROTTLE_RETRY_SECONDS } from './cloudwatch/describe-aws-error.js';
export {
  createCloudWatchClient,
  INSIGHTS_DEADLINE_MS,
  type CloudWatchApi,
  type CloudWatchLogEvent,
  type CloudWatchLogGroup,
  type CloudWatchMetric,
  type EcsDeployment,
  type InsightsResult,
  type MetricDataRequest,
  type MetricDataResult,
} from './cloudwatch/cloudwatch-client.js';
export { checkCloudWatch } from './health/check-cloudwatch.js';
export {
  datadogRegionOfSite,
  datadogRegions,
  datadogSite,
  datadogSites,
  isDatadogRegion,
  type DatadogRegion,
} from './datadog/datadog-sites.js';
export {
  createDatadogClient,
  DATADOG_MAX_LOG_LINES,
  tagRecord,
  type DatadogClient,
  type DatadogEvent,
  type DatadogLogLine,
  type DatadogPoint,
  type DatadogSeries,
} from './datadog/datadog-client.js';
export { checkDatadog } from './health/check-datadog.js';
export {
  apmFamilies,
  apmLatencyFamilies,
  apmSpanNames,
  datadogFamilies,
  datadogFamilyQuery,
  type DatadogFamily,
  type DatadogShape,
} from './datadog/datadog-families.js';
export {
  nrql,
  nrqlIdentifier,
  nrqlString,
  NrqlIdentifier,
  type NrqlValue,
} from './newrelic/nrql.js';
export {
  createNewrelicClient,
  nerdGraphUrl,
  newrelicRegions,
  serviceLogsNrql,
  type NewrelicClient,
  type NewrelicEntity,
  type NewrelicRegion,
} from './newrelic/newrelic-client.js';
export { checkNewrelic } from './health/check-newrelic.js';
export {
  newrelicFamilies,
  newrelicFamilyNrql,
  type NewrelicFamily,
} from './newrelic/newrelic-families.js';
