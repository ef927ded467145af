import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { checkGrafana } from '../health/check-grafana.js';
import { createLokiClient } from '../loki/loki-client.js';
import { createPrometheusClient } from '../prometheus/prometheus-client.js';
import { startFakeGrafana, type FakeGrafana } from '../testing/fake-grafana.js';
import { startFakeLoki, type FakeLoki } from '../testing/fake-loki.js';
import { startPrometheus, type RunningPrometheus } from '../testing/start-prometheus.js';
import { createGrafanaClient, type GrafanaClient } from './grafana-client.js';

const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

let prometheus: RunningPrometheus;
let loki: FakeLoki;
let grafana: FakeGrafana;
let client: GrafanaClient;

beforeAll(async () => {
  prometheus = await startPrometheus({
    series: [
      {
        name: 'up',
        labels: { job: 'api' },
        samples: Array.from({ length: 61 }, (_, i) => [minutesAgo(60 - i), 1] as [Date, number]),
      },
    ],
  });
  loki = await startFakeLoki({
    credentials: { username: 'loki', password: 'pw' },
    streams: [{ labels: { app: 'api' }, entries: [{ at: minutesAgo(2), line: 'hello from api' }] }],
  });
  grafana = await startFakeGrafana({
    datasources: [
      {
        uid: 'loki-uid',
        name: 'Logs',
        type: 'loki',
        url: loki.url,
        upstreamAuthorization: `Basic ${Buffer.from('loki:pw').toString('base64')}`,
      },
      {
        uid: 'prom-uid',
        name: 'Metrics',
        type: 'prometheus',
        url: prometheus.url,
        isDefault: true,
      },
      { uid: 'es-uid', name: 'Search', type: 'elasticsearch', url: 'http://127.0.0.1:1' },
    ],
  });
  client = createGrafanaClient({
    url: `${grafana.url}/`,
    token: grafana.token,
    policy: { allowPrivate: true },
  });
}, 120_000);

afterAll(async () => {
  await grafana?.close();
  await loki?.close();
  await prometheus?.close();
});

describe('Grafana client', () => {
  it('discovers Prometheus and Loki datasources, default first', async () => {
    expect(await client.listDatasources()).toEqual([
      { uid: 'prom-uid', name: 'Metrics', type: 'prometheus', isDefault: true },
      { uid: 'loki-uid', name: 'Logs', type: 'loki', isDefault: false },
    ]);
  });

  it('queries Prometheus and Loki through the datasource proxy with the service-account token', async () => {
    const prom = createPrometheusClient(
      client.datasourceEndpoint({ uid: 'prom-uid', name: 'Metrics' }),
    );
    const result = await prom.query({ query: 'up{job="api"}', time: minutesAgo(1) });
    expect(result.series).toEqual([
      {
        labels: { __name__: 'up', job: 'api' },
        points: [{ timestamp: minutesAgo(1).getTime(), value: 1 }],
      },
    ]);
    const logs = createLokiClient(client.datasourceEndpoint({ uid: 'loki-uid', name: 'Logs' }));
    const lines = await logs.queryRange({ query: '{app="api"}', start: minutesAgo(10), end: now });
    expect(lines.resultType === 'streams' && lines.lines.map((l) => l.line)).toEqual([
      'hello from api',
    ]);
    expect(grafana.proxied).toEqual(
      expect.arrayContaining([
        { uid: 'prom-uid', path: '/api/v1/query' },
        { uid: 'loki-uid', path: '/loki/api/v1/query_range' },
      ]),
    );
    expect(
      grafana.requests
        .filter((r) => r.url.startsWith('/api/datasources/proxy'))
        .every((r) => r.headers.authorization === `Bearer ${grafana.token}`),
    ).toBe(true);
  });

  it('names the datasource when a proxied query is wrong', async () => {
    const prom = createPrometheusClient(
      client.datasourceEndpoint({ uid: 'prom-uid', name: 'Metrics' }),
    );
    const error = (await prom.query({ query: 'up{' }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^PromQL error from Grafana datasource "Metrics": /);
  });

  it('says the token was rejected', async () => {
    const wrong = createGrafanaClient({
      url: grafana.url,
      token: 'glsa_wrong',
      policy: { allowPrivate: true },
    });
    const error = (await wrong.listDatasources().catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe(
      `Grafana at ${grafana.url} refused the request (HTTP 401): the token was rejected.`,
    );
    const report = await checkGrafana(wrong);
    expect(report).toMatchObject({ status: 'failing', message: error.message });
  });

  it('health: healthy with working datasources, degraded when one fails or none exist', async () => {
    const healthy = await checkGrafana(client);
    expect(healthy).toMatchObject({ status: 'healthy', message: null, version: '11.3.0' });
    expect(healthy.datasources.map((d) => d.uid)).toEqual(['prom-uid', 'loki-uid']);

    grafana.setDatasources([
      { uid: 'prom-uid', name: 'Metrics', type: 'prometheus', url: prometheus.url },
      { uid: 'loki-uid', name: 'Logs', type: 'loki', url: loki.url },
    ]);
    const degraded = await checkGrafana(client);
    expect(degraded.status).toBe('degraded');
    expect(degraded.message).toMatch(
      /^Datasource "Logs" is failing: Grafana datasource "Logs" refused the request \(HTTP 401\)/,
    );

    grafana.setDatasources([]);
    expect(await checkGrafana(client)).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining('no Prometheus or Loki datasource'),
    });
  });
});
