import { router } from '../../trpc.js';
import { listLogLabelValuesProcedure } from './list-log-label-values.js';
import { listLogLabelsProcedure } from './list-log-labels.js';
import { queryCloudWatchLogsProcedure } from './query-cloudwatch-logs.js';
import { queryLogsProcedure } from './query-logs.js';

export const logsRouter = router({
  query: queryLogsProcedure,
  labels: listLogLabelsProcedure,
  labelValues: listLogLabelValuesProcedure,
  cloudwatch: queryCloudWatchLogsProcedure,
});
