import { eq } from 'drizzle-orm';
import { EventSource } from 'eventsource';
import { afterAll, describe, expect, it } from 'vitest';
import { workspaces } from '@vibemonitor/db';
import { createLogger } from '@vibemonitor/core';
import { startTracing } from '@vibemonitor/observability';
import { createClient } from '@vibemonitor/sdk';
import { testRedisUrl } from '@vibemonitor/testing';
import { startTestStack, type TestStack } from './harness.js';
import {
  eventually,
  exportedSpans,
  startCollector,
  type Collector,
  type OtlpSpan,
} from './otlp-collector.js';
import { freePort, startApp, waitForHttp, type AppProcess } from './processes.js';
import { createSignedInUser, type TestUser } from './users.js';

// One trace from `chat.send` on the server, through the queue (W3C trace
// context carried in the job), into the worker's `job rca.run` span. With
// PostgreSQL and Redis: a real server process and a real worker process, each
// exporting OTLP/HTTP JSON to a local collector. Embedded: one process (the
// in-process queue), exporting the same way.

const distributed = Boolean(process.env.DATABASE_URL && testRedisUrl());
const SPAN_KIND_CONSUMER = 5;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function proUser(stack: TestStack): Promise<TestUser> {
  const user = await createSignedInUser(stack, { name: 'Ada' });
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId: 'pro' })
    .where(eq(workspaces.id, user.personalWorkspaceId));
  return user;
}

/** The `chat.send` procedure span and the worker's job span of the same trace, once both are exported. */
async function sendAndCollectTrace(
  collector: Collector,
  send: () => Promise<{ turnId: string }>,
): Promise<{ send: OtlpSpan | undefined; job: OtlpSpan | undefined; trace: OtlpSpan[] }> {
  await send();
  return eventually(
    () => {
      const spans = exportedSpans(collector);
      const sendSpan = spans.find((s) => s.name === 'trpc chat.send');
      const trace = spans.filter((s) => s.traceId === sendSpan?.traceId);
      return { send: sendSpan, job: trace.find((s) => s.name === 'job rca.run'), trace };
    },
    (found) => found.send !== undefined && found.job !== undefined,
    45_000,
  );
}

describe.runIf(distributed)('a trace across a server process and a worker process', () => {
  it('chat.send on the server and rca.run in the worker share one trace id', async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    const stack = await startTestStack({ worker: false });
    cleanups.push(() => stack.close());
    const ada = await proUser(stack);
    const env = {
      DATABASE_URL: stack.databaseUrl ?? '',
      REDIS_URL: testRedisUrl() ?? '',
      QUEUE_PREFIX: stack.queuePrefix,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const port = await freePort();
    const server: AppProcess = startApp('server', { ...env, PORT: String(port) });
    const worker: AppProcess = startApp('worker', { ...env, WORKER_ID: 'traced-worker' });
    cleanups.push(
      () => server.stop(),
      () => worker.stop(),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health/ready`, { process: server, timeoutMs: 45_000 });
    await eventually(() => worker.output().includes('worker ready'), Boolean, 45_000);

    const client = createClient({ url, token: ada.token, EventSource });
    const found = await sendAndCollectTrace(collector, () =>
      client.chat.send.mutate({
        workspaceId: ada.personalWorkspaceId,
        message: 'Why is checkout slow?',
      }),
    );
    expect(found.send, `server:\n${server.output()}`).toMatchObject({
      serviceName: 'vibemonitor-server',
    });
    expect(
      found.job,
      `worker:\n${worker.output()}\nspans: ${JSON.stringify(found.trace)}`,
    ).toMatchObject({
      serviceName: 'vibemonitor-worker',
      traceId: found.send?.traceId,
      kind: SPAN_KIND_CONSUMER,
      attributes: { 'messaging.destination.name': 'rca.run', 'vibemonitor.job.attempt': 1 },
    });
    // The job span hangs under a server span of the same request (the enqueuing procedure's context).
    const serverSpanIds = found.trace
      .filter((s) => s.serviceName === 'vibemonitor-server')
      .map((s) => s.spanId);
    expect(serverSpanIds).toContain(found.job?.parentSpanId);
  }, 120_000);
});

describe.runIf(!distributed)('a trace across the API and the in-process worker (embedded)', () => {
  it('chat.send and rca.run share one trace id', async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
    const tracing = await startTracing({
      endpoint: collector.url,
      serviceName: 'vibemonitor-server',
      logger: createLogger({ level: 'silent', name: 'test' }),
    });
    cleanups.push(async () => tracing?.shutdown(2_000));
    const stack = await startTestStack();
    cleanups.push(() => stack.close());
    const ada = await proUser(stack);

    const found = await sendAndCollectTrace(collector, () =>
      ada.client.chat.send.mutate({
        workspaceId: ada.personalWorkspaceId,
        message: 'Why is checkout slow?',
      }),
    );
    expect(found.job, JSON.stringify(found.trace)).toMatchObject({
      traceId: found.send?.traceId,
      parentSpanId: found.send?.spanId,
      kind: SPAN_KIND_CONSUMER,
    });
  }, 60_000);
});
