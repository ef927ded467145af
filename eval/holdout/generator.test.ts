import { describe, expect, it } from 'vitest';
import type { BackfillSeries } from '@vibemonitor/integrations/testing';
import { generateTelemetry } from '../independent/telemetry.js';
import { causeClassPatterns } from '../scenarios/cause-classes.js';
import type { HoldoutCase } from './case.js';
import { holdoutCases, holdoutCaseSpecs } from './index.js';

// A fixed "now" so two generations can be compared sample by sample.
const NOW = Date.UTC(2026, 11, 7, 14, 0, 0) / 1000;

function generate(c: HoldoutCase, seed: number, historyMinutes = 20, faultMinutesAgo = 10) {
  return generateTelemetry({
    seed,
    faultMinutesAgo,
    now: NOW,
    shape: { ...c.shape, historyMinutes },
    generate: (b) => c.generate(b, b.timeline.faultStart),
  });
}

const queriedName = (s: BackfillSeries) => (s.type === 'counter' ? `${s.name}_total` : s.name);
const matches = (labels: Record<string, string>, m: Record<string, string>) =>
  Object.entries(m).every(([k, v]) => labels[k] === v);
const caseById = (id: string) => holdoutCaseSpecs.find((c) => c.id === id)!;

type Check =
  | { metric: string; labels?: Record<string, string>; change: 'up' | 'down' | 'appears' }
  | { log: string; labels?: Record<string, string> };

/** Per-second increase of a cumulative series, or the mean of a gauge. */
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

/** The evidence each case is built to leave (README, "where the evidence is"). */
const evidence: Record<string, Check[]> = {
  'hotel-geo-cpu-stress': [
    {
      metric: 'container_cpu_cfs_throttled_periods_total',
      labels: { container: 'hotel-reserv-geo' },
      change: 'up',
    },
    {
      metric: 'grpc_server_handling_seconds_sum',
      labels: { grpc_service: 'geo.Geo' },
      change: 'up',
    },
  ],
  'hotel-memcached-rate-down': [
    { metric: 'memcached_up', labels: { service: 'memcached-rate-exporter' }, change: 'down' },
    {
      metric: 'kube_pod_container_status_restarts_total',
      labels: { container: 'hotel-reserv-rate' },
      change: 'up',
    },
    { log: 'connect: connection refused', labels: { container: 'hotel-reserv-rate' } },
  ],
  'hotel-profile-network-delay': [
    {
      metric: 'grpc_client_handling_seconds_sum',
      labels: { grpc_service: 'profile.Profile', container: 'hotel-reserv-frontend' },
      change: 'up',
    },
  ],
  'hotel-mongodb-reservation-down': [
    { metric: 'mongodb_up', labels: { service: 'mongodb-reservation-exporter' }, change: 'down' },
    {
      metric: 'grpc_server_handled_total',
      labels: { grpc_service: 'reservation.Reservation', grpc_code: 'Unknown' },
      change: 'appears',
    },
    { log: 'mongodb-reservation:27017', labels: { container: 'hotel-reserv-reservation' } },
  ],
  'hotel-user-packet-loss': [
    {
      metric: 'grpc_client_handled_total',
      labels: { grpc_service: 'user.User', grpc_code: 'DeadlineExceeded' },
      change: 'appears',
    },
    {
      metric: 'grpc_client_handling_seconds_sum',
      labels: { grpc_service: 'user.User' },
      change: 'up',
    },
  ],
  'hotel-recommendation-oom': [
    {
      metric: 'container_memory_working_set_bytes',
      labels: { container: 'hotel-reserv-recommendation' },
      change: 'up',
    },
    {
      metric: 'kube_pod_container_status_last_terminated_reason',
      labels: { reason: 'OOMKilled' },
      change: 'appears',
    },
  ],
  'hotel-search-dns-failure': [
    {
      metric: 'grpc_server_handled_total',
      labels: { grpc_service: 'search.Search', grpc_code: 'Unavailable' },
      change: 'appears',
    },
    { log: 'server misbehaving', labels: { container: 'hotel-reserv-search' } },
  ],
  'hotel-control-evening-peak': [
    { metric: 'http_requests_total', labels: { handler: '/hotels', code: '200' }, change: 'up' },
  ],
  'train-order-mysql-disk-full': [
    {
      metric: 'node_filesystem_avail_bytes',
      labels: { instance: 'mysql-order-01:9100', mountpoint: '/var/lib/mysql' },
      change: 'down',
    },
    { log: 'No space left on device', labels: { host: 'mysql-order-01' } },
    { log: "The table 'orders' is full", labels: { app: 'ts-order-service' } },
  ],
  'train-seat-hikari-exhaustion': [
    {
      metric: 'hikaricp_connections_pending',
      labels: { application: 'ts-seat-service' },
      change: 'up',
    },
    {
      log: 'Connection is not available, request timed out after 30000ms',
      labels: { app: 'ts-seat-service' },
    },
  ],
  'train-travel-bad-deploy': [
    {
      metric: 'kube_deployment_status_observed_generation',
      labels: { deployment: 'ts-travel-service' },
      change: 'up',
    },
    {
      metric: 'http_server_requests_seconds_count',
      labels: { application: 'ts-travel-service', exception: 'NullPointerException' },
      change: 'appears',
    },
    { log: 'java.lang.NullPointerException', labels: { app: 'ts-travel-service' } },
  ],
  'train-payment-worker-saturation': [
    {
      metric: 'tomcat_threads_busy_threads',
      labels: { application: 'ts-payment-service' },
      change: 'up',
    },
    {
      metric: 'jvm_threads_states_threads',
      labels: { application: 'ts-payment-service', state: 'blocked' },
      change: 'up',
    },
    { log: 'upstream timed out', labels: { app: 'ts-ui-dashboard' } },
  ],
  'train-notification-consumer-stopped': [
    { metric: 'rabbitmq_queue_messages_ready', labels: { queue: 'email' }, change: 'up' },
    { metric: 'rabbitmq_queue_consumers', labels: { queue: 'email' }, change: 'down' },
    {
      metric: 'kube_deployment_spec_replicas',
      labels: { deployment: 'ts-notification-service' },
      change: 'down',
    },
  ],
  'train-auth-certificate-expired': [
    {
      metric: 'certmanager_certificate_ready_status',
      labels: { name: 'ts-auth-service-tls', condition: 'False' },
      change: 'up',
    },
    { log: 'certificate has expired', labels: { app: 'ts-ui-dashboard' } },
  ],
  'train-station-exception': [
    {
      metric: 'http_server_requests_seconds_count',
      labels: { application: 'ts-station-service', exception: 'IllegalStateException' },
      change: 'appears',
    },
    { log: 'java.lang.IllegalStateException', labels: { app: 'ts-station-service' } },
  ],
  'train-control-route-deploy': [
    {
      metric: 'kube_deployment_status_observed_generation',
      labels: { deployment: 'ts-route-service' },
      change: 'up',
    },
  ],
};

describe('holdout corpus generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    for (const id of ['hotel-user-packet-loss', 'train-station-exception']) {
      const c = caseById(id);
      const a = generate(c, 7);
      const b = generate(c, 7);
      expect(b.series).toEqual(a.series);
      expect(b.streams).toEqual(a.streams);
      expect(generate(c, 8).series).not.toEqual(a.series);
    }
  }, 240_000);

  it("writes Hotel Reservation's conventions: go-grpc-prometheus, exporters, zerolog JSON, services without logs", () => {
    const { series, streams } = generate(caseById('hotel-geo-cpu-stress'), 7);
    const names = new Set(series.map(queriedName));
    for (const name of [
      'grpc_server_handled_total',
      'grpc_server_handling_seconds_bucket',
      'grpc_client_handled_total',
      'http_requests_total',
      'mongodb_up',
      'memcached_up',
      'container_cpu_usage_seconds_total',
      'go_goroutines',
      'go_gc_duration_seconds',
      'kube_pod_container_status_restarts_total',
      'node_cpu_seconds_total',
    ])
      expect(names, name).toContain(name);
    const handled = series.find(
      (s) => s.name === 'grpc_server_handled' && s.labels?.grpc_service === 'geo.Geo',
    );
    expect(handled?.labels).toMatchObject({
      grpc_method: 'Nearby',
      grpc_code: 'OK',
      grpc_type: 'unary',
      namespace: 'hotel-res',
    });
    const logged = new Set(streams.map((s) => s.labels.service_name));
    expect(logged).not.toContain('hotel-reserv-geo');
    expect(logged).not.toContain('hotel-reserv-profile');
    const line = streams.find((s) => s.labels.service_name === 'hotel-reserv-search')!.entries[0]!
      .line;
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['level', 'time', 'caller', 'message']);
  }, 120_000);

  it("writes Train Ticket's conventions: Micrometer, Hikari, mysqld_exporter, RabbitMQ, Spring Boot layout with stack traces", () => {
    const { series, streams } = generate(caseById('train-station-exception'), 7, 20, 10);
    const names = new Set(series.map(queriedName));
    for (const name of [
      'http_server_requests_seconds_count',
      'http_server_requests_seconds_bucket',
      'hikaricp_connections_active',
      'jvm_memory_used_bytes',
      'jvm_gc_pause_seconds_count',
      'process_cpu_usage',
      'tomcat_threads_busy_threads',
      'executor_active_threads',
      'mysql_up',
      'mysql_global_status_threads_connected',
      'mysql_global_variables_max_connections',
      'rabbitmq_queue_messages_ready',
      'node_filesystem_avail_bytes',
      'kube_pod_container_status_restarts_total',
      'kube_deployment_status_observed_generation',
    ])
      expect(names, name).toContain(name);
    const ok = series.find(
      (s) =>
        s.name === 'http_server_requests_seconds_count' &&
        s.labels?.application === 'ts-order-service',
    );
    expect(ok?.labels).toMatchObject({
      job: 'ts-order-service',
      outcome: 'SUCCESS',
      status: '200',
      exception: 'None',
    });
    const trace = streams
      .filter((s) => s.labels.app === 'ts-station-service')
      .flatMap((s) => s.entries)
      .find((e) => e.line.includes('IllegalStateException'))!;
    expect(trace.line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ERROR 1 --- \[/);
    expect(trace.line).toContain('\n\tat fdse.microservice.service.StationServiceImpl');
  }, 120_000);

  it.each(holdoutCaseSpecs.map((c) => [c.id, c] as const))(
    '%s: label matchers find telemetry, the culprit has some, and the fault leaves its evidence after it starts',
    (id, c) => {
      const { series, streams, timeline } = generate(c, 7, 20, 30);
      for (const service of c.services) {
        const { loki, prometheus } = service.labelMatchers;
        if (loki)
          expect(
            streams.some((s) => matches(s.labels, loki)),
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
            (v) => v === culprit || v.startsWith(`${culprit}-`) || v.endsWith(`-${culprit}`),
          );
        expect(
          series.some((s) => mentioned(s.labels)) || streams.some((s) => mentioned(s.labels)),
        ).toBe(true);
      }
      // Every series is unique (promtool refuses a duplicate as out-of-order samples).
      const keys = series.map(
        (s) => `${s.name}${JSON.stringify(Object.entries(s.labels ?? {}).sort())}`,
      );
      expect(keys.length - new Set(keys).size, `${id}: duplicate series`).toBe(0);
      const F = timeline.faultStart;
      expect(evidence[id], `evidence for ${id}`).toBeDefined();
      for (const check of evidence[id]!) {
        if ('log' in check) {
          const lines = streams
            .filter((s) => matches(s.labels, check.labels ?? {}))
            .flatMap((s) => s.entries)
            .filter((e) => e.line.includes(check.log));
          expect(lines.length, `${id}: log "${check.log}"`).toBeGreaterThan(0);
          expect(
            lines.some((e) => e.at.getTime() / 1000 < F - 60),
            `${id}: "${check.log}" before the fault`,
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
          const before = s.samples.filter(([at]) => at.getTime() / 1000 < F - 60);
          const afterFault = s.samples.filter(([at]) => at.getTime() / 1000 >= F + 300);
          if (check.change === 'appears') return before.length === 0 && afterFault.length > 0;
          const b = level(check.metric, before);
          const a = level(check.metric, afterFault);
          return check.change === 'up' ? a > b * 1.25 + 1e-9 : a < b * 0.8;
        });
        expect(
          moved,
          `${id}: ${check.metric} ${JSON.stringify(check.labels)} ${check.change}`,
        ).toBe(true);
      }
    },
    120_000,
  );

  it('holds out every case, covers at least 12 faults and 2 controls, and names known cause classes', () => {
    expect(holdoutCases.filter((c) => c.expected.service !== null).length).toBeGreaterThanOrEqual(
      12,
    );
    expect(holdoutCases.filter((c) => c.expected.service === null).length).toBeGreaterThanOrEqual(
      2,
    );
    expect(new Set(holdoutCases.map((c) => c.scenario)).size).toBe(holdoutCases.length);
    for (const c of holdoutCases) {
      expect(c.corpus).toBe('holdout');
      expect(c.heldOut).toBe(true);
      for (const cause of c.expected.causes)
        expect(Object.keys(causeClassPatterns)).toContain(cause);
      if (c.expected.service !== null) {
        expect(c.expected.causes.length).toBeGreaterThan(0);
        expect(c.services.map((s) => s.name)).toContain(c.expected.service);
      }
      expect(Object.keys(evidence)).toContain(c.scenario);
    }
    // Both systems, each with faults and a control.
    for (const system of ['hotel-reservation', 'train-ticket'] as const) {
      const cases = holdoutCaseSpecs.filter((c) => c.system === system);
      expect(cases.filter((c) => c.expected.service === null)).toHaveLength(1);
      expect(cases.length).toBeGreaterThanOrEqual(7);
    }
  });
});
