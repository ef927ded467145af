import type { PrometheusClient } from '@vibemonitor/integrations';
import type { MetricSource, SourceInfo } from './data-sources.js';

/** A MetricSource over a Prometheus HTTP API client (direct or through a Grafana datasource proxy). */
export function metricSourceFromPrometheus(
  info: SourceInfo,
  client: PrometheusClient,
): MetricSource {
  return {
    kind: 'metrics',
    id: info.id,
    name: info.name,
    instant: ({ query, time, maxSeries, signal }) =>
      client.query({
        query,
        time,
        ...(maxSeries === undefined ? {} : { maxSeries }),
        ...(signal ? { signal } : {}),
      }),
    range: ({ query, start, end, stepSeconds, maxPoints, maxSeries, signal }) =>
      client.queryRange({
        query,
        start,
        end,
        stepSeconds,
        ...(maxPoints === undefined ? {} : { maxPoints }),
        ...(maxSeries === undefined ? {} : { maxSeries }),
        ...(signal ? { signal } : {}),
      }),
    series: ({ match, start, end, limit, signal }) =>
      client.series({
        match,
        start,
        end,
        ...(limit === undefined ? {} : { limit }),
        ...(signal ? { signal } : {}),
      }),
    labelNames: ({ match, start, end, signal } = {}) =>
      client.labels({ start, end, ...(match ? { match } : {}), ...(signal ? { signal } : {}) }),
    labelValues: ({ label, match, start, end, limit, signal }) =>
      client.labelValues({
        label,
        start,
        end,
        ...(match ? { match } : {}),
        ...(limit === undefined ? {} : { limit }),
        ...(signal ? { signal } : {}),
      }),
  };
}
