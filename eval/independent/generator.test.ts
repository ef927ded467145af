import { describe, expect, it } from 'vitest';
import type { BackfillSeries, FakeLogStream } from '@vibemonitor/integrations/testing';
import { causeClassPatterns } from '../scenarios/cause-classes.js';
import { HELD_OUT_IDS, type IndependentCase } from './case.js';
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

  it('holds out at least 6 cases chosen up front, and every case names known cause classes', () => {
    expect(HELD_OUT_IDS.length).toBeGreaterThanOrEqual(6);
    for (const c of independentCases) {
      expect(c.corpus).toBe('independent');
      expect(c.heldOut).toBe(HELD_OUT_IDS.includes(c.scenario));
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
