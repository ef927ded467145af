import { loadavg } from 'node:os';
import {
  channels,
  isTerminalRcaEvent,
  turnStreamItemSchema,
  type TurnStreamItem,
} from '@vibemonitor/contracts';
import {
  appendTurnEvent,
  findTurn,
  isTerminalTurnStatus,
  listTurnEvents,
  openTurnStream,
  STREAM_SILENCE_POLL_MS,
} from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import { startTestStack } from '../apps/standalone/test/harness.js';
import { createSignedInUser } from '../apps/standalone/test/users.js';
import { formatMs, percentile } from './lib/stats.js';

type Bus = Parameters<typeof openTurnStream>[0]['bus'];
type Opener = (o: {
  db: Database;
  bus: Bus;
  workspaceId: string;
  turnId: string;
  signal: AbortSignal;
}) => Promise<AsyncGenerator<TurnStreamItem, void, undefined>>;

/**
 * Fan-out of one turn to `subscribers` streams inside one server process
 * (the core stream, below the SSE transport), interleaved in the same run:
 * - shared broadcaster (openTurnStream today): one bus subscription and one
 *   silence poll per turn;
 * - anchor "per-stream": the previous openTurnStream (a bus subscription and
 *   a database poll every 3 s per stream), copied here;
 * - anchor "raw bus": `subscribers` bare bus listeners on the same channel.
 * Figures: publish -> receipt p50/p99 for `events` events, process CPU and
 * heap per stream while the streams are quiet for `idleMs`.
 */
export async function benchFanOut(options: {
  subscribers: number;
  events: number;
  idleMs: number;
}): Promise<Record<string, string | number>> {
  const stack = await startTestStack({ worker: false });
  try {
    const user = await createSignedInUser(stack);
    const db = stack.runtime.database.db;
    const bus = stack.runtime.jobs.bus;
    const workspaceId = user.personalWorkspaceId;
    const figures: Record<string, string | number> = {
      subscribers: options.subscribers,
      events: options.events,
      bus: stack.runtime.jobs.driver,
    };
    // The same process with no streams open, quiet for the same window (queues, sweepers, pools).
    const cpuBefore = process.cpuUsage();
    const quietStarted = performance.now();
    await new Promise((r) => setTimeout(r, options.idleMs));
    const cpu = process.cpuUsage(cpuBefore);
    figures['baseline: no streams, quiet CPU (% of a core)'] = (
      ((cpu.user + cpu.system) / 1000 / (performance.now() - quietStarted)) *
      100
    ).toFixed(1);
    const shared: Opener = (o) => openTurnStream({ ...o, afterSeq: 0 });
    const perStream: Opener = (o) => previousOpenTurnStream({ ...o, afterSeq: 0 });
    for (const [label, open] of [
      ['shared broadcaster', shared],
      ['anchor per-stream', perStream],
      ['shared broadcaster (2nd run)', shared],
    ] as const) {
      const { turnId } = await user.client.chat.send.mutate({
        workspaceId,
        message: `fan-out ${label}`,
      });
      const result = await measure({ db, bus, workspaceId, turnId, open, ...options });
      for (const [key, value] of Object.entries(result)) figures[`${label}: ${key}`] = value;
    }
    figures['raw bus: publish -> receipt p99'] = formatMs(
      await rawBus(bus, options.subscribers, options.events),
    );
    figures['targets'] =
      'SSE receipt p99 <= 2x raw pub/sub p99; quiet streams < 2% of a core and < 50 KB each';
    figures['machine load average (1 min)'] = loadavg()[0]!.toFixed(1);
    return figures;
  } finally {
    await stack.close();
  }
}

async function measure(o: {
  db: Database;
  bus: Bus;
  workspaceId: string;
  turnId: string;
  open: Opener;
  subscribers: number;
  events: number;
  idleMs: number;
}) {
  const controller = new AbortController();
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const streams = await Promise.all(
    Array.from({ length: o.subscribers }, () => o.open({ ...o, signal: controller.signal })),
  );
  const done = Promise.all(
    streams.map(async (stream) => {
      for await (const item of stream) {
        const sent = sentAt.get(item.seq);
        if (sent !== undefined) latencies.push(performance.now() - sent);
      }
    }),
  );
  // Settle: every stream's replay (two queries each) has finished before the quiet window.
  await new Promise((r) => setTimeout(r, 3_000));
  globalThis.gc?.();
  const heapPerStream = (process.memoryUsage().heapUsed - heapBefore) / o.subscribers / 1024;
  const cpuBefore = process.cpuUsage();
  const idleStarted = performance.now();
  await new Promise((r) => setTimeout(r, o.idleMs));
  const cpu = process.cpuUsage(cpuBefore);
  const idleCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - idleStarted)) * 100;
  for (let i = 1; i <= o.events; i++) {
    sentAt.set(i, performance.now());
    const last = i === o.events;
    await appendTurnEvent({
      db: o.db,
      bus: o.bus,
      workspaceId: o.workspaceId,
      turnId: o.turnId,
      event: last
        ? { type: 'error', code: 'INTERNAL', message: 'bench over' }
        : { type: 'thinking', text: `step ${i}` },
    } as Parameters<typeof appendTurnEvent>[0]);
    await new Promise((r) => setTimeout(r, 20));
  }
  await done;
  controller.abort();
  const expected = o.subscribers * o.events;
  if (latencies.length !== expected)
    throw new Error(`expected ${expected} deliveries, got ${latencies.length}`);
  return {
    'publish -> receipt p50': formatMs(percentile(latencies, 50)),
    'publish -> receipt p99': formatMs(percentile(latencies, 99)),
    'quiet streams CPU (% of a core)': idleCpuPercent.toFixed(1),
    'heap per open stream (KB, core only)': heapPerStream.toFixed(1),
  };
}

async function rawBus(bus: Bus, subscribers: number, events: number): Promise<number> {
  const channel = `bench-raw-${Date.now()}`;
  const latencies: number[] = [];
  const sentAt = new Map<number, number>();
  const unsubscribes = await Promise.all(
    Array.from({ length: subscribers }, () =>
      bus.subscribe(channel, (message) => {
        const sent = sentAt.get((message as { seq: number }).seq);
        if (sent !== undefined) latencies.push(performance.now() - sent);
      }),
    ),
  );
  for (let i = 1; i <= events; i++) {
    sentAt.set(i, performance.now());
    await bus.publish(channel, { seq: i });
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 500));
  await Promise.all(unsubscribes.map((u) => u()));
  return percentile(latencies, 99);
}

/** The per-stream implementation before the broadcaster (anchor only). */
async function previousOpenTurnStream(o: {
  db: Database;
  bus: Bus;
  workspaceId: string;
  turnId: string;
  afterSeq: number;
  signal: AbortSignal;
}) {
  const live = await o.bus.subscribeIterator(channels.turn(o.turnId), { signal: o.signal });
  return (async function* (): AsyncGenerator<TurnStreamItem, void, undefined> {
    const { db, workspaceId, turnId, signal } = o;
    let last = o.afterSeq;
    async function* fromDatabase(): AsyncGenerator<TurnStreamItem, boolean, undefined> {
      for (;;) {
        const page = await listTurnEvents({ db, workspaceId, turnId, afterSeq: last });
        for (const item of page) {
          last = item.seq;
          yield item;
          if (isTerminalRcaEvent(item.event)) return true;
        }
        if (page.length === 0) return false;
      }
    }
    try {
      const before = await findTurn({ db, workspaceId, turnId });
      if (!before) return;
      if (yield* fromDatabase()) return;
      if (isTerminalTurnStatus(before.status)) return;
      let next = live.next();
      while (!signal.aborted) {
        let timer: NodeJS.Timeout | undefined;
        const silence = new Promise<'silence'>(
          (resolve) => (timer = setTimeout(() => resolve('silence'), STREAM_SILENCE_POLL_MS)),
        );
        const received = await Promise.race([next, silence]).finally(() => clearTimeout(timer));
        if (received === 'silence') {
          if (yield* fromDatabase()) return;
          const turn = await findTurn({ db, workspaceId, turnId });
          if (!turn || isTerminalTurnStatus(turn.status)) return;
          continue;
        }
        if (received.done) return;
        next = live.next();
        const parsed = turnStreamItemSchema.safeParse(received.value);
        if (!parsed.success || parsed.data.seq <= last) continue;
        if (parsed.data.seq > last + 1) {
          if (yield* fromDatabase()) return;
          continue;
        }
        last = parsed.data.seq;
        yield parsed.data;
        if (isTerminalRcaEvent(parsed.data.event)) return;
      }
    } finally {
      await live.close();
    }
  })();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchFanOut({
    subscribers: Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 1_000),
    events: Number(process.env.BENCH_FANOUT_EVENTS ?? 20),
    idleMs: Number(process.env.BENCH_FANOUT_IDLE_MS ?? 10_000),
  });
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(56)} ${value}`);
  process.exit(0);
}
