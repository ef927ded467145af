import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { checkPrometheus } from '../health/check-prometheus.js';
import type { Endpoint } from '../http/endpoint.js';
import { startPrometheus, type RunningPrometheus } from '../testing/start-prometheus.js';
import { createPrometheusClient, type PrometheusClient } from './prometheus-client.js';

// Whole minutes, so backfilled samples line up with query times.
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const lastHours = (hours: number, value: (minute: number) => number): Array<[Date, number]> =>
  Array.from({ length: hours * 60 + 1 }, (_, i) => [minutesAgo(hours * 60 - i), value(i)]);

let prometheus: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  prometheus = await startPrometheus({
    series: [
      {
        name: 'http_requests',
        type: 'counter',
        labels: { job: 'api', status: '200' },
        samples: lastHours(3, (m) => m * 60),
      },
      {
        name: 'http_requests',
        type: 'counter',
        labels: { job: 'api', status: '500' },
        samples: lastHours(3, (m) => m * 6),
      },
      {
        name: 'http_requests',
        type: 'counter',
        labels: { job: 'worker', status: '200' },
        samples: lastHours(3, (m) => m),
      },
      { name: 'queue_depth', labels: { job: 'worker' }, samples: lastHours(3, (m) => m % 10) },
    ],
  });
  const endpoint: Endpoint = {
    baseUrl: prometheus.url,
    auth: { type: 'none' },
    policy: { allowPrivate: true },
    label: `Prometheus at ${prometheus.url}`,
  };
  client = createPrometheusClient(endpoint);
}, 120_000);

afterAll(async () => {
  await prometheus?.close();
});

describe('Prometheus client against a real Prometheus', () => {
  it('runs an instant query over backfilled data', async () => {
    const result = await client.query({
      query: 'sum by (status) (rate(http_requests_total{job="api"}[5m]))',
      time: minutesAgo(10),
    });
    expect(result.resultType).toBe('vector');
    const byStatus = Object.fromEntries(
      result.series.map((s) => [s.labels.status, s.points[0]?.value]),
    );
    // 60 per minute = 1/s for 200s, 0.1/s for 500s.
    expect(byStatus['200']).toBeCloseTo(1, 5);
    expect(byStatus['500']).toBeCloseTo(0.1, 5);
    expect(result.series[0]?.points[0]?.timestamp).toBe(minutesAgo(10).getTime());
  });

  it('answers scalar queries', async () => {
    const result = await client.query({ query: 'scalar(vector(42))' });
    expect(result.resultType).toBe('scalar');
    expect(result.series).toEqual([
      { labels: {}, points: [{ timestamp: expect.any(Number), value: 42 }] },
    ]);
  });

  it('keeps a range query at or under 300 points by widening the step', async () => {
    const result = await client.queryRange({
      query: 'queue_depth',
      start: minutesAgo(180),
      end: now,
      stepSeconds: 1,
    });
    expect(result.resultType).toBe('matrix');
    expect(result.stepWidened).toBe(true);
    expect(result.stepSeconds).toBe(60);
    const points = result.series[0]?.points ?? [];
    expect(points.length).toBeGreaterThan(150);
    expect(points.length).toBeLessThanOrEqual(300);
    expect(
      points.every((p, i) => i === 0 || p.timestamp - (points[i - 1]?.timestamp ?? 0) === 60_000),
    ).toBe(true);
  });

  it('keeps a small enough step as asked', async () => {
    const result = await client.queryRange({
      query: 'queue_depth',
      start: minutesAgo(30),
      end: now,
      stepSeconds: 60,
    });
    expect(result).toMatchObject({ stepSeconds: 60, stepWidened: false });
    expect(result.series[0]?.points).toHaveLength(31);
  });

  it('caps the number of series and says so', async () => {
    const result = await client.query({
      query: 'http_requests_total',
      time: minutesAgo(5),
      maxSeries: 2,
    });
    expect(result.series).toHaveLength(2);
    expect(result.truncated).toBe(true);
  });

  it('lists series, label names and label values', async () => {
    const range = { start: minutesAgo(120), end: now };
    const series = await client.series({ match: ['http_requests_total{job="api"}'], ...range });
    expect(series.series.map((s) => s.status).sort()).toEqual(['200', '500']);
    const labels = await client.labels(range);
    expect(labels.values).toEqual(expect.arrayContaining(['__name__', 'job', 'status']));
    const jobs = await client.labelValues({ label: 'job', ...range });
    expect(jobs.values).toEqual(['api', 'worker']);
    const names = await client.labelValues({ label: '__name__', ...range });
    expect(names.values).toEqual(['http_requests_total', 'queue_depth']);
  });

  it('passes a PromQL syntax error through as a validation error', async () => {
    const error = await client
      .query({ query: 'sum(rate(http_requests_total[5m]' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toMatch(
      /^PromQL error from Prometheus at .*: .*parse error/,
    );
  });

  it('reports the build version and a healthy check', async () => {
    expect((await client.buildInfo()).version).toMatch(/^2\./);
    const report = await checkPrometheus(client);
    expect(report).toMatchObject({
      status: 'healthy',
      message: null,
      version: expect.stringMatching(/^2\./),
    });
  });

  it('reports a failing check in plain words when nothing listens', async () => {
    const gone = createPrometheusClient({
      ...client.endpoint,
      baseUrl: 'http://127.0.0.1:1',
      label: 'Prometheus at http://127.0.0.1:1',
    });
    const report = await checkPrometheus(gone);
    expect(report.status).toBe('failing');
    expect(report.message).toBe('Connection refused by 127.0.0.1:1: nothing is listening there.');
  });
});
