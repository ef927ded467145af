export { resolveDatasource, type DatasourceRef } from './resolve-datasource.js';
export { resolveTimeRange, DEFAULT_RANGE_MS, MAX_RANGE_MS, type TimeRange } from './time-range.js';
export {
  serviceLogSelector,
  SERVICE_NAME_LABELS,
  type ServiceLogSelector,
} from './service-log-selector.js';
export {
  queryLogs,
  LOGQL_MAX_LENGTH,
  type LogsQueryInput,
  type LogsQueryResult,
} from './query-logs.js';
export { listLogLabels, type LabelListResult } from './list-log-labels.js';
export {
  queryMetrics,
  PROMQL_MAX_LENGTH,
  type MetricsQueryInput,
  type MetricsQueryResult,
} from './query-metrics.js';
export { listMetricSeries } from './list-metric-series.js';
export { listMetricLabels } from './list-metric-labels.js';
export {
  queryCloudWatchLogs,
  DEFAULT_INSIGHTS_QUERY,
  type CloudWatchLogsQueryInput,
  type CloudWatchLogsQueryResult,
} from './query-cloudwatch-logs.js';
export {
  queryCloudWatchMetrics,
  type CloudWatchMetricsQueryInput,
  type CloudWatchMetricsQueryResult,
} from './query-cloudwatch-metrics.js';
