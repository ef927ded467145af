import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSessionToken } from '@vibemonitor/auth';
import { VIBEMONITOR_VERSION } from '@vibemonitor/contracts';
import { createDatabase, migrate } from '@vibemonitor/db';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@vibemonitor/testing';
import { freePort, startApp, waitForHttp, type AppProcess } from './processes.js';
import { eventually, exportedSpans, startCollector, type Collector } from './otlp-collector.js';

// Tracing and error reporting, end to end: real server processes export to
// local fake collectors (an OTLP/HTTP endpoint and a Sentry envelope
// endpoint). On PostgreSQL each process gets a fresh database; embedded, its
// own DATA_DIR with PGlite.

interface SentryEvent {
  exception?: { values?: Array<{ type?: string; value?: string }> };
  tags?: Record<string, string>;
  environment?: string;
  release?: string;
  request?: unknown;
  contexts?: { trace?: { trace_id?: string } };
}

/** The `event` items of every Sentry envelope received (header line, then item header + payload lines). */
function sentryEvents(collector: Collector): Array<{ event: SentryEvent; raw: string }> {
  const events: Array<{ event: SentryEvent; raw: string }> = [];
  for (const request of collector.requests.filter((r) => r.path.startsWith('/api/1/envelope/'))) {
    const lines = request.body.split('\n').filter((line) => line.length > 0);
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const itemHeader = JSON.parse(lines[i]!) as { type: string };
      if (itemHeader.type === 'event')
        events.push({ event: JSON.parse(lines[i + 1]!) as SentryEvent, raw: request.body });
    }
  }
  return events;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * Environment for a server process on its own fresh database. `breakSessions`
 * drops the sessions table after migrating, so every signed-in call fails
 * with a genuine, unexpected database error.
 */
async function databaseEnv(
  options: { breakSessions?: boolean } = {},
): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vm-obs-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const redisUrl = testRedisUrl();
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: uniqueRedisPrefix('obs') } : {}),
  };
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    if (options.breakSessions) await database.db.execute(sql`drop table sessions cascade`);
    env.DATABASE_URL = database.url ?? '';
  } else if (options.breakSessions) {
    // The process will open this same PGlite directory, already migrated.
    const handle = await createDatabase({ dataDir });
    await migrate(handle.db);
    await handle.db.execute(sql`drop table sessions cascade`);
    await handle.close();
  }
  return env;
}

async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; app: AppProcess }> {
  const port = await freePort();
  const app = startApp('server', { ...env, PORT: String(port) });
  cleanups.push(() => app.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/ready`, { process: app, timeoutMs: 45_000 });
  return { url, app };
}

function newTraceparent(): { traceId: string; parentSpanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceId, parentSpanId, header: `00-${traceId}-${parentSpanId}-01` };
}

const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let collector: Collector;
  let server: { url: string; app: AppProcess };

  beforeAll(async () => {
    collector = await startCollector();
    cleanups.push(() => collector.close());
    server = await startServerProcess({
      ...(await databaseEnv()),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });

  it('exports the HTTP span and the procedure span as OTLP JSON, joined to the incoming trace', async () => {
    const incoming = newTraceparent();
    const res = await fetch(`${server.url}/trpc/system.info`, {
      headers: { traceparent: incoming.header },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');

    const spans = await eventually(
      () => exportedSpans(collector).filter((s) => s.traceId === incoming.traceId),
      (found) => found.length >= 2,
    );
    const http = spans.find((s) => s.name === 'HTTP GET /trpc');
    const procedure = spans.find((s) => s.name === 'trpc system.info');
    expect(http, JSON.stringify(spans)).toBeDefined();
    expect(procedure, JSON.stringify(spans)).toBeDefined();
    expect(http).toMatchObject({
      serviceName: 'vibemonitor-server',
      parentSpanId: incoming.parentSpanId,
      kind: SPAN_KIND_SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/trpc/system.info',
        'http.response.status_code': 200,
        'vibemonitor.request_id': requestId,
      },
    });
    expect(procedure).toMatchObject({
      serviceName: 'vibemonitor-server',
      parentSpanId: http?.spanId,
      attributes: { 'rpc.method': 'system.info', 'trpc.type': 'query' },
    });
    expect(procedure?.statusCode).not.toBe(STATUS_CODE_ERROR);

    const exportRequest = collector.requests.find((r) => r.path === '/v1/traces');
    expect(exportRequest?.method).toBe('POST');
    expect(exportRequest?.headers['content-type']).toContain('application/json');
  });

  it('marks a failed procedure with status ERROR and its error code, and starts a new trace without traceparent', async () => {
    const res = await fetch(`${server.url}/trpc/auth.me`);
    expect(res.status).toBe(401);
    const requestId = res.headers.get('x-request-id');

    const spans = await eventually(
      () => {
        const http = exportedSpans(collector).find(
          (s) => s.attributes['vibemonitor.request_id'] === requestId,
        );
        return {
          http,
          procedure: exportedSpans(collector).find(
            (s) => s.name === 'trpc auth.me' && s.traceId === http?.traceId,
          ),
        };
      },
      (found) => found.http !== undefined && found.procedure !== undefined,
    );
    expect(spans.http).toMatchObject({
      parentSpanId: undefined,
      attributes: { 'http.response.status_code': 401 },
    });
    expect(spans.procedure).toMatchObject({
      parentSpanId: spans.http?.spanId,
      statusCode: STATUS_CODE_ERROR,
      attributes: {
        'rpc.method': 'auth.me',
        'trpc.type': 'query',
        'trpc.error_code': 'UNAUTHORIZED',
      },
    });
  });

  it('does not trace health probes (the readiness polls at start-up were not exported)', async () => {
    await fetch(`${server.url}/health/ready`);
    await fetch(`${server.url}/trpc/system.info`);
    await eventually(
      () => exportedSpans(collector).filter((s) => s.name === 'trpc system.info').length,
      (count) => count >= 2,
    );
    const paths = exportedSpans(collector).map((s) => s.attributes['url.path']);
    expect(paths).not.toContain('/health/ready');
    expect(paths).not.toContain('/health');
  });
});

describe('graceful shutdown', () => {
  it('exports the spans still buffered when the server is stopped', async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    // A batch delay far beyond the test: only the shutdown flush can deliver the span.
    const server = await startServerProcess({
      ...(await databaseEnv()),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const incoming = newTraceparent();
    expect(
      (await fetch(`${server.url}/trpc/system.info`, { headers: { traceparent: incoming.header } }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exportedSpans(collector)).toEqual([]);

    expect(await server.app.stop()).toBe(0);
    expect(
      exportedSpans(collector)
        .filter((s) => s.traceId === incoming.traceId)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['HTTP GET /trpc', 'trpc system.info']);
  }, 60_000);
});

describe('Sentry error reporting (SENTRY_DSN set, tracing on too)', () => {
  let sentry: Collector;
  let otlp: Collector;
  let server: { url: string; app: AppProcess };

  beforeAll(async () => {
    [sentry, otlp] = await Promise.all([startCollector(), startCollector()]);
    cleanups.push(
      () => sentry.close(),
      () => otlp.close(),
    );
    const port = new URL(sentry.url).port;
    server = await startServerProcess({
      ...(await databaseEnv({ breakSessions: true })),
      SENTRY_DSN: `http://publickey@127.0.0.1:${port}/1`,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });

  it('reports unexpected failures with request id and path, never credentials or bodies; expected errors are not reported', async () => {
    // Expected: no session token at all is an AppError (401), not a bug.
    const expected = await fetch(`${server.url}/trpc/auth.me`);
    expect(expected.status).toBe(401);

    const token = generateSessionToken();
    const [sessionId, secret] = token.split('.') as [string, string];
    const incoming = newTraceparent();
    const me = await fetch(`${server.url}/trpc/auth.me`, {
      headers: {
        authorization: `Bearer ${token}`,
        cookie: `vm_session=${token}`,
        traceparent: incoming.header,
      },
    });
    expect(me.status).toBe(500);
    const bodyMarker = `body-marker-${randomBytes(6).toString('hex')}`;
    const logout = await fetch(`${server.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { note: bodyMarker } }),
    });
    expect(logout.status).toBe(500);

    const events = await eventually(
      () => sentryEvents(sentry),
      (found) => found.length >= 2,
    );
    // Give a stray report for the 401 time to arrive, were one sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentryEvents(sentry)).toHaveLength(2);

    const byPath = new Map(events.map(({ event }) => [event.tags?.path, event]));
    const meEvent = byPath.get('auth.me');
    expect(meEvent?.tags).toMatchObject({
      requestId: me.headers.get('x-request-id'),
      path: 'auth.me',
    });
    expect(byPath.get('auth.logout')?.tags).toMatchObject({
      requestId: logout.headers.get('x-request-id'),
    });
    expect(meEvent).toMatchObject({ environment: 'test', release: VIBEMONITOR_VERSION });
    const messages = meEvent?.exception?.values?.map((v) => v.value ?? '').join('\n') ?? '';
    expect(messages).toContain('sessions');
    // Reports link to the trace the request belonged to.
    expect(meEvent?.contexts?.trace?.trace_id).toBe(incoming.traceId);

    const everything = sentry.requests.map((r) => r.body).join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(secret);
    // Even the session id (a SQL parameter) is cut from the query error.
    expect(everything).not.toContain(sessionId);
    expect(everything).not.toContain(bodyMarker);
    expect(everything.toLowerCase()).not.toContain('authorization');
    expect(everything).not.toContain('vm_session');
    for (const { event } of events) expect(event.request).toBeUndefined();

    // Tracing still works beside Sentry: the failure is on the procedure span.
    const procedure = await eventually(
      () =>
        exportedSpans(otlp).find(
          (s) => s.traceId === incoming.traceId && s.name === 'trpc auth.me',
        ),
      (found) => found !== undefined,
    );
    expect(procedure).toMatchObject({
      statusCode: STATUS_CODE_ERROR,
      attributes: { 'trpc.error_code': 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('off by default (neither variable set)', () => {
  it('sends nothing anywhere and says nothing about tracing or error reporting', async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    // The SDK's own variables point at the collector: if the SDK were started
    // regardless of OTEL_EXPORTER_OTLP_ENDPOINT, spans would arrive here.
    const server = await startServerProcess({
      ...(await databaseEnv()),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const info = (await (await fetch(`${server.url}/trpc/system.info`)).json()) as {
      result: { data: { json: { integrations: { sentry: boolean; otel: boolean } } } };
    };
    expect(info.result.data.json.integrations).toMatchObject({ sentry: false, otel: false });
    expect((await fetch(`${server.url}/trpc/auth.me`)).status).toBe(401);
    expect(
      (
        await fetch(`${server.url}/trpc/auth.me`, {
          headers: { traceparent: newTraceparent().header },
        })
      ).status,
    ).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(collector.requests).toEqual([]);
    expect(server.app.output()).not.toMatch(/tracing:|error reporting:/);
  }, 60_000);
});
