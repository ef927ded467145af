import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError, type PingEvent } from '@vibemonitor/sdk';
import { trpcError } from './auth-helpers.js';
import { collectSubscription, startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, failure } from './users.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('health endpoints', () => {
  it('answers liveness with the version', async () => {
    const res = await fetch(`${stack.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('reports every dependency as ready', async () => {
    const res = await fetch(`${stack.url}/health/ready`);
    const body = (await res.json()) as {
      status: string;
      checks: Array<{ name: string; dependency: string; ok: boolean }>;
    };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name).sort()).toEqual(['database', 'eventBus', 'queue']);
    const expectedDb = process.env.DATABASE_URL ? 'postgres' : 'pglite';
    const expectedQueue = process.env.REDIS_URL ? 'redis' : 'in-process';
    expect(body.checks.find((c) => c.name === 'database')?.dependency).toBe(expectedDb);
    expect(body.checks.find((c) => c.name === 'queue')?.dependency).toBe(expectedQueue);
  });

  it('sends security headers and a request id, and reuses a sane incoming one', async () => {
    const res = await fetch(`${stack.url}/health`, { headers: { 'x-request-id': 'req-abcdef12' } });
    expect(res.headers.get('x-request-id')).toBe('req-abcdef12');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const other = await fetch(`${stack.url}/health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${stack.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /nope' },
    });
  });
});

describe('system procedures through the SDK', () => {
  it('system.info reports the mode and drivers without secrets', async () => {
    const info = await stack.client().system.info.query();
    expect(info.name).toBe('vibemonitor');
    expect(info.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(info.queue).toBe(process.env.REDIS_URL ? 'redis' : 'in-process');
    expect(info.mode).toBe(
      process.env.DATABASE_URL || process.env.REDIS_URL ? 'distributed' : 'embedded',
    );
    expect(info.integrations.stripe).toBe(false);
    expect(info.integrations.github).toBe(false);
    expect(info.integrations.slack).toBe(false);
  });

  it('without Slack configured, its endpoints say so and installUrl refuses', async () => {
    const response = await fetch(`${stack.url}/api/v1/slack/events`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'SLACK_SIGNING_SECRET',
    );
    const owner = await createSignedInUser(stack);
    const refused = await trpcError(
      owner.client.slack.installUrl.mutate({ workspaceId: owner.personalWorkspaceId }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toContain('Slack is not configured');
    expect(
      await owner.client.slack.status.query({ workspaceId: owner.personalWorkspaceId }),
    ).toMatchObject({
      configured: false,
      connected: false,
    });
  });

  it('round-trips a ping: server -> queue -> worker -> bus -> SSE', async () => {
    const client = stack.client();
    const pingId = randomUUID();
    const events = await collectSubscription<PingEvent>(
      (handlers) => client.system.pingEvents.subscribe({ pingId }, handlers),
      {
        until: (all) => all.some((e) => e.type === 'pong'),
        onEvent: (event) => {
          if (event.type === 'subscribed') void client.system.ping.mutate({ pingId });
        },
      },
    );
    expect(events[0]).toEqual({ type: 'subscribed', pingId });
    const pong = events.find((e) => e.type === 'pong');
    expect(pong).toMatchObject({ type: 'pong', pingId, workerId: stack.worker?.workerId });
  });

  it('rejects bad input with a clear validation error, not a 500', async () => {
    const error = await stack
      .client()
      .system.ping.mutate({ pingId: 'no spaces allowed!' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<never>;
    expect(clientError.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(clientError.message).toContain('pingId must be 8-64 letters');
    expect((clientError.data as unknown as { validation: unknown[] }).validation).toEqual([
      { path: 'pingId', message: 'pingId must be 8-64 letters, digits, "-" or "_"' },
    ]);
  });

  it('refuses a batch of more than 20 calls, and oversized bodies', async () => {
    const paths = Array.from({ length: 21 }, () => 'system.info').join(',');
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, {}]))),
    );
    const batch = await fetch(`${stack.url}/trpc/${paths}?batch=1&input=${input}`);
    expect(batch.status).toBe(400);
    const ok = await fetch(
      `${stack.url}/trpc/${paths.split(',').slice(0, 20).join(',')}?batch=1&input=${input}`,
    );
    expect(ok.status).toBe(200);
    const big = await fetch(`${stack.url}/trpc/system.ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { pingId: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
  });

  it('exports Prometheus metrics for procedures, streams and the queue', async () => {
    await stack.client().system.info.query();
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toMatch(
      /vm_trpc_procedure_duration_seconds_count\{path="system.info",type="query",status="ok"\} [1-9]/,
    );
    expect(text).toContain('vm_sse_active_streams');
    expect(text).toMatch(/vm_queue_jobs\{job="system.ping",state="waiting"\} \d+/);
    expect(text).toMatch(
      /vm_job_duration_seconds_count\{job="system.ping",status="completed"\} [1-9]/,
    );
    expect(text).toMatch(
      /vm_http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]/,
    );
  });
});

describe('GitHub when the server has no GitHub App configured', () => {
  it('says so on status, refuses installs and answers the webhook with 404', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const status = await user.client.github.status.query({ workspaceId });
    expect(status).toMatchObject({ configured: false, connected: false });
    expect(status.message).toContain('GITHUB_APP_ID');
    const refused = await failure(user.client.github.installUrl.mutate({ workspaceId }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toContain('GitHub is not configured on this server');
    const webhook = await fetch(new URL('/api/v1/webhooks/github', stack.url), {
      method: 'POST',
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'd-1', 'x-hub-signature-256': 'sha256=00' },
      body: '{}',
    });
    expect(webhook.status).toBe(404);
    expect(await webhook.json()).toMatchObject({ error: { message: expect.stringContaining('GitHub is not configured') } });
  });
});
