import { router } from '../../trpc.js';
import { listMetricLabelsProcedure } from './list-metric-labels.js';
import { listMetricSeriesProcedure } from './list-metric-series.js';
import { queryCloudWatchMetricsProcedure } from './query-cloudwatch-metrics.js';
import { queryMetricsProcedure } from './query-metrics.js';

export const metricsRouter = router({
  query: queryMetricsProcedure,
  series: listMetricSeriesProcedure,
  labels: listMetricLabelsProcedure,
  cloudwatch: queryCloudWatchMetricsProcedure,
});
