import { describe, expect, it } from 'vitest';
import {
  isLatencyHistogram,
  isRequestCounter,
  isServerErrorValue,
  meanLatencyRecipes,
  requestMetricRecipes,
  type MetricShape,
} from './request-metrics.js';

const shape = (name: string, labels: Record<string, string[]>): MetricShape => ({
  name,
  labels: new Set(Object.keys(labels)),
  values: (label) => labels[label] ?? null,
});
const m = (extra = '') => `{service="x"${extra ? `, ${extra}` : ''}}`;

describe('request metrics found by their shape', () => {
  it("recognises the usual libraries' served-request counters and not outgoing queries", () => {
    for (const name of [
      'http_requests_total',
      'http_server_requests_seconds_count',
      'grpc_server_handled_total',
      'traces_span_metrics_calls_total',
      'istio_requests_total',
      'django_http_responses_total_by_status_total',
      'django_http_requests_total_by_method_total',
    ])
      expect(isRequestCounter(name), name).toBe(true);
    for (const name of [
      'http_client_requests_seconds_count',
      'django_db_query_duration_seconds_count',
      'redis_commands_duration_seconds_count',
      'http_request_duration_seconds_bucket',
    ])
      expect(isRequestCounter(name), name).toBe(false);
    expect(isLatencyHistogram('django_http_requests_latency_seconds_by_view_method_bucket')).toBe(
      true,
    );
  });

  it('reads failures in every spelling of a status label', () => {
    expect(isServerErrorValue('response_code', '503')).toBe(true);
    expect(isServerErrorValue('status_class', '5xx')).toBe(true);
    expect(isServerErrorValue('grpc_code', 'Unavailable')).toBe(true);
    expect(isServerErrorValue('grpc_code', 'NotFound')).toBe(false);
    expect(isServerErrorValue('status_code', 'STATUS_CODE_ERROR')).toBe(true);
    expect(isServerErrorValue('code', '404')).toBe(false);
  });

  it("keeps a mesh's metrics to the requests the service served (callee side)", () => {
    const [errors, throughput] = requestMetricRecipes([
      shape('istio_requests_total', {
        reporter: ['source', 'destination'],
        response_code: ['200', '503'],
      }),
    ]);
    expect(errors!.build(m, '1m')).toBe(
      '(sum(rate(istio_requests_total{service="x", reporter="destination", response_code=~"503"}[1m])) or vector(0)) / sum(rate(istio_requests_total{service="x", reporter="destination"}[1m]))',
    );
    expect(throughput!.build(m, '1m')).toContain('reporter="destination"');
    const [, linkerd] = requestMetricRecipes([
      shape('response_total', { direction: ['inbound', 'outbound'], status_code: ['200'] }),
    ]);
    expect(linkerd!.build(m, '1m')).toContain('direction="inbound"');
    const [spans] = requestMetricRecipes([
      shape('traces_span_metrics_calls_total', {
        span_kind: ['SPAN_KIND_CLIENT', 'SPAN_KIND_SERVER'],
        status_code: ['STATUS_CODE_UNSET'],
      }),
    ]);
    expect(spans!.build(m, '1m')).toContain('span_kind=~"SPAN_KIND_SERVER"');
    // Only one side reported: nothing to choose.
    const [single] = requestMetricRecipes([
      shape('istio_requests_total', { reporter: ['source'], response_code: ['200'] }),
    ]);
    expect(single!.build(m, '1m')).not.toContain('reporter');
  });

  it('measures the mean where a timer publishes no buckets, and gRPC handling histograms', () => {
    const timer = shape('http_server_requests_seconds_count', { status: ['200'] });
    const [mean] = meanLatencyRecipes(
      [timer],
      new Set(['http_server_requests_seconds_count', 'http_server_requests_seconds_sum']),
    );
    expect(mean!.signal).toBe('latency_mean');
    expect(mean!.build(m, '2m')).toBe(
      '(sum(rate(http_server_requests_seconds_sum{service="x"}[2m])) / sum(rate(http_server_requests_seconds_count{service="x"}[2m])))',
    );
    // With buckets the quantiles speak; a plain counter has no time to average.
    expect(
      meanLatencyRecipes(
        [timer],
        new Set([
          'http_server_requests_seconds_count',
          'http_server_requests_seconds_sum',
          'http_server_requests_seconds_bucket',
        ]),
      ),
    ).toEqual([]);
    expect(meanLatencyRecipes([shape('http_requests_total', {})], new Set())).toEqual([]);
    expect(isLatencyHistogram('grpc_server_handling_seconds_bucket')).toBe(true);
    expect(isLatencyHistogram('grpc_client_handling_seconds_bucket')).toBe(false);
  });
});
