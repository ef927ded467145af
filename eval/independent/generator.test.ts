import { describe, expect, it } from 'vitest';
import type { BackfillSeries, FakeLogStream } from '@vibemonitor/integrations/testing';
import { causeClassPatterns } from '../scenarios/cause-classes.js';
import { FORMERLY_HELD_OUT_IDS, type IndependentCase } from './case.js';
import { independentCases, independentCaseSpecs } from './index.js';
import { generateTelemetry } from './telemetry.js';

// A fixed "now" so two generations can be compared sample by sample.
const NOW = Date.UTC(2026, 11, 7, 14, 0, 0) / 1000;

function generate(c: IndependentCase, seed: number, historyMinutes = 20, faultMinutesAgo = 10) {
  return generateTelemetry({
    seed,
    faultMinutesAgo,
    now: NOW,
    shape: { ...c.shape, historyMinutes },
    generate: (b) => c.generate(b, b.timeline.faultStart),
  });
}

/** The name a series is queried by (counters gain `_total` in the exposition). */
const queriedName = (s: BackfillSeries) => (s.type === 'counter' ? `${s.name}_total` : s.name);

function matches(labels: Record<string, string>, matchers: Record<string, string>): boolean {
  return Object.entries(matchers).every(([k, v]) => labels[k] === v);
}

const caseById = (id: string) => independentCaseSpecs.find((c) => c.id === id)!;

type Check =
  | {
      metric: string;
      labels?: Record<string, string>;
      change: 'up' | 'down' | 'appears' | 'disappears';
    }
  | { log: string; service?: string };

/** Per second increase of a cumulative series (resets skipped), or the mean of a gauge. */
function level(metric: string, samples: Array<[Date, number]>): number {
  if (samples.length === 0) return 0;
  if (/_(total|count|sum|bucket)$/.test(metric)) {
    let increase = 0;
    for (let i = 1; i < samples.length; i++) {
      const delta = samples[i]![1] - samples[i - 1]![1];
      if (delta > 0) increase += delta;
    }
    const seconds = (samples.at(-1)![0].getTime() - samples[0]![0].getTime()) / 1000;
    return seconds > 0 ? increase / seconds : 0;
  }
  return samples.reduce((sum, [, v]) => sum + v, 0) / samples.length;
}

const calls = 'traces_span_metrics_calls_total';
const ERROR = 'STATUS_CODE_ERROR';

/** The evidence each case is built to leave (the README's "where the evidence is" column). */
const evidence: Record<string, Check[]> = {
  'otel-payment-failure': [
    { metric: calls, labels: { service_name: 'payment', status_code: ERROR }, change: 'up' },
    { log: 'Invalid token', service: 'payment' },
  ],
  'otel-ad-high-cpu': [
    { metric: 'container_cpu_usage_seconds_total', labels: { container: 'ad' }, change: 'up' },
    { metric: 'jvm_cpu_recent_utilization_ratio', labels: { service_name: 'ad' }, change: 'up' },
  ],
  'otel-cart-failure': [
    {
      metric: calls,
      labels: {
        service_name: 'cart',
        span_name: 'oteldemo.CartService/EmptyCart',
        status_code: ERROR,
      },
      change: 'up',
    },
    { log: "Wasn't able to connect to redis", service: 'cart' },
  ],
  'otel-product-catalog-failure': [
    {
      metric: calls,
      labels: {
        service_name: 'product-catalog',
        span_name: 'oteldemo.ProductCatalogService/GetProduct',
        status_code: ERROR,
      },
      change: 'up',
    },
    { log: 'Product Catalog Fail Feature Flag Enabled', service: 'product-catalog' },
  ],
  'otel-kafka-queue-problems': [
    { metric: 'kafka_consumer_group_lag', labels: { group: 'fraud-detection' }, change: 'up' },
    {
      metric: calls,
      labels: { service_name: 'checkout', span_name: 'orders publish' },
      change: 'up',
    },
  ],
  'otel-image-slow-load': [
    {
      metric: 'traces_service_graph_request_client_seconds_sum',
      labels: { server: 'image-provider' },
      change: 'up',
    },
    {
      metric: 'envoy_cluster_upstream_rq_time_sum',
      labels: { envoy_cluster_name: 'image-provider' },
      change: 'up',
    },
  ],
  'otel-homepage-flood': [
    {
      metric: calls,
      labels: { service_name: 'frontend-proxy', status_code: 'STATUS_CODE_UNSET' },
      change: 'up',
    },
    {
      metric: calls,
      labels: { service_name: 'product-catalog', span_kind: 'SPAN_KIND_SERVER' },
      change: 'up',
    },
  ],
  'otel-payment-unreachable': [
    {
      metric: calls,
      labels: {
        service_name: 'payment',
        span_kind: 'SPAN_KIND_SERVER',
        status_code: 'STATUS_CODE_UNSET',
      },
      change: 'down',
    },
    {
      metric: calls,
      labels: { service_name: 'checkout', span_kind: 'SPAN_KIND_CLIENT', status_code: ERROR },
      change: 'up',
    },
    { log: 'lookup badAddress', service: 'checkout' },
  ],
  'otel-ad-manual-gc': [
    {
      metric: 'jvm_gc_duration_seconds_count',
      labels: { service_name: 'ad', jvm_gc_name: 'G1 Old Generation' },
      change: 'up',
    },
    { log: 'Triggering a manual garbage collection', service: 'ad' },
  ],
  'otel-recommendation-cache-failure': [
    {
      metric: 'container_memory_working_set_bytes',
      labels: { container: 'recommendation' },
      change: 'up',
    },
    { log: 'cache miss', service: 'recommendation' },
  ],
  'sock-catalogue-cpu-hog': [
    {
      metric: 'container_cpu_cfs_throttled_periods_total',
      labels: { container: 'catalogue' },
      change: 'up',
    },
    { metric: 'grpc_server_handling_seconds_sum', labels: { app: 'catalogue' }, change: 'up' },
  ],
  'sock-carts-memory-leak': [
    {
      metric: 'kube_pod_container_status_restarts_total',
      labels: { container: 'carts' },
      change: 'up',
    },
    {
      metric: 'kube_pod_container_status_last_terminated_reason',
      labels: { container: 'carts', reason: 'OOMKilled' },
      change: 'up',
    },
  ],
  'sock-orders-db-disk-full': [
    { metric: 'node_filesystem_avail_bytes', labels: { service: 'orders-db' }, change: 'down' },
    { log: 'No space left on device', service: 'orders' },
  ],
  'sock-payment-network-delay': [
    {
      metric: 'probe_duration_seconds',
      labels: { instance: 'http://payment.sock-shop.svc/health' },
      change: 'up',
    },
    {
      metric: 'http_server_requests_seconds_sum',
      labels: { application: 'orders', uri: '/orders', method: 'POST' },
      change: 'up',
    },
  ],
  'sock-user-packet-loss': [
    { metric: 'node_netstat_Tcp_RetransSegs', labels: { job: 'node-exporter' }, change: 'up' },
    { log: 'ETIMEDOUT 10.96.0.122:80', service: 'front-end' },
  ],
  'sock-front-end-socket-exhaustion': [
    { metric: 'process_open_fds', labels: { job: 'sock-shop/front-end' }, change: 'up' },
    { log: 'EMFILE', service: 'front-end' },
  ],
  'sock-orders-bad-deploy': [
    { metric: 'orders_build_info', labels: { version: '0.4.8' }, change: 'appears' },
    { metric: 'orders_build_info', labels: { version: '0.4.7' }, change: 'disappears' },
    {
      metric: 'http_server_requests_seconds_count',
      labels: { application: 'orders', exception: 'IllegalStateException' },
      change: 'appears',
    },
    { log: 'Starting OrdersApplication v0.4.8', service: 'orders' },
  ],
  // The deploy itself leaves no trace in the telemetry: only GitHub knows of it.
  'sock-carts-deploy-seen-on-github': [
    {
      metric: 'http_server_requests_seconds_count',
      labels: { application: 'carts', status: '500' },
      change: 'up',
    },
    { log: 'java.lang.NullPointerException', service: 'carts' },
  ],
  'sock-user-db-down': [
    { metric: 'mongodb_up', labels: { instance: 'user-db.sock-shop.svc:9216' }, change: 'down' },
    {
      metric: 'kube_pod_container_status_restarts_total',
      labels: { container: 'user-db' },
      change: 'up',
    },
    { log: '10.96.0.132:27017', service: 'user' },
  ],
  'sock-session-db-down': [
    { metric: 'redis_up', labels: { job: 'redis-exporter' }, change: 'down' },
    { log: 'ECONNREFUSED 10.96.0.130:6379', service: 'front-end' },
  ],
  'sock-reviews-pool-exhaustion': [
    { metric: 'flask_http_request_total', labels: { job: 'reviews', status: '500' }, change: 'up' },
    { log: 'QueuePool limit of size 5 overflow 10 reached', service: 'reviews' },
  ],
  'sock-shipping-db-max-connections': [
    {
      metric: 'pg_settings_max_connections',
      labels: { instance: 'shipping-db.sock-shop.svc:9187' },
      change: 'down',
    },
    { log: 'too many clients already', service: 'shipping-db' },
    { log: 'Connection is not available, request timed out after 30000ms', service: 'shipping' },
  ],
  'sock-traffic-surge': [
    {
      metric: 'request_duration_seconds_count',
      labels: { job: 'sock-shop/front-end' },
      change: 'up',
    },
    {
      metric: 'grpc_server_handled_total',
      labels: { app: 'catalogue', grpc_code: 'OK' },
      change: 'up',
    },
  ],
  'sock-stock-pool-leak': [
    {
      metric: 'request_duration_seconds_count',
      labels: { job: 'sock-shop/stock', status_code: '500' },
      change: 'up',
    },
    {
      metric: 'pg_stat_activity_count',
      labels: { instance: 'stock-db.sock-shop.svc:9187' },
      change: 'up',
    },
    { log: 'timeout exceeded when trying to connect', service: 'stock' },
  ],
  'control-harmless-deploy': [
    { metric: 'catalogue_build_info', labels: { version: '0.3.6' }, change: 'appears' },
  ],
  'control-daily-peak': [
    {
      metric: 'request_duration_seconds_count',
      labels: { job: 'sock-shop/front-end' },
      change: 'up',
    },
  ],
};

describe('independent corpus generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const c = caseById('otel-payment-failure');
    const a = generate(c, 7);
    const b = generate(c, 7);
    expect(b.series).toEqual(a.series);
    expect(b.streams).toEqual(a.streams);
    const other = generate(c, 8);
    expect(other.series.length).toBeGreaterThan(0);
    expect(other.series).not.toEqual(a.series);
  });

  it('writes the standard metric families and label conventions of the OpenTelemetry Demo', () => {
    const { series, streams } = generate(caseById('otel-payment-failure'), 7);
    const names = new Set(series.map(queriedName));
    for (const name of [
      'traces_span_metrics_calls_total',
      'traces_span_metrics_duration_milliseconds_bucket',
      'traces_service_graph_request_total',
      'traces_service_graph_request_failed_total',
      'traces_service_graph_request_client_seconds_bucket',
      'http_server_request_duration_seconds_bucket',
      'container_cpu_usage_seconds_total',
      'container_memory_working_set_bytes',
      'container_spec_memory_limit_bytes',
      'kube_pod_container_status_restarts_total',
      'kube_pod_info',
      'target_info',
      'process_cpu_time_seconds_total',
      'jvm_gc_duration_seconds_bucket',
      'kafka_consumer_group_lag',
      'redis_clients_connected',
      'envoy_cluster_upstream_rq_xx_total',
    ])
      expect(names, name).toContain(name);
    const errors = series.find(
      (s) =>
        s.name === 'traces_span_metrics_calls' &&
        s.labels?.service_name === 'payment' &&
        s.labels.status_code === 'STATUS_CODE_ERROR',
    );
    expect(errors?.labels).toMatchObject({
      span_name: 'oteldemo.PaymentService/Charge',
      span_kind: 'SPAN_KIND_SERVER',
    });
    // Some services write no logs at all, some have no metrics of their own.
    const logged = new Set(streams.map((s) => s.labels.service_name));
    expect(logged).not.toContain('image-provider');
    expect(logged).toContain('accounting');
    // accounting's only trace in metrics is the Kafka consumer group named after it.
    expect(
      series.some(
        (s) => s.labels?.service_name === 'accounting' || s.labels?.container === 'accounting',
      ),
    ).toBe(false);
  });

  it('puts the fault after its start: the error series only grows after faultStart', () => {
    const { series, timeline } = generate(caseById('otel-payment-failure'), 7);
    const errors = series.find(
      (s) =>
        s.name === 'traces_span_metrics_calls' &&
        s.labels?.service_name === 'payment' &&
        s.labels.status_code === 'STATUS_CODE_ERROR',
    )!;
    const before = errors.samples.filter(([at]) => at.getTime() / 1000 < timeline.faultStart);
    const after = errors.samples.filter(([at]) => at.getTime() / 1000 >= timeline.faultStart);
    const growth = (samples: Array<[Date, number]>) => samples.at(-1)![1] - samples[0]![1];
    expect(growth(after)).toBeGreaterThan(10 * Math.max(1, growth(before)));
  });

  it.each(independentCaseSpecs.map((c) => [c.id, c] as const))(
    '%s: every configured label matcher finds telemetry, and the expected service has some',
    (_id, c) => {
      const { series, streams } = generate(c, 7, 10, 5);
      for (const service of c.services) {
        const { loki, prometheus } = service.labelMatchers;
        if (loki)
          expect(
            streams.some((s: FakeLogStream) => matches(s.labels, loki)),
            `${service.name} loki`,
          ).toBe(true);
        if (prometheus)
          expect(
            series.some((s) => matches(s.labels ?? {}, prometheus)),
            `${service.name} prometheus`,
          ).toBe(true);
      }
      const culprit = c.expected.service;
      if (culprit !== null) {
        const mentioned = (labels: Record<string, string> | undefined) =>
          Object.values(labels ?? {}).some(
            (v) =>
              v === culprit ||
              v.startsWith(`${culprit}-`) ||
              v.includes(`/${culprit}`) ||
              v.startsWith(`${culprit}:`),
          );
        expect(
          series.some((s) => mentioned(s.labels)) || streams.some((s) => mentioned(s.labels)),
        ).toBe(true);
      }
    },
  );

  it.each(independentCaseSpecs.map((c) => [c.id, c] as const))(
    '%s: the fault leaves the evidence the README names, after it starts',
    (id, c) => {
      const { series, streams, timeline } = generate(c, 7, 20, 30);
      const F = timeline.faultStart;
      for (const check of evidence[id] ?? []) {
        if ('log' in check) {
          const lines = streams
            .filter((s) => !check.service || Object.values(s.labels).includes(check.service))
            .flatMap((s) => s.entries)
            .filter((e) => e.line.includes(check.log));
          expect(lines.length, `${id}: log "${check.log}"`).toBeGreaterThan(0);
          expect(
            lines.some((e) => e.at.getTime() / 1000 < F - 600),
            `${id}: log "${check.log}" before the fault`,
          ).toBe(false);
          continue;
        }
        const matching = series.filter(
          (s) => queriedName(s) === check.metric && matches(s.labels ?? {}, check.labels ?? {}),
        );
        expect(
          matching.length,
          `${id}: ${check.metric} ${JSON.stringify(check.labels)}`,
        ).toBeGreaterThan(0);
        const moved = matching.some((s) => {
          const before = s.samples.filter(([at]) => at.getTime() / 1000 < F - 120);
          const after = s.samples.filter(([at]) => at.getTime() / 1000 >= F + 120);
          if (check.change === 'appears') return before.length === 0 && after.length > 0;
          if (check.change === 'disappears') return before.length > 0 && after.length === 0;
          const b = level(check.metric, before);
          const a = level(check.metric, after);
          return check.change === 'up' ? a > b * 1.25 + 1e-9 : a < b * 0.8;
        });
        expect(
          moved,
          `${id}: ${check.metric} ${JSON.stringify(check.labels)} ${check.change}`,
        ).toBe(true);
      }
    },
  );

  it('names the 6 cases it once held out, holds none out now, and every case names known cause classes', () => {
    expect(FORMERLY_HELD_OUT_IDS.length).toBeGreaterThanOrEqual(6);
    const ids = independentCases.map((c) => c.scenario);
    for (const id of FORMERLY_HELD_OUT_IDS) expect(ids).toContain(id);
    expect(
      independentCases.filter((c) => c.expected.service !== null).length,
    ).toBeGreaterThanOrEqual(20);
    expect(
      independentCases.filter((c) => c.expected.service === null).length,
    ).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(Object.keys(evidence), `evidence for ${id}`).toContain(id);
    for (const c of independentCases) {
      expect(c.corpus).toBe('independent');
      expect(c.heldOut).toBe(false);
      for (const cause of c.expected.causes)
        expect(Object.keys(causeClassPatterns)).toContain(cause);
      if (c.expected.service !== null) expect(c.expected.causes.length).toBeGreaterThan(0);
      expect(c.services.map((s) => s.name)).toEqual(
        expect.arrayContaining(c.expected.service ? [c.expected.service] : []),
      );
    }
    expect(new Set(independentCases.map((c) => c.scenario)).size).toBe(independentCases.length);
  });
});
