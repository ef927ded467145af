import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rcaJobs, workspaces } from '@vibemonitor/db';
import { createClient } from '@vibemonitor/sdk';
import { testRedisUrl } from '@vibemonitor/testing';
import { seqsOf, streamTurn, type StreamedItem } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { freePort, repoRoot, startApp, waitForHttp, type AppProcess } from './processes.js';
import { createSignedInUser, type TestUser } from './users.js';

// Separate OS processes need PostgreSQL and Redis: this runs in the CI pass
// that sets DATABASE_URL and REDIS_URL.
const distributed = Boolean(process.env.DATABASE_URL && testRedisUrl());

const started: AppProcess[] = [];
let stack: TestStack;
let ada: TestUser;
let env: Record<string, string>;

/**
 * Starts chat-scripted-worker.ts as its own process. Node loads tsx as a
 * loader in-process (no tsx wrapper process), so SIGKILL really kills the
 * process that runs the job.
 */
function startScriptedWorker(
  workerId: string,
  script: { events: number; delayMs: number },
): AppProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/standalone/test/chat-scripted-worker.ts',
      '--events',
      String(script.events),
      '--delay-ms',
      String(script.delayMs),
    ],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        ...env,
        WORKER_ID: workerId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const app: AppProcess = {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  started.push(app);
  return app;
}

/** Resolves once the worker logged that it is ready. */
async function workerReady(app: AppProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!app.output().includes('worker ready')) {
    if (app.child.exitCode !== null) throw new Error(`worker exited early:\n${app.output()}`);
    if (Date.now() > deadline) throw new Error(`worker not ready:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startServerProcess(): Promise<string> {
  const port = await freePort();
  const app = startApp('server', { ...env, PORT: String(port) });
  started.push(app);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/ready`, { process: app });
  return url;
}

describe.runIf(distributed)('chat across processes', () => {
  beforeAll(async () => {
    // The in-process stack gives a fresh database, a queue prefix and users;
    // it runs no worker, so every job goes to the worker processes below.
    stack = await startTestStack({ worker: false });
    ada = await createSignedInUser(stack, { name: 'Ada' });
    await stack.runtime.database.db
      .update(workspaces)
      .set({ planId: 'pro' })
      .where(eq(workspaces.id, ada.personalWorkspaceId));
    env = {
      DATABASE_URL: stack.databaseUrl ?? '',
      REDIS_URL: testRedisUrl() ?? '',
      QUEUE_PREFIX: stack.queuePrefix,
      // Short locks and heartbeats, so a killed worker's turn runs again in
      // seconds (production defaults: 10 s lock, 5 s stall check, 15 s stale).
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      TURN_STALE_AFTER_MS: '3000',
      TURN_HEARTBEAT_MS: '500',
      TURN_SWEEP_INTERVAL_MS: '500',
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop()));
    await stack?.close();
  });

  it('two subscribers on two server processes see identical sequences', async () => {
    const [urlA, urlB] = await Promise.all([startServerProcess(), startServerProcess()]);
    const worker = startScriptedWorker('worker-a', { events: 15, delayMs: 30 });
    await workerReady(worker);
    const clientA = createClient({ url: urlA, token: ada.token, EventSource });
    const clientB = createClient({ url: urlB, token: ada.token, EventSource });
    const workspaceId = ada.personalWorkspaceId;

    const { turnId } = await clientA.chat.send.mutate({
      workspaceId,
      message: 'Why are both regions slow?',
    });
    const [a, b] = await Promise.all([
      streamTurn(clientA, { workspaceId, turnId }),
      streamTurn(clientB, { workspaceId, turnId }),
    ]);
    expect(a).toEqual(b);
    expect(seqsOf(a)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(a.at(-1)!.data.event.type).toBe('complete');
    await worker.stop();
  }, 150_000);

  it('a worker killed mid-run is replaced: the turn completes as attempt 2 with no duplicated seqs', async () => {
    const url = await startServerProcess();
    const client = createClient({ url, token: ada.token, EventSource });
    const workspaceId = ada.personalWorkspaceId;
    const script = { events: 30, delayMs: 100 };
    const doomed = startScriptedWorker('worker-doomed', script);
    await workerReady(doomed);

    const { turnId } = await client.chat.send.mutate({
      workspaceId,
      message: 'Why did the cache hit rate drop?',
    });
    let replacement: AppProcess | undefined;
    let killedAt = 0;
    let resumedAt = 0;
    // One subscription the whole way: it sees the first attempt, the silence,
    // then the second attempt started by the replacement worker.
    const items = await streamTurn(
      client,
      { workspaceId, turnId },
      {
        timeoutMs: 60_000,
        onItem: (item: StreamedItem, all: StreamedItem[]) => {
          if (all.length === 5 && !replacement) {
            doomed.child.kill('SIGKILL');
            killedAt = Date.now();
            replacement = startScriptedWorker('worker-replacement', script);
          }
          if (item.data.event.type === 'attempt_started' && item.data.event.attempt === 2)
            resumedAt = Date.now();
        },
      },
    );
    expect(await doomed.exited).toBeNull();
    // Lock 2 s + stall check 1 s + a fresh worker process booting: seconds (more on a busy
    // machine), where BullMQ's defaults took over a minute.
    expect(resumedAt - killedAt).toBeGreaterThan(0);
    expect(resumedAt - killedAt).toBeLessThan(30_000);

    const seqs = seqsOf(items);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const attempts = items.flatMap((i) =>
      i.data.event.type === 'attempt_started' ? [i.data.event] : [],
    );
    expect(attempts).toEqual([
      { type: 'attempt_started', attempt: 1 },
      { type: 'attempt_started', attempt: 2, reason: 'the previous attempt was interrupted' },
    ]);
    // The second attempt ran the whole script again, after the marker.
    const second = items.slice(
      items.findIndex((i) => i.data.event.type === 'attempt_started' && i.data.event.attempt === 2),
    );
    expect(second.filter((i) => i.data.event.type === 'thinking')).toHaveLength(script.events);
    expect(items.at(-1)!.data.event.type).toBe('complete');

    const turn = await client.chat.turns.get.query({ workspaceId, turnId });
    expect(turn).toMatchObject({ status: 'completed', attempt: 2 });
    const [job] = await stack.runtime.database.db
      .select()
      .from(rcaJobs)
      .where(eq(rcaJobs.turnId, turnId));
    expect(job).toMatchObject({ status: 'completed', attempts: 2, workerId: 'worker-replacement' });
    // A late subscriber replays exactly the same sequence.
    expect(await streamTurn(client, { workspaceId, turnId })).toEqual(items);
  }, 150_000);
});
