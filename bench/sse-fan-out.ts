import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import superjson from 'superjson';
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
 * - anchor: raw bus pub/sub, `subscribers` listeners in this process, publish -> handler.
 * The event clock starts before appendTurnEvent (store + publish), so the SSE
 * figures include the database insert the raw anchor does not.
 * Also: server CPU and memory per stream while `subscribers` REST streams are quiet.
 */
export async function benchSseFanOut(options: {
  subscribers: number;
  events: number;
  idleMs: number;
  rounds: number;
}): Promise<Record<string, string | number>> {
  const stack = await startTestStack({ worker: false });
  try {
    const figures: Record<string, string | number> = {
      subscribers: options.subscribers,
      events: options.events,
      bus: stack.runtime.jobs.driver,
    };
    const runs: Record<string, number[]> = { rest: [], trpc: [], raw: [] };
    const order: Array<Transport | 'raw'> = [];
    for (let round = 0; round < options.rounds; round++) order.push('raw', 'rest', 'trpc');
    order.push('raw');
    let delivered = true;
    for (const kind of order) {
      if (kind === 'raw') {
        runs.raw!.push(await rawBus(stack.runtime.jobs.bus, options.subscribers, options.events));
        continue;
      }
      const result = await sseRun(stack, kind, options);
      runs[kind]!.push(result.p99);
      figures[`${kind} round ${runs[kind]!.length}: receipt p50 / p99`] =
        `${formatMs(result.p50)} / ${formatMs(result.p99)}`;
      if (!result.exact) delivered = false;
      if (kind === 'rest' && runs.rest!.length === 1) Object.assign(figures, result.quiet);
    }
    const median = (values: number[]) => percentile(values, 50);
    const raw = median(runs.raw!);
    figures['raw bus publish -> receipt p99 (median of runs)'] = formatMs(raw);
    figures['REST receipt p99 (median of rounds)'] = formatMs(median(runs.rest!));
    figures['tRPC receipt p99 (median of rounds)'] = formatMs(median(runs.trpc!));
    figures['ratio REST p99 / raw p99 (target <= 2)'] = (median(runs.rest!) / raw).toFixed(2);
    figures['ratio tRPC p99 / raw p99'] = (median(runs.trpc!) / raw).toFixed(2);
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
          JSON.stringify(superjson.serialize({ workspaceId, turnId })),
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
  for (let seq = 1; seq <= options.events; seq++) {
    sentAt.set(seq, now());
    await appendTurnEvent({
      db: stack.runtime.database.db,
      bus: stack.runtime.jobs.bus,
      workspaceId,
      turnId,
      event: { type: 'thinking', text: `step ${seq}` },
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  const done = (await messages.next()).value as {
    receipts: Array<[number, number]>;
    inOrderOnce: number;
  };
  child.kill();
  await user.client.chat.turns.cancel.mutate({ workspaceId, turnId });
  const latencies = done.receipts.map(([seq, at]) => at - sentAt.get(seq)!);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    exact:
      done.inOrderOnce === options.subscribers &&
      latencies.length === options.subscribers * options.events,
    quiet,
  };
}

async function* messagesOf(child: ChildProcess): AsyncGenerator<unknown> {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message) => {
    queue.push(message);
    wake?.();
  });
  child.on('exit', () => {
    queue.push({ kind: 'failed', message: 'client process exited' });
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
