import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { startFakeDatadog, type FakeDatadog } from '../testing/fake-datadog.js';
import { checkDatadog } from '../health/check-datadog.js';
import { createDatadogClient } from './datadog-client.js';
import { datadogSite } from './datadog-sites.js';

const t0 = Date.parse('2026-12-07T10:00:00Z');
const minute = 60_000;
let fake: FakeDatadog;

const connect = (keys: { apiKey?: string; appKey?: string } = {}) =>
  createDatadogClient({
    site: 'datadoghq.eu',
    apiKey: keys.apiKey ?? 'api-key-1',
    appKey: keys.appKey ?? 'app-key-1',
    policy: { allowPrivate: true, timeoutMs: 5_000 },
    baseUrl: fake.url,
  });

async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFakeDatadog({
    apiKey: 'api-key-1',
    appKey: 'app-key-1',
    metrics: [
      {
        metric: 'trace.http.request.hits',
        type: 'count',
        tags: { service: 'orders', env: 'prod' },
        points: [
          [t0, 60],
          [t0 + minute, 120],
        ],
      },
      {
        metric: 'trace.http.request.hits',
        type: 'count',
        tags: { service: 'auth', env: 'prod' },
        points: [
          [t0, 30],
          [t0 + minute, 30],
        ],
      },
      {
        metric: 'trace.http.request.hits',
        type: 'count',
        tags: { service: 'auth', env: 'staging' },
        points: [[t0, 5]],
      },
      {
        // Ten requests' durations in the first minute, two in the second.
        metric: 'trace.http.request',
        type: 'distribution',
        tags: { service: 'orders', env: 'prod' },
        points: [
          ...[0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.5, 3].map((v): [number, number] => [t0, v]),
          [t0 + minute, 0.1],
          [t0 + minute, 0.3],
        ],
      },
    ],
    logs: Array.from({ length: 2_500 }, (_, i) => ({
      at: new Date(t0 + i * 100),
      message: i % 2 === 0 ? `connection refused #${i}` : `ok #${i}`,
      service: 'orders',
      status: i % 2 === 0 ? 'error' : 'info',
    })),
    events: [
      {
        at: new Date(t0 + minute),
        title: 'Deployed orders v2',
        source: 'deployment',
        tags: { service: 'orders', version: 'v2' },
      },
    ],
    services: ['orders', 'auth'],
  });
});
afterAll(() => fake.close());

describe('Datadog client (official library, our transport) against the fake', () => {
  it('maps regions to sites and refuses unknown ones', () => {
    expect(datadogSite('eu1')).toBe('datadoghq.eu');
    expect(datadogSite('us1-fed')).toBe('ddog-gov.com');
    expect(() => datadogSite('mars1')).toThrow(/not a Datadog region: use one of us1, us3/);
  });

  it('sends both keys in Datadog headers and queries grouped timeseries', async () => {
    const series = await connect().queryTimeseries({
      query: 'sum:trace.http.request.hits{env:prod} by {service}.as_count()',
      from: new Date(t0 - minute),
      to: new Date(t0 + 2 * minute),
    });
    expect(series.map((s) => [s.tags.service, s.points.map((p) => p.value)])).toEqual([
      ['orders', [60, 120]],
      ['auth', [30, 30]],
    ]);
    const request = fake.requests.find((r) => r.url.startsWith('/api/v1/query'))!;
    expect(request.headers['dd-api-key']).toBe('api-key-1');
    expect(request.headers['dd-application-key']).toBe('app-key-1');
  });

  it("reads a distribution's percentiles per interval, and refuses them on a count", async () => {
    const series = await connect().queryTimeseries({
      query: 'p99:trace.http.request{*} by {service}',
      from: new Date(t0 - minute),
      to: new Date(t0 + 2 * minute),
    });
    expect(series.map((s) => [s.tags.service, s.points.map((p) => p.value)])).toEqual([
      ['orders', [3, 0.3]],
    ]);
    const median = await connect().queryTimeseries({
      query: 'p50:trace.http.request{*} by {service}',
      from: new Date(t0 - minute),
      to: new Date(t0 + 2 * minute),
    });
    expect(median[0]!.points.map((p) => p.value)).toEqual([0.1, 0.1]);
    const onCount = await failure(() =>
      connect().queryTimeseries({
        query: 'p99:trace.http.request.hits{*} by {service}',
        from: new Date(t0),
        to: new Date(t0 + minute),
      }),
    );
    expect(onCount.message).toMatch(/only available for distribution metrics/);
  });

  it('follows the logs cursor until the limit, newest first', async () => {
    const before = fake.logQueries.length;
    const { lines, truncated } = await connect().searchLogs({
      query: 'service:orders status:error "connection refused"',
      from: new Date(t0),
      to: new Date(t0 + 10 * minute),
      limit: 1_200,
    });
    expect(fake.logQueries.length - before).toBe(2);
    expect(lines).toHaveLength(1_200);
    expect(truncated).toBe(true);
    expect(lines[0]!.message).toBe('connection refused #2498');
    expect(lines.every((l) => l.status === 'error' && l.service === 'orders')).toBe(true);
    expect(lines[0]!.timestamp).toBeGreaterThan(lines[1]!.timestamp);
  });

  it('reads events and the service catalog', async () => {
    const client = connect();
    const events = await client.listEvents({
      query: 'source:deployment',
      from: new Date(t0),
      to: new Date(t0 + 5 * minute),
    });
    expect(events).toEqual([
      expect.objectContaining({
        title: 'Deployed orders v2',
        tags: { service: 'orders', version: 'v2' },
        timestamp: t0 + minute,
      }),
    ]);
    expect(await client.listServices()).toEqual(['orders', 'auth']);
  });

  it('names the cause: bad API key, bad application key, missing permission, throttling, bad query', async () => {
    const badApi = await failure(() => connect({ apiKey: 'nope' }).validate());
    expect(badApi.message).toMatch(/rejected the API key .*datadoghq\.eu|rejected the API key/);
    expect(badApi.details?.cause).toBe('auth_rejected');

    const badApp = await failure(() =>
      connect({ appKey: 'nope' }).listActiveMetrics({ from: new Date(t0) }),
    );
    expect(badApp.message).toMatch(
      /application key is invalid or its role lacks the metrics_read permission/,
    );

    fake.withhold(['logs_read_data']);
    const noLogs = await failure(() =>
      connect().searchLogs({ query: '*', from: new Date(t0), to: new Date(t0 + minute), limit: 1 }),
    );
    expect(noLogs.details).toMatchObject({
      cause: 'permission_missing',
      permission: 'logs_read_data',
    });
    const report = await checkDatadog(connect(), { now: new Date(t0 + minute) });
    expect(report.status).toBe('degraded');
    expect(report.message).toMatch(/logs_read_data/);
    fake.withhold([]);

    fake.throttle(1, 17);
    const throttled = await failure(() => connect().validate());
    expect(throttled.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.message).toMatch(/retry in 17 s/);
    expect(throttled.details?.retryAfterSeconds).toBe(17);

    const badQuery = await failure(() =>
      connect().queryTimeseries({
        query: 'not a query',
        from: new Date(t0),
        to: new Date(t0 + minute),
      }),
    );
    expect(badQuery.code).toBe('VALIDATION_FAILED');
    expect(badQuery.message).toMatch(/unable to parse/);

    expect((await checkDatadog(connect(), { now: new Date(t0 + minute) })).status).toBe('healthy');
    expect((await checkDatadog(connect({ apiKey: 'x' }))).status).toBe('failing');
  });

  it('refuses a link-local destination before sending the keys (SSRF guard applies)', async () => {
    const client = createDatadogClient({
      site: 'datadoghq.com',
      apiKey: 'k',
      appKey: 'a',
      policy: { allowPrivate: false },
      baseUrl: 'http://169.254.169.254',
    });
    const error = await failure(() => client.validate());
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});
