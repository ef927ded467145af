import type { SimSignalKind } from './signals.js';
import type { ServiceName } from './topology.js';

/** Knobs a fault turns; the state model (state.ts) reads them every step. Defaults mean "healthy". */
export interface Levers {
  /** Multiplier on the traffic arriving at the gateway. */
  trafficFactor: number;
  /** Share of gateway traffic forwarded downstream; the rest is rejected with 429. */
  passThrough: number;
  latencyFactor: Partial<Record<ServiceName, number>>;
  /** Seconds added to a service's own latency. */
  latencyAdd: Partial<Record<ServiceName, number>>;
  /** Share of a service's requests failing on its own account. */
  errorAdd: Partial<Record<ServiceName, number>>;
  /** Extra CPU demand, in cores. */
  cpuAdd: Partial<Record<ServiceName, number>>;
  /** Extra memory, in bytes. */
  memoryAdd: Partial<Record<ServiceName, number>>;
  /** Container restarts so far, and whether the last one was an OOM kill. */
  restarts: Partial<Record<ServiceName, number>>;
  oomKilled: Partial<Record<ServiceName, boolean>>;
  redisUp: boolean;
  /** Connections leaked from the orders pool (never returned). */
  poolLeaked: number;
  /** Used share of the database node's data volume, when the fault sets it. */
  dbDiskUsage: number | null;
}

export function healthyLevers(): Levers {
  return {
    trafficFactor: 1,
    passThrough: 1,
    latencyFactor: {},
    latencyAdd: {},
    errorAdd: {},
    cpuAdd: {},
    memoryAdd: {},
    restarts: {},
    oomKilled: {},
    redisUp: true,
    poolLeaked: 0,
    dbDiskUsage: null,
  };
}

export interface ScenarioLogRule {
  service: ServiceName;
  /** Lines per minute at the given minute since the fault began (0 or less: none). */
  perMinute: (minute: number) => number;
  level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Message templates; placeholders are filled by logs.ts. One is drawn per line. */
  messages: readonly string[];
}

export interface ScenarioChange {
  /** Minutes relative to the fault start (negative: before). */
  atMinute: number;
  service: ServiceName;
  kind: 'deploy' | 'config' | 'scale' | 'cronjob';
  title: string;
  version?: string;
}

export const scenarioIds = [
  'cpu-saturation',
  'memory-leak-oom',
  'bad-deploy',
  'db-pool-exhaustion',
  'slow-dependency',
  'cache-outage',
  'disk-full',
  'config-error',
  'noisy-neighbour',
  'traffic-surge',
  'certificate-expired',
  'control',
] as const;

export type ScenarioId = (typeof scenarioIds)[number];

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** What an on-call engineer would ask. */
  question: string;
  /** The injected root cause; `service: null` for the control scenario (nothing is wrong). */
  rootCause: { service: ServiceName | null; cause: string; signals: readonly SimSignalKind[] };
  /** Facts (lower-case keywords) a good answer must contain. */
  facts: readonly string[];
  /** Turns the levers at `minute` minutes since the fault began (only called for minute >= 0). */
  apply: (levers: Levers, minute: number) => void;
  logs: readonly ScenarioLogRule[];
  changes: readonly ScenarioChange[];
}

const MiB = 2 ** 20;
const ramp = (minute: number, over: number) => Math.min(1, Math.max(0, minute / over));
const from = (start: number, rate: number) => (minute: number) => (minute >= start ? rate : 0);

export const scenarios: Record<ScenarioId, Scenario> = {
  'cpu-saturation': {
    id: 'cpu-saturation',
    title: 'CPU saturation in payments',
    question: 'Why is checkout slow?',
    rootCause: { service: 'payments', cause: 'CPU saturation: a hot loop in fraud scoring pins the container at its CPU limit and it is throttled', signals: ['cpu', 'cpu_throttling'] },
    facts: ['payments', 'cpu', 'throttl'],
    apply: (l, m) => {
      l.cpuAdd.payments = 1.6 * ramp(m, 3);
    },
    logs: [
      { service: 'payments', perMinute: from(2, 6), level: 'warn', messages: ['fraud scoring took {ms} (budget 50ms) for payment {payid}', 'event loop lag {ms} exceeds threshold 100ms'] },
    ],
    changes: [],
  },
  'memory-leak-oom': {
    id: 'memory-leak-oom',
    title: 'Memory leak in orders ending in OOM kills',
    question: 'Why do orders requests fail now and then?',
    rootCause: { service: 'orders', cause: 'memory leak (unbounded in-process cache) grows the heap until the container is OOMKilled and restarts', signals: ['memory', 'oom_kills', 'restarts'] },
    facts: ['orders', 'memory', 'oom'],
    apply: (l, m) => {
      // Leaks ~20 MiB/min from the start; the 1 GiB limit is hit after ~20 minutes, then again after each restart.
      const period = 20;
      const sinceRestart = m % period;
      const restarts = Math.floor(m / period);
      l.memoryAdd.orders = sinceRestart * 20.5 * MiB;
      l.restarts.orders = restarts;
      l.oomKilled.orders = restarts > 0;
      // GC pressure near the limit slows requests; right after a restart, requests fail until it is ready.
      l.latencyFactor.orders = 1 + 1.5 * Math.max(0, sinceRestart / period - 0.7);
      if (restarts > 0 && sinceRestart < 1) l.errorAdd.orders = 0.5;
    },
    logs: [
      { service: 'orders', perMinute: (m) => (m % 20 > 14 ? 8 : 0), level: 'warn', messages: ['GC overhead: {pct}% of time spent in GC over the last {secs}', 'heap usage {mb}MB of 1024MB after full GC'] },
      { service: 'orders', perMinute: (m) => (m >= 20 && m % 20 < 1 ? 30 : 0), level: 'error', messages: ['java.lang.OutOfMemoryError: Java heap space', 'Container orders was OOMKilled (exit code 137), restarting'] },
    ],
    changes: [],
  },
  'bad-deploy': {
    id: 'bad-deploy',
    title: 'Bad deploy of orders causes an error spike',
    question: 'Why are checkouts failing?',
    rootCause: { service: 'orders', cause: 'deploy of orders v2.14.0 introduced a null-pointer bug in order pricing: 5xx errors since the deploy', signals: ['error_ratio'] },
    facts: ['orders', 'deploy', 'v2.14.0', 'error'],
    apply: (l, m) => {
      l.errorAdd.orders = 0.14 * ramp(m, 2);
    },
    logs: [
      {
        service: 'orders',
        perMinute: from(0, 40),
        level: 'error',
        messages: ['java.lang.NullPointerException: Cannot invoke "java.math.BigDecimal.multiply(java.math.BigDecimal)" because "price" is null at com.shop.orders.PricingService.total(PricingService.java:{line})'],
      },
    ],
    changes: [{ atMinute: -1, service: 'orders', kind: 'deploy', title: 'Deploy orders v2.14.0 (pricing refactor)', version: 'v2.14.0' }],
  },
  'db-pool-exhaustion': {
    id: 'db-pool-exhaustion',
    title: 'Database connection pool exhaustion in orders',
    question: 'Why is checkout slow and timing out?',
    rootCause: { service: 'orders', cause: 'connection leak exhausts the orders HikariCP pool (20/20 active); requests time out waiting for a connection', signals: ['pool_saturation'] },
    facts: ['orders', 'connection pool', 'hikari'],
    apply: (l, m) => {
      l.poolLeaked = Math.min(20, m * 1.2);
    },
    logs: [
      { service: 'orders', perMinute: (m) => (m >= 12 ? 25 : 0), level: 'error', messages: ['HikariPool-1 - Connection is not available, request timed out after 5000ms (total=20, active=20, idle=0, waiting={num})'] },
      { service: 'orders', perMinute: from(4, 2), level: 'warn', messages: ['Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex} on thread http-nio-8080-exec-{num}'] },
    ],
    changes: [],
  },
  'slow-dependency': {
    id: 'slow-dependency',
    title: 'Slow downstream dependency: the card acquirer behind payments',
    question: 'Why is checkout slow?',
    rootCause: { service: 'payments', cause: 'the external card acquirer API answers slowly (p99 ~2s), so payments latency rises and orders waits on it', signals: ['latency_p99', 'latency_p95', 'latency_p50'] },
    facts: ['payments', 'acquirer', 'latency'],
    apply: (l, m) => {
      l.latencyAdd.payments = 1.1 * ramp(m, 2);
    },
    logs: [
      { service: 'payments', perMinute: from(0, 12), level: 'warn', messages: ['acquirer call slow: POST https://api.acquirer.example/v2/charges took {ms}'] },
    ],
    changes: [],
  },
  'cache-outage': {
    id: 'cache-outage',
    title: 'Redis cache outage',
    question: 'Why did everything get slower?',
    rootCause: { service: 'redis', cause: 'redis is down (evicted pod, not ready); orders and auth fall back to the database after connection timeouts', signals: ['availability'] },
    facts: ['redis', 'cache', 'down'],
    apply: (l) => {
      l.redisUp = false;
    },
    logs: [
      { service: 'orders', perMinute: from(0, 30), level: 'error', messages: ['Redis connection failure: io.lettuce.core.RedisConnectionException: Unable to connect to redis:6379, falling back to database'] },
      { service: 'auth', perMinute: from(0, 15), level: 'error', messages: ['redis: dial tcp {ip}:6379: connect: connection refused'] },
      { service: 'redis', perMinute: (m) => (m < 1 ? 5 : 0), level: 'warn', messages: ['# Received SIGTERM scheduling shutdown...', '# Redis is now ready to exit, bye bye...'] },
    ],
    changes: [],
  },
  'disk-full': {
    id: 'disk-full',
    title: 'Database disk full',
    question: 'Why are orders failing to save?',
    rootCause: { service: 'postgres', cause: 'the postgres data volume filled up (WAL growth from a stuck replication slot); writes fail with No space left on device', signals: ['disk_usage'] },
    facts: ['postgres', 'disk', 'no space left'],
    apply: (l, m) => {
      l.dbDiskUsage = Math.min(0.999, 0.9 + 0.1 * ramp(m, 10));
      if (m >= 10) l.errorAdd.orders = 0.25;
      if (m >= 10) l.errorAdd.payments = 0.2;
    },
    logs: [
      { service: 'postgres', perMinute: (m) => (m >= 10 ? 20 : 0), level: 'error', messages: ['PANIC:  could not write to file "pg_wal/xlogtemp.{num}": No space left on device', 'ERROR:  could not extend file "base/16384/{num}": No space left on device'] },
      { service: 'postgres', perMinute: (m) => (m >= 0 && m < 10 ? 2 : 0), level: 'warn', messages: ['WARNING:  replication slot "replica_1" is retaining {num} MB of WAL'] },
      { service: 'orders', perMinute: (m) => (m >= 10 ? 15 : 0), level: 'error', messages: ['org.postgresql.util.PSQLException: ERROR: could not extend file: No space left on device'] },
    ],
    changes: [],
  },
  'config-error': {
    id: 'config-error',
    title: 'Configuration error in auth',
    question: 'Why can nobody log in?',
    rootCause: { service: 'auth', cause: 'a config change pointed JWKS_URL at a wrong host; auth cannot load signing keys and fails token requests', signals: ['error_ratio'] },
    facts: ['auth', 'config', 'jwks'],
    apply: (l) => {
      l.errorAdd.auth = 0.55;
    },
    logs: [
      { service: 'auth', perMinute: from(0, 40), level: 'error', messages: ['failed to load signing keys from https://keys.internal.example/.well-known/jwks.json: getaddrinfo ENOTFOUND keys.internal.example'] },
    ],
    changes: [{ atMinute: -1, service: 'auth', kind: 'config', title: 'ConfigMap auth-config updated: JWKS_URL changed' }],
  },
  'noisy-neighbour': {
    id: 'noisy-neighbour',
    title: 'Noisy neighbour on node-2',
    question: 'Why is checkout slow?',
    rootCause: { service: 'reporting', cause: 'an ad-hoc reporting backfill job on node-2 uses all of the node\'s CPU, starving orders and payments on the same node', signals: ['cpu'] },
    facts: ['reporting', 'node-2', 'cpu'],
    apply: (l, m) => {
      l.cpuAdd.reporting = 3.8 * ramp(m, 2);
    },
    logs: [
      { service: 'reporting', perMinute: from(0, 4), level: 'info', messages: ['backfill: processed partition {date} ({num} rows) in {secs}'] },
    ],
    changes: [{ atMinute: 0, service: 'reporting', kind: 'cronjob', title: 'Job reporting-backfill-manual created' }],
  },
  'traffic-surge': {
    id: 'traffic-surge',
    title: 'Traffic surge at the gateway',
    question: 'Why are users getting errors?',
    rootCause: { service: 'gateway', cause: 'a traffic surge (scraper bots, 4x normal) hits the gateway; rate limiting rejects part of it and the rest loads the backends', signals: ['throughput'] },
    facts: ['gateway', 'traffic', 'surge'],
    apply: (l, m) => {
      l.trafficFactor = 1 + 3.5 * ramp(m, 3);
      l.passThrough = 1 / (1 + 2 * ramp(m, 3));
    },
    logs: [
      { service: 'gateway', perMinute: from(1, 60), level: 'warn', messages: ['rate limit exceeded'] },
    ],
    changes: [],
  },
  'certificate-expired': {
    id: 'certificate-expired',
    title: 'Expired TLS certificate on the acquirer connection',
    question: 'Why are payments failing?',
    rootCause: { service: 'payments', cause: 'the client certificate for the card acquirer expired; TLS handshakes fail with x509 errors', signals: ['error_ratio'] },
    facts: ['payments', 'certificate', 'expired'],
    apply: (l) => {
      l.errorAdd.payments = 0.85;
    },
    logs: [
      { service: 'payments', perMinute: from(0, 45), level: 'error', messages: ['acquirer call failed: x509: certificate has expired or is not yet valid: current time {ts} is after 2024-06-03T13:59:59Z'] },
    ],
    changes: [],
  },
  control: {
    id: 'control',
    title: 'Control: nothing is wrong',
    question: 'Is checkout healthy?',
    rootCause: { service: null, cause: 'no fault injected: every signal is within its normal range', signals: [] },
    facts: ['no anomal'],
    apply: () => {},
    logs: [],
    changes: [],
  },
};
