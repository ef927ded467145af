export { startPrometheus, type RunningPrometheus } from './start-prometheus.js';
export { openMetricsText, type BackfillSeries } from './openmetrics.js';
export {
  startFakeLoki,
  type FakeLoki,
  type FakeLogStream,
  type FakeLogEntry,
} from './fake-loki.js';
export { startFakeGrafana, type FakeGrafana, type FakeGrafanaDatasource } from './fake-grafana.js';
export { startRecordingListener, type RecordingListener } from './recording-listener.js';
export {
  startLocalHttpServer,
  sendJson,
  sendText,
  type LocalHttpServer,
  type RecordedRequest,
} from './local-http-server.js';
export { LogqlSyntaxError, type LogqlExpr } from './logql-subset.js';
export { parseLogql } from './logql-syntax-tree.js';
export {
  startFakeGithub,
  type FakeGithub,
  type FakeGithubCommit,
  type FakeGithubInstallation,
  type FakeGithubPull,
  type FakeGithubRepository,
} from './fake-github.js';
export {
  startFakeSlack,
  type FakeSlack,
  type FakeSlackMessage,
  type FakeSlackTeam,
  type FakeSlackUser,
} from './fake-slack.js';
export { signSlackRequest } from '../slack/sign-slack-request.js';
export {
  parseStripeForm,
  startFakeStripe,
  type FakeStripe,
  type FakeStripeCall,
  type FakeStripePrice,
} from './fake-stripe.js';
export {
  startFakeAws,
  type FakeAws,
  type FakeAwsCall,
  type FakeAwsEcsService,
  type FakeAwsLogEvent,
  type FakeAwsLogGroup,
  type FakeAwsMetric,
  type FakeAwsOptions,
  type FakeAwsRole,
} from './fake-aws.js';
export { parseSigV4, verifySigV4, type SigV4Scope } from './aws-sigv4.js';
export { cloudWatchIncident } from './cloudwatch-incident.js';
export {
  parseDatadogQuery,
  startFakeDatadog,
  type FakeDatadog,
  type FakeDatadogEvent,
  type FakeDatadogLog,
  type FakeDatadogMetric,
  type FakeDatadogPermission,
} from './fake-datadog.js';
export { startFakeNewrelic, type FakeNewrelic } from './fake-newrelic.js';
export { evaluateNrql, parseNrql, NrqlSyntaxError, type NrqlEvent } from './nrql-subset.js';
