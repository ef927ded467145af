import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { EventSource } from 'eventsource';
import { createSession } from '@vibemonitor/auth';
import { createPersonalWorkspace } from '@vibemonitor/core';
import {
  chatTurns,
  createDatabase,
  migrate,
  rcaJobs,
  users,
  workspaces,
  type DatabaseHandle,
} from '@vibemonitor/db';
import { createClient, type VibeMonitorClient } from '@vibemonitor/sdk';
import type { StreamedItem } from '../chat-helpers.js';
import { collectSubscription } from '../harness.js';
import { freePort, repoRoot, startApp, waitForHttp, type AppProcess } from '../processes.js';
import {
  startPrivatePostgres,
  startPrivateRedis,
  type PrivateService,
} from './private-services.js';

/*
 * The chaos suite: real server and worker processes on a private PostgreSQL
 * and a private Redis, with workers killed (SIGKILL) at random points of
 * investigations and both stores crashed and restarted while investigations
 * run. Every turn must end (complete) and every stream must be exact: the
 * seqs a client received are 1..n with no gap and no duplicate, and a late
 * subscriber replays exactly the same items.
 */

export interface ChaosOptions {
  /** Worker kills (one investigation each). */
  kills: number;
  redisRestarts: number;
  postgresRestarts: number;
  /** Investigations running during each store restart. */
  investigationsPerRestart?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface KillFigure {
  turnId: string;
  /** Stream items seen before the kill. */
  killedAfterItems: number;
  /** Kill to the next attempt's `attempt_started`, in ms. */
  recoveryMs: number;
  /** Kill to the terminal event, in ms. */
  finishedMs: number;
}

export interface RestartFigure {
  store: 'redis' | 'postgres';
  investigations: number;
  /** How long the store was down, in ms. */
  downMs: number;
  /** Store back up to the last investigation's terminal event, in ms. */
  settledMs: number;
  completed: number;
}

export interface ChaosReport {
  kills: KillFigure[];
  restarts: RestartFigure[];
  /** Everything that broke a rule; empty when the run passed. */
  problems: string[];
}

const script = { events: 24, delayMs: 120 };
const terminal = new Set(['complete', 'error', 'cancelled']);

/** Worker processes of the chaos run, by worker id. */
class WorkerPool {
  readonly processes = new Map<string, AppProcess>();
  private counter = 0;
  constructor(private readonly env: Record<string, string>) {}

  start(): { id: string; app: AppProcess } {
    this.counter += 1;
    const id = `chaos-worker-${this.counter}`;
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
          ...this.env,
          WORKER_ID: id,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)),
    );
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
    this.processes.set(id, app);
    return { id, app };
  }

  async ready(app: AppProcess): Promise<void> {
    // Generous: a worker boots in 2-3 s, but CI machines are shared.
    const deadline = Date.now() + 180_000;
    while (!app.output().includes('worker ready')) {
      if (app.child.exitCode !== null) throw new Error(`worker exited early:\n${app.output()}`);
      if (Date.now() > deadline) throw new Error(`worker not ready:\n${app.output()}`);
      await sleep(100);
    }
  }

  kill(id: string): void {
    const app = this.processes.get(id);
    app?.child.kill('SIGKILL');
    this.processes.delete(id);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.processes.values()].map((app) => app.stop()));
    this.processes.clear();
  }
}

/**
 * Follows a turn to its end the way a resilient client does: when the
 * stream breaks (server lost its database, say), it subscribes again from
 * the last event id it received.
 */
async function followTurn(
  client: VibeMonitorClient,
  ref: { workspaceId: string; turnId: string },
  options: { timeoutMs: number; onItem?: (item: StreamedItem, all: StreamedItem[]) => void },
): Promise<StreamedItem[]> {
  const deadline = Date.now() + options.timeoutMs;
  const all: StreamedItem[] = [];
  while (!terminal.has(all.at(-1)?.data.event.type ?? '')) {
    if (Date.now() > deadline) {
      throw new Error(
        `turn ${ref.turnId} did not end within ${options.timeoutMs} ms (${all.length} items)`,
      );
    }
    const lastEventId = all.at(-1)?.id;
    try {
      await collectSubscription<StreamedItem>(
        (handlers) =>
          client.chat.turns.stream.subscribe(
            { ...ref, ...(lastEventId ? { lastEventId } : {}) },
            handlers,
          ),
        {
          until: (items) => terminal.has(items.at(-1)?.data.event.type ?? ''),
          timeoutMs: Math.max(1_000, deadline - Date.now()),
          onEvent: (item) => {
            all.push(item);
            options.onItem?.(item, all);
          },
        },
      );
    } catch {
      await sleep(500);
    }
  }
  return all;
}

/** Sends a question, retrying while the stack is recovering. */
async function ask(
  client: VibeMonitorClient,
  workspaceId: string,
  message: string,
): Promise<string> {
  for (let tries = 0; ; tries += 1) {
    try {
      return (await client.chat.send.mutate({ workspaceId, message })).turnId;
    } catch (error) {
      if (tries >= 40) throw error;
      await sleep(500);
    }
  }
}

/** Every rule a finished turn's stream must keep; returns the broken ones. */
function checkStream(turnId: string, items: StreamedItem[], replay: StreamedItem[]): string[] {
  const problems: string[] = [];
  const seqs = items.map((i) => i.data.seq);
  const expected = Array.from({ length: seqs.length }, (_, i) => i + 1);
  if (seqs.join(',') !== expected.join(',')) {
    problems.push(`${turnId}: seqs are not 1..${seqs.length} in order: ${seqs.join(',')}`);
  }
  const last = items.at(-1)?.data.event;
  if (last?.type !== 'complete') {
    problems.push(`${turnId}: ended with ${JSON.stringify(last)} instead of complete`);
  }
  const lastAttempt = items.findLastIndex((i) => i.data.event.type === 'attempt_started');
  const thinking = items.slice(lastAttempt).filter((i) => i.data.event.type === 'thinking').length;
  if (thinking !== script.events) {
    problems.push(`${turnId}: the last attempt emitted ${thinking} events, not ${script.events}`);
  }
  if (JSON.stringify(replay) !== JSON.stringify(items)) {
    problems.push(
      `${turnId}: a late subscriber saw ${replay.length} items, the live one ${items.length}`,
    );
  }
  return problems;
}

async function createChaosUser(db: DatabaseHandle['db']) {
  const email = `chaos-${randomBytes(4).toString('hex')}@example.com`;
  const { userId, workspaceId } = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email, name: 'Chaos', emailVerifiedAt: new Date() })
      .returning({ id: users.id });
    const { workspaceId } = await createPersonalWorkspace({
      db: tx,
      userId: user!.id,
      userName: 'Chaos',
    });
    return { userId: user!.id, workspaceId };
  });
  await db.update(workspaces).set({ planId: 'pro' }).where(eq(workspaces.id, workspaceId));
  const { token } = await createSession({ db, userId });
  return { token, workspaceId };
}

// What a running suite must stop and remove (private stores, processes), also on Ctrl-C.
const cleanups: Array<() => Promise<unknown>> = [];

/** Stops everything the running suite started (for signal handlers). */
export async function cleanUpChaos(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

/** Runs the suite; never throws for a broken rule (see `problems`), only for a broken setup. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const perRestart = options.investigationsPerRestart ?? 6;
  const report: ChaosReport = { kills: [], restarts: [], problems: [] };
  try {
    const postgres = await startPrivatePostgres();
    cleanups.push(() => postgres.destroy());
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.destroy());
    log(`private PostgreSQL on ${postgres.port}, private Redis on ${redis.port}`);

    const database = await createDatabase({ url: postgres.url, poolSize: 2 });
    cleanups.push(() => database.close());
    await migrate(database.db);
    const { token, workspaceId } = await createChaosUser(database.db);

    const env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'chaos',
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      TURN_STALE_AFTER_MS: '3000',
      TURN_HEARTBEAT_MS: '500',
      TURN_SWEEP_INTERVAL_MS: '500',
    };
    const port = await freePort();
    const server = startApp('server', { ...env, PORT: String(port), LOG_LEVEL: 'warn' });
    cleanups.push(() => server.stop());
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health/ready`, { process: server, timeoutMs: 240_000 });
    const pool = new WorkerPool(env);
    cleanups.push(() => pool.stopAll());
    const first = pool.start();
    const second = pool.start();
    await Promise.all([pool.ready(first.app), pool.ready(second.app)]);
    const client = createClient({ url, token, EventSource });
    const ref = (turnId: string) => ({ workspaceId, turnId });

    const finish = async (turnId: string, items: StreamedItem[]) => {
      const replay = await followTurn(client, ref(turnId), { timeoutMs: 30_000 });
      report.problems.push(...checkStream(turnId, items, replay));
      const [turn] = await database.db
        .select({ status: chatTurns.status })
        .from(chatTurns)
        .where(eq(chatTurns.id, turnId));
      if (turn?.status !== 'completed')
        report.problems.push(`${turnId}: stored as ${turn?.status}`);
    };

    for (let i = 1; i <= options.kills; i += 1) {
      const turnId = await ask(client, workspaceId, `Chaos kill ${i}: why is checkout slow?`);
      // Kill once the stream has seen this many items: anywhere from just
      // after the claim to just before the report.
      const killAfter = 1 + Math.floor(Math.random() * script.events);
      let killedAt = 0;
      let recoveredAt = 0;
      let killing: Promise<void> | undefined;
      let replacement: { id: string; app: AppProcess } | undefined;
      const items = await followTurn(client, ref(turnId), {
        timeoutMs: 60_000,
        onItem: (item, all) => {
          if (all.length === killAfter && !killing) {
            killing = (async () => {
              const [job] = await database.db
                .select({ workerId: rcaJobs.workerId })
                .from(rcaJobs)
                .where(eq(rcaJobs.turnId, turnId));
              if (!job?.workerId) throw new Error(`no worker recorded for ${turnId}`);
              pool.kill(job.workerId);
              killedAt = Date.now();
              replacement = pool.start();
            })();
          }
          if (killedAt && !recoveredAt && item.data.event.type === 'attempt_started') {
            recoveredAt = Date.now();
          }
        },
      });
      const finishedAt = Date.now();
      await killing;
      if (!killedAt) {
        report.problems.push(
          `${turnId}: finished before the planned kill after ${killAfter} items`,
        );
      } else {
        const figure = {
          turnId,
          killedAfterItems: killAfter,
          recoveryMs: recoveredAt ? recoveredAt - killedAt : Number.NaN,
          finishedMs: finishedAt - killedAt,
        };
        report.kills.push(figure);
        if (!recoveredAt) report.problems.push(`${turnId}: no second attempt after the kill`);
        else if (figure.recoveryMs > 30_000)
          report.problems.push(`${turnId}: recovery took ${figure.recoveryMs} ms (> 30 s)`);
        log(
          `kill ${i}/${options.kills}: after ${killAfter} items, next attempt ${figure.recoveryMs} ms later, finished ${figure.finishedMs} ms after the kill`,
        );
      }
      await finish(turnId, items);
      if (replacement) await pool.ready(replacement.app);
    }

    const restarts: Array<{ store: 'redis' | 'postgres'; service: PrivateService }> = [
      ...Array.from({ length: options.redisRestarts }, () => ({
        store: 'redis' as const,
        service: redis,
      })),
      ...Array.from({ length: options.postgresRestarts }, () => ({
        store: 'postgres' as const,
        service: postgres,
      })),
    ];
    for (const { store, service } of restarts) {
      const turnIds: string[] = [];
      for (let j = 1; j <= perRestart; j += 1) {
        turnIds.push(await ask(client, workspaceId, `Chaos ${store} restart, question ${j}`));
      }
      const follows = turnIds.map((turnId) =>
        followTurn(client, ref(turnId), { timeoutMs: 120_000 }).then(
          (items) => ({ turnId, items, error: undefined }),
          (error: unknown) => ({ turnId, items: [] as StreamedItem[], error }),
        ),
      );
      await sleep(800 + Math.floor(Math.random() * 800));
      const downAt = Date.now();
      await service.crash();
      await sleep(2_000);
      await service.start();
      const upAt = Date.now();
      const results = await Promise.all(follows);
      const settledMs = Date.now() - upAt;
      let completed = 0;
      for (const result of results) {
        if (result.error) {
          report.problems.push(`${result.turnId}: ${String(result.error)}`);
          continue;
        }
        if (result.items.at(-1)?.data.event.type === 'complete') completed += 1;
        await finish(result.turnId, result.items);
      }
      report.restarts.push({
        store,
        investigations: perRestart,
        downMs: upAt - downAt,
        settledMs,
        completed,
      });
      log(
        `${store} restart: down ${upAt - downAt} ms, ${completed}/${perRestart} investigations completed, last one ${settledMs} ms after the store was back`,
      );
    }
    return report;
  } finally {
    await cleanUpChaos();
  }
}

/** min / median / max of the recovery times, for the report. */
export function summarise(report: ChaosReport): string {
  const recovery = report.kills.map((k) => k.recoveryMs).sort((a, b) => a - b);
  const pick = (q: number) =>
    recovery[Math.min(recovery.length - 1, Math.floor(q * recovery.length))];
  const seconds = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(1));
  return [
    `kills: ${report.kills.length}, recovery (kill -> next attempt) min ${seconds(recovery[0])} s, median ${seconds(pick(0.5))} s, max ${seconds(recovery.at(-1))} s`,
    ...report.restarts.map(
      (r) =>
        `${r.store} restart: ${r.completed}/${r.investigations} completed, down ${seconds(r.downMs)} s, settled ${seconds(r.settledMs)} s after`,
    ),
    `problems: ${report.problems.length}`,
    ...report.problems.map((p) => `  - ${p}`),
  ].join('\n');
}
