import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { checkLoki } from '../health/check-loki.js';
import type { Endpoint } from '../http/endpoint.js';
import { startFakeLoki, type FakeLoki } from '../testing/fake-loki.js';
import { createLokiClient, type LokiClient } from './loki-client.js';

const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const TOKEN = 'loki-token-abcdef';

let loki: FakeLoki;
let client: LokiClient;
let endpoint: Endpoint;

beforeAll(async () => {
  loki = await startFakeLoki({
    credentials: { bearer: TOKEN },
    streams: [
      {
        labels: { app: 'api', level: 'error' },
        entries: Array.from({ length: 30 }, (_, i) => ({
          at: minutesAgo(30 - i),
          line: `error ${i}: upstream timeout`,
        })),
      },
      {
        labels: { app: 'api', level: 'info' },
        entries: Array.from({ length: 30 }, (_, i) => ({
          at: new Date(minutesAgo(30 - i).getTime() + 1),
          line: `GET /orders ${i}`,
        })),
      },
      {
        labels: { app: 'worker', level: 'info' },
        entries: [{ at: minutesAgo(5), line: 'job done' }],
      },
    ],
  });
  endpoint = {
    baseUrl: loki.url,
    auth: { type: 'bearer', token: TOKEN },
    policy: { allowPrivate: true },
    label: `Loki at ${loki.url}`,
  };
  client = createLokiClient(endpoint);
});

afterAll(async () => {
  await loki?.close();
});

describe('Loki client against a server speaking the Loki HTTP API', () => {
  it('returns log lines newest first with their labels, bounded by the limit', async () => {
    const result = await client.queryRange({
      query: '{app="api"}',
      start: minutesAgo(60),
      end: now,
      limit: 5,
    });
    expect(result.resultType).toBe('streams');
    if (result.resultType !== 'streams') return;
    expect(result.lines).toHaveLength(5);
    expect(result.truncated).toBe(true);
    expect(result.lines[0]).toMatchObject({
      line: 'GET /orders 29',
      labels: { app: 'api', level: 'info' },
    });
    expect(result.lines[1]).toMatchObject({
      line: 'error 29: upstream timeout',
      labels: { app: 'api', level: 'error' },
    });
    expect(result.lines[0]?.timestampNs).toBe(`${minutesAgo(1).getTime() + 1}000000`);
    const times = result.lines.map((l) => l.timestamp);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Sent as Loki expects: nanosecond bounds, limit and direction.
    const sent = new URL(loki.requests.at(-1)?.url ?? '', loki.url).searchParams;
    expect(sent.get('start')).toBe(`${minutesAgo(60).getTime()}000000`);
    expect(sent.get('limit')).toBe('5');
    expect(sent.get('direction')).toBe('backward');
  });

  it('reads forward with line filters', async () => {
    const result = await client.queryRange({
      query: '{app="api"} |= "error" != "29"',
      start: minutesAgo(60),
      end: now,
      direction: 'forward',
      limit: 3,
    });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.lines.map((l) => l.line)).toEqual([
      'error 0: upstream timeout',
      'error 1: upstream timeout',
      'error 2: upstream timeout',
    ]);
  });

  it('clamps the limit to 1000 lines', async () => {
    await client.queryRange({
      query: '{app="api"}',
      start: minutesAgo(60),
      end: now,
      limit: 50_000,
    });
    expect(new URL(loki.requests.at(-1)?.url ?? '', loki.url).searchParams.get('limit')).toBe(
      '1000',
    );
  });

  it('returns series for metric queries, with a bounded step', async () => {
    const result = await client.queryRange({
      query: 'sum by (level) (count_over_time({app="api"}[10m]))',
      start: minutesAgo(60),
      end: now,
      stepSeconds: 1,
    });
    expect(result.resultType).toBe('matrix');
    if (result.resultType !== 'matrix') return;
    expect(result.stepSeconds).toBe(15);
    expect(result.series.map((s) => s.labels.level).sort()).toEqual(['error', 'info']);
    const error = result.series.find((s) => s.labels.level === 'error');
    // The last window (now-10m, now] holds the entries of minutes 9..1 ago.
    expect(error?.points.at(-1)?.value).toBe(9);
    expect(error?.points.length).toBeLessThanOrEqual(300);
  });

  it('lists label names and values', async () => {
    const range = { start: minutesAgo(60), end: now };
    expect((await client.labels(range)).values).toEqual(['app', 'level']);
    expect((await client.labelValues({ label: 'app', ...range })).values).toEqual([
      'api',
      'worker',
    ]);
  });

  it('passes a LogQL syntax error through as a validation error', async () => {
    const error = (await client
      .queryRange({ query: '{app="api"', start: minutesAgo(60), end: now })
      .catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(
      /^LogQL error from Loki at .*: parse error at line 1, col 11: syntax error/,
    );
  });

  it('says the token was rejected on 401', async () => {
    const wrong = createLokiClient({ ...endpoint, auth: { type: 'bearer', token: 'wrong' } });
    const error = (await wrong.labels({}).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      `Loki at ${loki.url} refused the request (HTTP 401): the token was rejected.`,
    );
  });

  it('health: healthy, degraded while not ready, failing with a bad token', async () => {
    expect(await checkLoki(client)).toMatchObject({
      status: 'healthy',
      message: null,
      version: '3.0.0-fake',
    });
    loki.setNotReady('Ingester not ready: waiting for 15s after being ready');
    try {
      expect(await checkLoki(client)).toMatchObject({
        status: 'degraded',
        message: expect.stringContaining('Loki is not ready yet'),
      });
    } finally {
      loki.setNotReady(undefined);
    }
    const bad = await checkLoki(createLokiClient({ ...endpoint, auth: { type: 'none' } }));
    expect(bad).toMatchObject({
      status: 'failing',
      message: expect.stringContaining('it requires credentials'),
    });
  });
});
