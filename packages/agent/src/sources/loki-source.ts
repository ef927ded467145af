import { AppError } from '@vibemonitor/contracts';
import type { LokiClient } from '@vibemonitor/integrations';
import type { LogSource, SourceInfo } from './data-sources.js';

/** A LogSource over a Loki HTTP API client (direct or through a Grafana datasource proxy). */
export function logSourceFromLoki(info: SourceInfo, client: LokiClient): LogSource {
  return {
    kind: 'logs',
    id: info.id,
    name: info.name,
    async lines({ query, start, end, limit, direction, signal }) {
      const result = await client.queryRange({
        query,
        start,
        end,
        limit,
        direction,
        ...(signal ? { signal } : {}),
      });
      if (result.resultType !== 'streams') {
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL metric query (it returns numbers, not lines): use a log query such as {app="api"} |= "error".',
        );
      }
      return { lines: result.lines, truncated: result.truncated };
    },
    async metric({ query, start, end, stepSeconds, signal }) {
      const result = await client.queryRange({
        query,
        start,
        end,
        stepSeconds,
        limit: 1,
        ...(signal ? { signal } : {}),
      });
      if (result.resultType !== 'matrix') {
        throw new AppError(
          'VALIDATION_FAILED',
          'That is a LogQL log query (it returns lines): wrap it in count_over_time(...[1m]) or rate(...[1m]) for numbers.',
        );
      }
      return { series: result.series, stepSeconds: result.stepSeconds };
    },
    labelNames: ({ start, end, query, signal } = {}) =>
      client.labels({ start, end, query, ...(signal ? { signal } : {}) }),
    labelValues: ({ label, start, end, query, signal }) =>
      client.labelValues({ label, start, end, query, ...(signal ? { signal } : {}) }),
  };
}
