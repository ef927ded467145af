import { describe, expect, it } from 'vitest';
import { signalKinds } from '../metric-change/signals.js';
import { metricCatalogue, planQueries, renderMatchers } from './metric-families.js';

describe('planQueries', () => {
  it('picks OpenTelemetry HTTP metrics and cAdvisor/kube-state for containers', () => {
    const plan = planQueries({
      metricNames: [
        'http_server_request_duration_seconds_bucket',
        'http_server_request_duration_seconds_count',
        'container_cpu_usage_seconds_total',
        'container_memory_working_set_bytes',
        'kube_pod_container_status_restarts_total',
        'kube_pod_container_status_last_terminated_reason',
        'process_cpu_seconds_total',
      ],
      selector: 'service_name="checkout"',
    });
    const bySignal = Object.fromEntries(plan.map((p) => [p.signal, p]));
    expect(Object.keys(bySignal).sort()).toEqual([
      'cpu',
      'error_ratio',
      'latency_p50',
      'latency_p95',
      'latency_p99',
      'memory',
      'oom_kills',
      'restarts',
      'throughput',
    ]);
    expect(bySignal.latency_p99!.promql).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="checkout"}[5m])))',
    );
    expect(bySignal.error_ratio!.promql).toBe(
      'sum(rate(http_server_request_duration_seconds_count{service_name="checkout", http_response_status_code=~"5.."}[5m])) / sum(rate(http_server_request_duration_seconds_count{service_name="checkout"}[5m]))',
    );
    // cAdvisor wins over the process collector for CPU: it is listed first.
    expect(bySignal.cpu!.family).toBe('cadvisor');
    expect(bySignal.oom_kills!.promql).toContain('reason="OOMKilled"');
  });

  it("prefers process-exporter's process group (children included) to the process's own collector", () => {
    const plan = planQueries({
      metricNames: [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'process_open_fds',
        'process_max_fds',
        'namedprocess_namegroup_cpu_seconds_total',
        'namedprocess_namegroup_memory_bytes',
        'namedprocess_namegroup_worst_fd_ratio',
      ],
      selector: 'groupname="billing"',
    });
    const bySignal = Object.fromEntries(plan.map((p) => [p.signal, p]));
    expect(bySignal.cpu!.promql).toBe(
      'sum(rate(namedprocess_namegroup_cpu_seconds_total{groupname="billing"}[5m]))',
    );
    expect(bySignal.memory!.promql).toBe(
      'sum(namedprocess_namegroup_memory_bytes{groupname="billing", memtype="resident"})',
    );
    expect(bySignal.fd_usage!.family).toBe('process-exporter');
  });

  it('falls back to Prometheus client defaults, HikariCP and node-exporter', () => {
    const plan = planQueries({
      metricNames: [
        'http_request_duration_seconds_bucket',
        'http_requests_total',
        'hikaricp_connections_active',
        'hikaricp_connections_max',
        'node_filesystem_avail_bytes',
        'node_filesystem_size_bytes',
      ],
      selector: 'job="orders"',
      rateWindow: '1m',
    });
    expect(plan.find((p) => p.signal === 'error_ratio')).toMatchObject({
      family: 'prometheus-client',
      promql:
        'sum(rate(http_requests_total{job="orders", code=~"5.."}[1m])) / sum(rate(http_requests_total{job="orders"}[1m]))',
    });
    expect(plan.find((p) => p.signal === 'pool_saturation')?.promql).toBe(
      'max(hikaricp_connections_active{job="orders"} / hikaricp_connections_max{job="orders"})',
    );
    expect(plan.find((p) => p.signal === 'disk_usage')?.family).toBe('node-exporter');
  });

  it('needs every metric of a recipe, filters signals, and can list all recipes', () => {
    expect(planQueries({ metricNames: ['hikaricp_connections_active'], selector: '' })).toEqual([]);
    const names = [
      'container_cpu_usage_seconds_total',
      'process_cpu_seconds_total',
      'container_memory_working_set_bytes',
    ];
    expect(
      planQueries({ metricNames: names, selector: '', signals: ['cpu'] }).map((p) => p.family),
    ).toEqual(['cadvisor']);
    expect(
      planQueries({ metricNames: names, selector: '', signals: ['cpu'], all: true }).map(
        (p) => p.family,
      ),
    ).toEqual(['cadvisor', 'process']);
  });

  it('takes a selector per family and skips families the service is not in', () => {
    const plan = planQueries({
      metricNames: [
        'http_server_request_duration_seconds_count',
        'container_cpu_usage_seconds_total',
      ],
      selector: (recipe) =>
        recipe.family === 'cadvisor'
          ? 'container="checkout"'
          : recipe.family === 'otel-semconv'
            ? null
            : 'x="y"',
    });
    expect(plan.map((p) => p.promql)).toEqual([
      'sum(rate(container_cpu_usage_seconds_total{container="checkout", container!=""}[5m]))',
    ]);
  });

  it('renders matchers without empty braces or commas', () => {
    expect(renderMatchers('')).toBe('');
    expect(renderMatchers('', 'a="b"')).toBe('{a="b"}');
    expect(renderMatchers('x="y"', 'a="b"')).toBe('{x="y", a="b"}');
  });

  it('covers every signal the ranking knows except none', () => {
    const covered = new Set(metricCatalogue.map((r) => r.signal));
    expect([...covered].sort()).toEqual([...signalKinds].sort());
  });
});
