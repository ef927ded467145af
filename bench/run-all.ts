import { benchChat } from './chat.js';
import { benchEmbedded } from './embedded.js';
import { benchFanOut } from './fan-out.js';
import { benchLogMinerIsolated } from './log-miner.js';
import { benchSearch } from './search.js';
import { benchSseFanOut } from './sse-fan-out.js';
import { benchSseLatency } from './sse-latency.js';
import { benchTrpcThroughput } from './trpc-throughput.js';

// Runs against whatever DATABASE_URL / REDIS_URL say (embedded when unset).
// BENCH_QUICK=1 shortens every run (used by the bench smoke test).
const quick = process.env.BENCH_QUICK === '1';
const mode = `${process.env.DATABASE_URL ? 'postgres' : 'pglite'} + ${process.env.REDIS_URL ? 'redis' : 'in-process'}`;

function print(title: string, figures: Record<string, string | number>): void {
  console.log(`\n## ${title} (${mode})`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(40)} ${value}`);
}

print(
  'tRPC query throughput: SDK vs bare express',
  await benchTrpcThroughput({ durationMs: quick ? 300 : 5_000, concurrency: 32 }),
);
print(
  'publish -> SSE receive latency',
  await benchSseLatency({ subscribers: 100, events: quick ? 5 : 200, intervalMs: 10 }),
);
print(
  'log pattern miner (generated lines, own process)',
  await benchLogMinerIsolated({ lines: quick ? 50_000 : 1_000_000 }),
);
print(
  'chat: send -> stream overhead, fan-out to 100 subscribers',
  await benchChat({ sends: quick ? 5 : 50, subscribers: 100, events: quick ? 50 : 500 }),
);
print(
  'turn fan-out: 1,000 streams of one turn vs raw Redis pub/sub',
  await benchFanOut({
    subscribers: quick ? 100 : 1_000,
    events: quick ? 5 : 20,
    idleMs: quick ? 1_000 : 10_000,
  }),
);
print(
  'turn fan-out over HTTP: 1,000 SSE streams of one turn (REST and tRPC) vs raw Redis pub/sub',
  await benchSseFanOut({
    subscribers: quick ? 100 : 1_000,
    events: quick ? 5 : 20,
    idleMs: quick ? 1_000 : 10_000,
    rounds: quick ? 1 : 2,
  }),
);
print(
  'chat.sessions.search (stored tsvector + GIN)',
  await benchSearch({
    sessions: quick ? 5_000 : 100_000,
    iterations: quick ? 5 : 50,
    anchorIterations: quick ? 1 : 3,
  }),
);
// Embedded mode only: `pnpm start` with no DATABASE_URL/REDIS_URL, in its own process.
if (mode === 'pglite + in-process') {
  print(
    'embedded mode (pnpm start): investigations on the main loop vs the investigation thread',
    await benchEmbedded({
      rounds: quick ? 1 : 3,
      concurrent: 4,
      idleMs: quick ? 1_000 : 3_000,
      modes: ['main-loop', 'thread'],
    }),
  );
}
process.exit(0);
