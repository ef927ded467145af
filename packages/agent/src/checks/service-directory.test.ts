import { describe, expect, it } from 'vitest';
import type { MetricSource } from '../sources/data-sources.js';
import { buildServiceDirectory } from './service-directory.js';

/** A metrics source holding label sets only: label discovery is all the directory asks of it. */
function labelsOnlySource(series: Array<Record<string, string>>): MetricSource {
  const matching = (match?: string[]) =>
    series.filter((s) => !match || match.includes(s.__name__!));
  const fail = () => Promise.reject(new Error('not a query source'));
  return {
    kind: 'metrics',
    id: 'prom',
    name: 'Prometheus',
    instant: fail,
    range: fail,
    series: fail,
    labelNames: async ({ match } = {}) => ({
      values: [...new Set(matching(match).flatMap((s) => Object.keys(s)))].sort(),
      truncated: false,
    }),
    labelValues: async ({ label, match }) => ({
      values: [
        ...new Set(
          matching(match)
            .map((s) => s[label])
            .filter((v): v is string => v !== undefined),
        ),
      ].sort(),
      truncated: false,
    }),
  };
}

const window = { start: new Date(0), end: new Date(3_600_000) };

describe('ServiceDirectory.metricSelector with configured matchers', () => {
  it("uses a service's configured job where that job has the metric, and discovery elsewhere", async () => {
    const source = labelsOnlySource([
      { __name__: 'http_requests_total', job: 'payments-api', code: '200' },
      { __name__: 'container_cpu_usage_seconds_total', container: 'payments', pod: 'payments-1' },
      {
        __name__: 'kube_pod_container_status_restarts_total',
        job: 'kube-state-metrics',
        container: 'payments',
      },
    ]);
    const { directory } = await buildServiceDirectory({
      question: 'Why is payments slow?',
      workspaceServices: [
        { name: 'payments', aliases: [], labelMatchers: { prometheus: { job: 'payments-api' } } },
      ],
      metrics: [source],
      logs: [],
      window,
    });
    expect(await directory.metricSelector(source, 'payments', 'http_requests_total')).toBe(
      'job="payments-api"',
    );
    // cAdvisor has no job label at all: the container that names the service is used instead.
    expect(
      await directory.metricSelector(source, 'payments', 'container_cpu_usage_seconds_total'),
    ).toBe('container="payments"');
    // kube-state-metrics has a job label, but its own: the configured job would select nothing there.
    expect(
      await directory.metricSelector(
        source,
        'payments',
        'kube_pod_container_status_restarts_total',
      ),
    ).toBe('container="payments"');
    // A metric where nothing names the service.
    expect(await directory.metricSelector(source, 'payments', 'up')).toBeNull();
  });
});
