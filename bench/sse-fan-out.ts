import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { appendTurnEvent } from '@vibemonitor/core';
import { startTestStack, type TestStack } from '../apps/standalone/test/harness.js';
import { createSignedInUser } from '../apps/standalone/test/users.js';
import { formatMs, percentile } from './lib/stats.js';

type Bus = TestStack['runtime']['jobs']['bus'];
type Transport = 'rest' | 'trpc';

const clientsScript = fileURLToPath(new URL('./lib/sse-clients.ts', import.meta.url));
const now = () => performance.timeOrigin + performance.now();

/**
 * Event -> SSE receipt for `subscribers` HTTP streams of ONE turn, end to end
 * (server in this process, the streams in a child process, PostgreSQL/PGlite,
 * Redis/in-process bus), interleaved in one run:
 * - REST: GET /api/turns/:turnId/events (one serialisation per event per process);
 * - tRPC: the typed chat.turns.stream subscription over SSE;
 * - anchor (the issue's): raw Redis pub/sub, `subscribers` connections in the same child
 *   process, publish -> receipt (only with REDIS_URL);
 * - anchor: the raw bus, `subscribers` listeners in this process (no socket per subscriber).
 * The clock starts at the bus publish (as the anchor's does); the figure from
 * before appendTurnEvent (database insert + publish) is printed beside it.
 * Also: server CPU and memory per stream while `subscribers` REST streams are quiet.
 */
export async function benchSseFanOut(options: {
  subscribers: number;
  events: number;
  idleMs: number;
  rounds: number;
}): Promise<Record<string, string | number>> {
  // Every stream comes from this one address: lift the per-address connection cap (256).
  const stack = await startTestStack({
    worker: false,
    env: { HTTP_MAX_CONNECTIONS_PER_IP: String(options.subscribers * 2 + 100) },
  });
  try {
    const figures: Record<string, string | number> = {
      subscribers: options.subscribers,
      events: options.events,
      bus: stack.runtime.jobs.driver,
    };
    const redisUrl = process.env.REDIS_URL;
    const runs: Record<string, number[]> = { rest: [], trpc: [], raw: [], redis: [] };
    const order: Array<Transport | 'raw' | 'redis'> = [];
    for (let round = 0; round < options.rounds; round++)
      order.push('raw', ...(redisUrl ? (['redis'] as const) : []), 'rest', 'trpc');
    // BENCH_FANOUT_ONLY=rest (or trpc) runs that transport alone (profiling).
    const only = process.env.BENCH_FANOUT_ONLY;
    if (only) order.splice(0, order.length, ...order.filter((kind) => kind === only));
    order.push('raw');
    let delivered = true;
    for (const kind of order) {
      if (kind === 'raw') {
        runs.raw!.push(await rawBus(stack.runtime.jobs.bus, options.subscribers, options.events));
        continue;
      }
      if (kind === 'redis') {
        const result = await rawRedis(redisUrl!, options.subscribers, options.events);
        runs.redis!.push(result.p99);
        figures[`raw Redis round ${runs.redis!.length}: publish -> receipt p50 / p99`] =
          `${formatMs(result.p50)} / ${formatMs(result.p99)}`;
        if (!result.exact) delivered = false;
        continue;
      }
      const result = await sseRun(stack, kind, options);
      runs[kind]!.push(result.p99);
      figures[`${kind} round ${runs[kind]!.length}: publish -> receipt p50 / p99`] =
        `${formatMs(result.p50)} / ${formatMs(result.p99)}`;
      figures[`${kind} round ${runs[kind]!.length}: append (store + publish) -> receipt p99`] =
        formatMs(result.appendP99);
      if (!result.exact) delivered = false;
      if (kind === 'rest' && runs.rest!.length === 1) Object.assign(figures, result.quiet);
    }
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    const raw = median(runs.raw!);
    const rest = median(runs.rest!);
    const trpc = median(runs.trpc!);
    figures['anchor: raw bus, in-process listeners, p99 (median)'] = formatMs(raw);
    if (redisUrl) {
      const redis = median(runs.redis!);
      figures['anchor: raw Redis pub/sub, a connection per subscriber, p99 (median)'] =
        formatMs(redis);
      figures['ratio REST p99 / raw Redis p99 (target <= 2)'] = (rest / redis).toFixed(2);
      // Each round's transports ran back to back: its own ratio shows how much the machine moved.
      figures['ratio REST / raw Redis p99, round by round'] = runs
        .rest!.map((value, i) => (value / runs.redis![i]!).toFixed(2))
        .join(', ');
      figures['ratio tRPC p99 / raw Redis p99'] = (trpc / redis).toFixed(2);
    }
    figures['REST receipt p99 (median of rounds)'] = formatMs(rest);
    figures['tRPC receipt p99 (median of rounds)'] = formatMs(trpc);
    figures['ratio REST p99 / in-process bus p99'] = (rest / raw).toFixed(2);
    figures['ratio tRPC p99 / in-process bus p99'] = (trpc / raw).toFixed(2);
    figures['every event once and in order on every stream'] = delivered ? 'yes' : 'NO';
    figures['machine load average (1 min)'] = loadavg()[0]!.toFixed(1);
    return figures;
  } finally {
    await stack.close();
  }
}

async function sseRun(
  stack: TestStack,
  transport: Transport,
  options: { subscribers: number; events: number; idleMs: number },
) {
  // A user (and workspace) per run: the workspace API rate limit counts stream opens.
  const user = await createSignedInUser(stack);
  const workspaceId = user.personalWorkspaceId;
  const { turnId } = await user.client.chat.send.mutate({ workspaceId, message: 'fan-out' });
  const url =
    transport === 'rest'
      ? `${stack.url}/api/turns/${turnId}/events?workspaceId=${workspaceId}`
      : `${stack.url}/trpc/chat.turns.stream?input=${encodeURIComponent(
          // superjson's envelope of plain strings: { json: input }.
          JSON.stringify({ json: { workspaceId, turnId } }),
        )}`;
  globalThis.gc?.();
  const memoryBefore = process.memoryUsage();
  const child = fork(clientsScript, [
    JSON.stringify({
      url,
      headers: { authorization: `Bearer ${user.token}` },
      count: options.subscribers,
      expect: options.events,
      timeoutMs: 120_000,
    }),
  ]);
  const messages = messagesOf(child);
  const opened = (await messages.next()).value as { kind: string; message?: string };
  if (opened.kind !== 'open') throw new Error(`${transport} streams failed: ${opened.message}`);
  // Settle: every stream's replay has run and its subscription is live.
  await new Promise((r) => setTimeout(r, 3_000));
  let quiet: Record<string, string> = {};
  if (transport === 'rest') {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const perStream = (key: 'heapUsed' | 'external' | 'rss') =>
      ((memory[key] - memoryBefore[key]) / options.subscribers / 1024).toFixed(1);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, options.idleMs));
    const cpu = process.cpuUsage(cpuBefore);
    quiet = {
      'REST quiet streams: server CPU (% of a core)': (
        ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) *
        100
      ).toFixed(2),
      'REST per open stream: server heap / external / RSS (KB)': `${perStream('heapUsed')} / ${perStream('external')} / ${perStream('rss')}`,
    };
  }
  const sentAt = new Map<number, number>();
  const publishedAt = new Map<number, number>();
  // The same bus, timing the publish (the clock the raw anchor uses).
  const bus = stack.runtime.jobs.bus;
  const timedBus: Bus = Object.assign(Object.create(bus) as Bus, {
    publish(channel: string, message: unknown) {
      publishedAt.set((message as { seq: number }).seq, now());
      return bus.publish(channel, message);
    },
  });
  for (let seq = 1; seq <= options.events; seq++) {
    sentAt.set(seq, now());
    await appendTurnEvent({
      db: stack.runtime.database.db,
      bus: timedBus,
      workspaceId,
      turnId,
      event: { type: 'thinking', text: `step ${seq}` },
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  const done = (await messages.next()).value as {
    kind: string;
    message?: string;
    receipts: Array<[number, number]>;
    inOrderOnce: number;
  };
  if (done.kind !== 'done') throw new Error(`${transport} streams failed: ${done.message}`);
  child.kill();
  await user.client.chat.turns.cancel.mutate({ workspaceId, turnId });
  const latencies = done.receipts.map(([seq, at]) => at - sentAt.get(seq)!);
  const fromPublish = done.receipts.map(([seq, at]) => at - publishedAt.get(seq)!);
  return {
    p50: percentile(fromPublish, 50),
    p99: percentile(fromPublish, 99),
    appendP99: percentile(latencies, 99),
    exact:
      done.inOrderOnce === options.subscribers &&
      latencies.length === options.subscribers * options.events,
    quiet,
  };
}

/**
 * The anchor the issue names: raw Redis pub/sub to `subscribers` subscribers,
 * each on its own connection in the same child process the SSE streams use,
 * so both cross a socket per subscriber and are parsed by the same process.
 */
async function rawRedis(redisUrl: string, subscribers: number, events: number) {
  const channel = `bench-raw-redis-${Date.now()}`;
  const child = fork(clientsScript, [
    JSON.stringify({
      url: `${redisUrl}#${channel}`,
      headers: {},
      count: subscribers,
      expect: events,
      timeoutMs: 120_000,
    }),
  ]);
  const messages = messagesOf(child);
  const opened = (await messages.next()).value as { kind: string; message?: string };
  if (opened.kind !== 'open') throw new Error(`raw Redis subscribers failed: ${opened.message}`);
  await new Promise((r) => setTimeout(r, 3_000));
  const publisher = new Redis(redisUrl);
  const publishedAt = new Map<number, number>();
  for (let seq = 1; seq <= events; seq++) {
    publishedAt.set(seq, now());
    await publisher.publish(channel, JSON.stringify({ seq }));
    await new Promise((r) => setTimeout(r, 20));
  }
  const done = (await messages.next()).value as {
    kind: string;
    message?: string;
    receipts: Array<[number, number]>;
    inOrderOnce: number;
  };
  publisher.disconnect();
  child.kill();
  if (done.kind !== 'done') throw new Error(`raw Redis subscribers failed: ${done.message}`);
  const latencies = done.receipts.map(([seq, at]) => at - publishedAt.get(seq)!);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    exact: done.inOrderOnce === subscribers && latencies.length === subscribers * events,
  };
}

async function* messagesOf(child: ChildProcess): AsyncGenerator<unknown> {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message) => {
    queue.push(message);
    wake?.();
  });
  child.on('exit', (code, signal) => {
    queue.push({ kind: 'failed', message: `client process exited (${code ?? signal})` });
    wake?.();
  });
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    yield queue.shift();
  }
}

async function rawBus(bus: Bus, subscribers: number, events: number): Promise<number> {
  const channel = `bench-raw-${Date.now()}`;
  const latencies: number[] = [];
  const sentAt = new Map<number, number>();
  const unsubscribes = await Promise.all(
    Array.from({ length: subscribers }, () =>
      bus.subscribe(channel, (message) => {
        const sent = sentAt.get((message as { seq: number }).seq);
        if (sent !== undefined) latencies.push(now() - sent);
      }),
    ),
  );
  for (let i = 1; i <= events; i++) {
    sentAt.set(i, now());
    await bus.publish(channel, { seq: i });
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 500));
  await Promise.all(unsubscribes.map((u) => u()));
  return percentile(latencies, 99);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchSseFanOut({
    subscribers: Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 1_000),
    events: Number(process.env.BENCH_FANOUT_EVENTS ?? 20),
    idleMs: Number(process.env.BENCH_FANOUT_IDLE_MS ?? 10_000),
    rounds: Number(process.env.BENCH_FANOUT_ROUNDS ?? 2),
  });
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(60)} ${value}`);
  process.exit(0);
}
