import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, type PingEvent } from '@vibemonitor/sdk';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@vibemonitor/testing';
import { collectSubscription } from './harness.js';
import { freePort, startApp, waitForHttp, type AppProcess } from './processes.js';

const started: AppProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; app: AppProcess }> {
  const port = await freePort();
  const app = startApp('server', { ...env, PORT: String(port) });
  started.push(app);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/ready`, { process: app });
  return { url, app };
}

// Scaling out needs PostgreSQL and Redis: this block runs in the CI pass that
// sets DATABASE_URL and REDIS_URL (the embedded pass has neither, by design).
const distributed = Boolean(process.env.DATABASE_URL && testRedisUrl());

describe.runIf(distributed)('distributed mode: separate server and worker processes', () => {
  it('an event the worker publishes reaches SSE subscribers on both servers', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const env = {
      DATABASE_URL: database.url ?? '',
      REDIS_URL: testRedisUrl() ?? '',
      QUEUE_PREFIX: uniqueRedisPrefix('dist'),
    };
    const [serverA, serverB] = await Promise.all([
      startServerProcess(env),
      startServerProcess(env),
    ]);
    const worker = startApp('worker', { ...env, WORKER_ID: 'worker-under-test' });
    started.push(worker);

    const clientA = createClient({ url: serverA.url, EventSource });
    const clientB = createClient({ url: serverB.url, EventSource });
    const pingId = randomUUID();
    let subscribedCount = 0;
    const sendWhenBothListen = () => {
      if (++subscribedCount === 2) void clientA.system.ping.mutate({ pingId });
    };
    const listen = (client: typeof clientA) =>
      collectSubscription<PingEvent>(
        (handlers) => client.system.pingEvents.subscribe({ pingId }, handlers),
        {
          until: (events) => events.some((e) => e.type === 'pong'),
          onEvent: (event) => event.type === 'subscribed' && sendWhenBothListen(),
          timeoutMs: 60_000,
        },
      );
    const [eventsA, eventsB] = await Promise.all([listen(clientA), listen(clientB)]);
    const pongA = eventsA.find((e) => e.type === 'pong');
    const pongB = eventsB.find((e) => e.type === 'pong');
    expect(pongA).toMatchObject({ pingId, workerId: 'worker-under-test' });
    expect(pongB).toEqual(pongA);

    const info = await clientB.system.info.query();
    expect(info.mode).toBe('distributed');
  }, 150_000);
});

const redisServerBinary = spawnSync('sh', ['-c', 'command -v redis-server'])
  .stdout.toString()
  .trim();

function startRedis(port: number): ChildProcess {
  return spawn(
    redisServerBinary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

// Needs a redis-server binary to run a private Redis it can kill; the shared
// one on the machine must stay up for the other test files.
describe.runIf(redisServerBinary !== '')('readiness follows Redis', () => {
  it('turns /health/ready into 503 naming redis while it is down, and recovers', async () => {
    const redisPort = await freePort();
    let redis = startRedis(redisPort);
    cleanups.push(() => stopRedis(redis));
    const dataDir = await mkdtemp(join(tmpdir(), 'vm-ready-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    await waitForRedis(redisPort);

    const { url } = await startServerProcess({
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });

    await stopRedis(redis);
    await waitForHttp(`${url}/health/ready`, { status: 503, timeoutMs: 15_000 });
    const body = (await (await fetch(`${url}/health/ready`)).json()) as {
      down: string[];
      message: string;
    };
    expect(body.down).toEqual(['redis']);
    expect(body.message).toBe('Not ready: redis is unavailable');
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${url}/health`)).status).toBe(200);

    redis = startRedis(redisPort);
    await waitForHttp(`${url}/health/ready`, { status: 200, timeoutMs: 30_000 });
  }, 150_000);
});

async function waitForRedis(port: number): Promise<void> {
  const { createConnection } = await import('node:net');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis on ${port} did not start`);
}
