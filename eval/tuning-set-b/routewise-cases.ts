import { standardShape, type BlindCase } from './case.js';
import {
  emitRoutewise,
  hclogLine,
  memcachedPodName,
  mongodLine,
  onset,
  RW_SERVICES,
  rwPodIp,
} from './routewise.js';

const GiB = 1_073_741_824;
const MiB = 1_048_576;

/** Routewise incidents to tune on (the held-out ones are in eval/holdout-b). */
export const routewiseCases: BlindCase[] = [
  {
    id: 'rw-rates-bad-deploy',
    system: 'routewise',
    title: 'Quotes fail after a release',
    question:
      'Customers say creating shipments fails about a third of the time with a 500, and the quote endpoint too. What is going on?',
    expected: { service: 'rates', causes: ['deploy', 'code_error', 'exception'] },
    fault:
      'rates rolls out v1.20.0 (from v1.19.0); GetQuote dereferences a nil carrier surcharge table for some lanes and panics, the recovery interceptor answers Internal on ~44 % of GetQuote calls; shipment (CreateShipment calls GetQuote) and the gateway relay it as 500',
    facts: ['rates', 'v1.20.0', 'getquote', 'internal'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) =>
      emitRoutewise(b, {
        rollout: { rates: { at: f - 50, to: 'v1.20.0' } },
        effects: { errors: { rates: (t) => 0.38 * onset(f - 30, 60)(t) } },
        codes: { rates: 'Internal', shipment: 'Internal' },
        failingMethods: { rates: ['GetQuote'] },
        errorText: {
          rates: () =>
            'rpc error: code = Internal desc = panic caught: runtime error: invalid memory address or nil pointer dereference',
        },
        logs: [
          {
            app: 'rates',
            perMinute: (t) => (t >= f ? 420 : 0),
            level: 'error',
            caller: 'recovery/interceptors.go:41',
            msg: () => 'recovered from panic',
            fields: (rng) => ({
              panic: 'runtime error: invalid memory address or nil pointer dereference',
              stack: `goroutine ${rng.int(1000, 99999)} [running]:\nruntime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e\ngithub.com/routewise/rates/internal/quote.(*Calculator).surcharge(0xc0004a2f00, {0xc000c1e0a8, 0x2})\n\t/src/internal/quote/surcharge.go:58 +0x1d4\ngithub.com/routewise/rates/internal/quote.(*Calculator).Quote(0xc0004a2f00, {0x1b3c6e8, 0xc000b8e3f0}, 0xc000d26000)\n\t/src/internal/quote/calculator.go:112 +0x2a9`,
              'grpc.method': 'GetQuote',
            }),
          },
        ],
      }),
  },
  {
    id: 'rw-shipment-mongo-pool-exhausted',
    system: 'routewise',
    title: 'Shipment look-ups time out',
    question:
      'Parcel detail pages and the /v1/shipments API are timing out (504s) since about half an hour ago, tracking seems fine. Database problem?',
    expected: { service: 'shipment', causes: ['pool', 'connections'] },
    fault:
      'ListShipments leaks a cursor whenever the client cancels (a bug since last week); the leaked cursors pin connections until shipment exhausts its mongo-go-driver pool (maxPoolSize 100 per pod); checkouts wait for the 5 s deadline, ~35 % of calls end DeadlineExceeded; MongoDB itself is healthy (connections 74 -> ~300 of 838k)',
    facts: ['shipment', 'connection pool', 'maxpoolsize', 'deadlineexceeded'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) =>
      emitRoutewise(b, {
        effects: {
          errors: { shipment: (t) => 0.35 * onset(f, 240)(t) },
          slow: { shipment: (t) => 1 + 60 * onset(f, 240)(t) },
        },
        codes: { shipment: 'DeadlineExceeded' },
        mongoConnections: (t) => (t < f - 1500 ? 0 : Math.min(226, ((t - f + 1500) / 1740) * 226)),
        errorText: {
          shipment: (rng) =>
            `timed out while checking out a connection from connection pool: context deadline exceeded; maxPoolSize: 100, connections in use by cursors: ${rng.int(93, 99)}, connections in use by transactions: 0, connections in use by other operations: ${rng.int(1, 7)}`,
        },
        logs: [
          {
            app: 'shipment',
            perMinute: (t) => (t >= f ? 30 : 0),
            level: 'error',
            caller: 'internal/store/shipments.go:141',
            msg: () => 'find shipments',
            fields: (rng) => ({
              error: `timed out while checking out a connection from connection pool: context deadline exceeded; maxPoolSize: 100, connections in use by cursors: ${rng.int(93, 99)}, connections in use by transactions: 0, connections in use by other operations: ${rng.int(1, 7)}`,
              collection: 'shipments',
            }),
          },
        ],
      }),
  },
  {
    id: 'rw-memcached-evicted',
    system: 'routewise',
    title: 'Every API call slower',
    question: 'p99 of the public API went from ~40 ms to over 400 ms. Nothing was deployed. Why?',
    expected: { service: 'memcached', causes: ['unavailable'] },
    fault:
      "the memcached pod is evicted (its node under memory pressure) and the replacement stays Pending (insufficient memory); accounts and rates wait gomemcache's 100 ms connect timeout on every lookup to the old pod IP, then fall back to MongoDB (op rate x1.6); no errors reach users",
    facts: ['memcached', 'pending', 'connect timeout', '11211'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const mcIp = rwPodIp(b, memcachedPodName(b));
      emitRoutewise(b, {
        memcachedGoneAt: f,
        effects: {
          failLatencyMs: { memcached: (t) => (t >= f ? 100 : 0.25) },
          extraRate: { mongodb: (t) => (t >= f ? 38 * b.daily(t) : 0) },
          slow: { mongodb: (t) => (t >= f ? 1.4 : 1) },
        },
        logs: [
          {
            app: 'accounts',
            perMinute: (t) => (t >= f ? 600 : 0),
            level: 'warn',
            msg: () => 'token cache get failed, falling back to database',
            fields: () => ({
              error: `memcache: connect timeout to ${mcIp}:11211`,
              component: 'tokencache',
            }),
          },
          {
            app: 'rates',
            perMinute: (t) => (t >= f ? 160 : 0),
            level: 'warn',
            caller: 'internal/cache/quotes.go:37',
            msg: () => 'quote cache get failed',
            fields: () => ({ error: `memcache: connect timeout to ${mcIp}:11211` }),
          },
        ],
      });
    },
  },
  {
    id: 'rw-tracking-oomkilled',
    system: 'routewise',
    title: 'Tracking flaps',
    question:
      'Parcel status look-ups return 503 every few minutes, then work again. Carrier webhooks show retries too. What is wrong?',
    expected: { service: 'tracking', causes: ['memory'] },
    fault:
      'tracking keeps every carrier event id in an unbounded in-memory dedupe map since a carrier started re-sending its backlog; each pod climbs to its 512 MiB limit and is OOMKilled (7 restarts in 30 min, in turn); calls to the restarting pod fail Unavailable',
    facts: ['tracking', 'oomkilled', '512', 'memory limit'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const kills = [f + 60, f + 300, f + 560, f + 800, f + 1080, f + 1330, f + 1600];
      emitRoutewise(b, {
        restarts: { tracking: { at: kills, reason: 'OOMKilled', downSeconds: 35 } },
        memory: {
          tracking: (t) => {
            if (t < f - 900) return 160 * MiB;
            const last = [f - 900, ...kills].filter((k) => k <= t).at(-1)!;
            return Math.min(510 * MiB, 160 * MiB + (t - last) * 0.62 * MiB);
          },
        },
        logs: [
          {
            app: 'tracking',
            perMinute: (t) => (t >= f - 900 ? 40 : 8),
            level: 'info',
            caller: 'internal/carrier/webhook.go:77',
            msg: () => 'carrier event recorded',
            fields: (rng) => ({
              carrier: rng.pick(['ups', 'dhl', 'dpd']),
              event_id: rng.hex(24),
              dedupe_size: rng.int(200_000, 900_000),
            }),
          },
        ],
      });
    },
  },
  {
    id: 'rw-mongodb-disk-full',
    system: 'routewise',
    title: 'Everything down',
    question:
      'The whole API answers 503 for everything since about 30 minutes. Please help, what broke?',
    expected: { service: 'mongodb', causes: ['disk'] },
    fault:
      "a bulk import of tracking events (the TTL index had been dropped) fills every member's 100 GiB data volume; mongod hits ENOSPC in WiredTiger, fatal-asserts and crash-loops on all three members; no primary: shipment, tracking and accounts fail with server selection errors",
    facts: ['mongodb', 'no space left on device', 'datadir-mongodb', 'replicasetnoprimary'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const crashes = [f + 5, f + 40, f + 120, f + 300, f + 640, f + 1000, f + 1400, f + 1800];
      const members = [0, 1, 2].map((i) => rwPodIp(b, `mongodb-${i}`));
      const topology = `{ Type: ReplicaSetNoPrimary, Servers: [${members.map((m, i) => `{ Addr: mongodb-${i}.mongodb-headless.routewise.svc.cluster.local:27017, Type: Unknown, Last error: dial tcp ${m}:27017: connect: connection refused }`).join(', ')}, ] }`;
      emitRoutewise(b, {
        mongoDiskUsed: (t) =>
          t < f - 2400
            ? 61 * GiB + (t - b.timeline.start) * 2_000
            : Math.min(100 * GiB, 61.5 * GiB + ((t - f + 2400) / 2400) * 38.5 * GiB),
        restarts: { mongodb: { at: crashes, reason: 'Error', everyPod: true, downSeconds: 420 } },
        effects: {
          unreachable: { mongodb: (t) => (t >= f + 5 ? 1 : 0) },
          failLatencyMs: { mongodb: (t) => (t >= f ? 5000 : 1.1) },
        },
        errorText: {
          shipment: () =>
            `server selection error: context deadline exceeded, current topology: ${topology}`,
          tracking: () =>
            `server selection error: context deadline exceeded, current topology: ${topology}`,
          accounts: () =>
            `server selection error: context deadline exceeded, current topology: ${topology}`,
        },
        logsAt: [0, 1, 2].flatMap((i) =>
          crashes.flatMap((c) => [
            {
              app: 'mongodb' as const,
              podIndex: i,
              at: c - 2 + i,
              line: mongodLine(
                c - 2 + i,
                'E',
                'WT',
                22435,
                'Checkpointer',
                'WiredTiger error message',
                {
                  error: 28,
                  message: {
                    ts_sec: Math.floor(c),
                    thread: '1:0x7f3a2d5fe640',
                    session_name: 'WT_SESSION.checkpoint',
                    category: 'WT_VERB_DEFAULT',
                    verbose_level: 'ERROR',
                    msg: '__posix_file_write:622:/data/db/collection-24-4581122915530716425.wt: handle-write: pwrite: failed to write 4096 bytes at offset 43857920: No space left on device',
                    error_str: 'No space left on device',
                    error_code: 28,
                  },
                },
              ),
            },
            {
              app: 'mongodb' as const,
              podIndex: i,
              at: c - 1 + i,
              line: mongodLine(c - 1 + i, 'F', 'ASSERT', 23089, 'Checkpointer', 'Fatal assertion', {
                msgid: 50853,
                file: 'src/mongo/db/storage/wiredtiger/wiredtiger_util.cpp',
                line: 712,
              }),
            },
          ]),
        ),
      });
    },
  },
  {
    id: 'rw-tracking-crashloop-recovered',
    system: 'routewise',
    title: 'Outage half an hour ago',
    question:
      'A customer says parcel status pages were down for a few minutes about half an hour ago; it works now. What happened, and is it fixed?',
    expected: { service: 'tracking', causes: ['unavailable', 'code_error', 'exception'] },
    fault:
      'a malformed UPS event (empty activity list) crashes every tracking pod with an unrecovered panic in the carrier consumer goroutine; they crash-loop for ~4 minutes until the event goes to the dead-letter topic; the gateway answers 503 for tracking routes meanwhile; all healthy since',
    facts: ['tracking', 'panic', 'index out of range', 'restart'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const crashes = [f, f + 45, f + 110, f + 205];
      const panic = (g: number) =>
        `panic: runtime error: index out of range [0] with length 0\n\ngoroutine ${g} [running]:\ngithub.com/routewise/tracking/internal/carrier.(*UPSParser).Parse(0xc00041e0c0, {0xc000a36000, 0x1f4, 0x200})\n\t/src/internal/carrier/ups.go:142 +0x3c4\ngithub.com/routewise/tracking/internal/consumer.(*Consumer).handle(0xc0001c8000, {0x1a8f2e0, 0xc00012a000}, 0xc000a2c000)\n\t/src/internal/consumer/consumer.go:96 +0x1b7\ncreated by github.com/routewise/tracking/internal/consumer.(*Consumer).Run in goroutine 1\n\t/src/internal/consumer/consumer.go:61 +0x1e5`;
      emitRoutewise(b, {
        restarts: { tracking: { at: crashes, reason: 'Error', everyPod: true, downSeconds: 40 } },
        logsAt: crashes.flatMap((c, k) => [
          { app: 'tracking' as const, at: c - 0.5, podIndex: 0, line: panic(200 + k) },
          { app: 'tracking' as const, at: c - 0.4, podIndex: 1, line: panic(300 + k) },
        ]),
      });
    },
  },
  {
    id: 'rw-control-accounts-release',
    system: 'routewise',
    title: 'After the accounts release',
    question:
      'We released a new accounts version about 30 minutes ago (token audit logging). Is everything still healthy?',
    expected: { service: null, causes: [] },
    fault:
      'control: accounts rolls out v1.12.1 (from v1.12.0), pods replaced one by one; nothing else changes',
    facts: [],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) =>
      emitRoutewise(b, {
        rollout: { accounts: { at: f, to: 'v1.12.1' } },
        logs: [
          {
            app: 'consul',
            perMinute: () => 0.2,
            level: 'info',
            msg: (rng, t) =>
              hclogLine(t, 'info', `agent: Synced service: service=accounts-${rng.hex(5)}`),
          },
        ],
      }),
  },
];
