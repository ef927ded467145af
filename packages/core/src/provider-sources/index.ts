export { createDatadogSources, type DatadogSources } from './create-datadog-sources.js';
export { createDatadogMetricSource, DATADOG_LOOKBACK_MS } from './create-datadog-metric-source.js';
export {
  createDatadogLogSource,
  datadogQuoted,
  datadogSearchFor,
} from './create-datadog-log-source.js';
export { createDatadogChangeSource, datadogChangeKind } from './create-datadog-change-source.js';
export { loadDatadogGrid } from './load-datadog-grid.js';
export {
  createNewrelicSources,
  NEWRELIC_LOOKBACK_MS,
  newrelicLogNrql,
  type NewrelicSources,
} from './create-newrelic-sources.js';
export { loadNewrelicGrid } from './load-newrelic-grid.js';
