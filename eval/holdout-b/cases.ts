import type { BlindCase } from '../tuning-set-b/case.js';
import { standardShape } from '../tuning-set-b/case.js';
import { emitRoutewise, onset, RW_SERVICES } from '../tuning-set-b/routewise.js';
import { emitTixly, rabbitLine, springLine, TX_SERVICES } from '../tuning-set-b/tixly.js';

const GiB = 1_073_741_824;
const exec = (rng: { int(a: number, b: number): number }) => `http-nio-8080-exec-${rng.int(1, 60)}`;

/**
 * The held-out incidents of the tuning-set-b systems: one third of each
 * system's cases, chosen when the corpus was written, before any engine run.
 * Never tune on these (see README.md).
 */
export const holdoutBCases: BlindCase[] = [
  {
    id: 'rw-mongodb-ebs-burst-slow',
    system: 'routewise',
    title: 'API slow, no errors',
    question:
      'Shipment and tracking calls are 5-10x slower than usual since ~30 minutes, without errors. What is slowing us down?',
    expected: { service: 'mongodb', causes: ['slow_dependency', 'disk'] },
    fault:
      "the primary's EBS gp2 volume runs out of burst credits: its data disk is 100 % busy, iowait climbs, every operation ~30x slower (opLatencies, slow-query log, global lock queue); shipment, tracking and accounts slow down with it",
    facts: ['mongodb', 'slow query', 'disk', 'iowait'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = onset(f, 180);
      emitRoutewise(b, {
        mongoDiskBusy: (t) => 0.08 + 0.91 * on(t),
        effects: { slow: { mongodb: (t) => 1 + 30 * on(t) } },
      });
    },
  },
  {
    id: 'rw-shipment-cpu-throttled',
    system: 'routewise',
    title: 'Creating shipments crawls',
    question:
      'A big customer says creating shipments takes seconds instead of milliseconds since half an hour. Others notice too. Why?',
    expected: { service: 'shipment', causes: ['cpu'] },
    fault:
      "a customer's bulk upload of 40-parcel manifests makes shipment's address normalisation (regexp-heavy) want ~2.6 cores per pod against its 1-core limit: CFS throttling ~90 %, shipment ~8x slower; request rates barely change",
    facts: ['shipment', 'throttl', 'cpu limit', 'createshipment'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = onset(f, 120);
      emitRoutewise(b, {
        extraCpu: { shipment: (t) => 1.6 * on(t) },
        effects: {
          slow: { shipment: (t) => 1 + 7 * on(t) },
          load: { 'api-gateway': (t) => 1 + 0.08 * on(t) },
        },
      });
    },
  },
  {
    id: 'rw-accounts-token-cache-dns',
    system: 'routewise',
    title: 'Everybody gets 401',
    question:
      'Since about half an hour every API client gets 401 Unauthorized, even with keys that worked this morning. Who broke auth?',
    expected: { service: 'accounts', causes: ['dns', 'config'] },
    fault:
      'a Consul KV edit points accounts at a token-cache host that does not exist (memcached-tokens.routewise.svc.cluster.local); the lookup fails (no such host) and accounts treats a cache error as an invalid token: ~94 % of ValidateToken answer Unauthenticated, the gateway answers 401',
    facts: ['accounts', 'no such host', 'consul', 'unauthenticated'],
    services: RW_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = onset(f, 20);
      const dns =
        'dial tcp: lookup memcached-tokens.routewise.svc.cluster.local on 172.20.0.10:53: no such host';
      emitRoutewise(b, {
        effects: { errors: { accounts: (t) => 0.94 * on(t) } },
        codes: { accounts: 'Unauthenticated' },
        failingMethods: { accounts: ['ValidateToken'] },
        errorText: {
          accounts: () =>
            `rpc error: code = Unauthenticated desc = token validation failed: ${dns}`,
        },
        logs: [
          {
            app: 'accounts',
            perMinute: (t) => 300 * on(t),
            level: 'warn',
            msg: () => 'token cache lookup failed',
            fields: () => ({ error: dns, component: 'tokencache' }),
          },
          {
            app: 'consul',
            perMinute: () => 0.3,
            level: 'info',
            msg: (rng, t) =>
              `${new Date(Math.floor(t * 1000)).toISOString()} [INFO]  agent: Synced check: check=service:rates-${rng.hex(5)}`,
          },
        ],
        logsAt: [0, 1].map((i) => ({
          app: 'accounts' as const,
          podIndex: i,
          at: f - 5 + i,
          line: JSON.stringify({
            key: 'config/accounts/token_cache_addr',
            level: 'info',
            msg: 'configuration reloaded from consul',
            token_cache_addr: 'memcached-tokens.routewise.svc.cluster.local:11211',
            time: new Date((f - 5 + i) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
          }),
        })),
      });
    },
  },
  {
    id: 'tx-mysql-oomkilled',
    system: 'tixly',
    title: 'Site down for a minute, twice',
    question:
      'The whole site errored for about a minute, twice in the last half hour (everything 500). It is up now. What happened?',
    expected: { service: 'mysql', causes: ['memory'] },
    fault:
      'ad-hoc reporting queries with large per-connection sort/join buffers push mysqld over its 6 GiB container limit: OOMKilled three times; each crash-recovery takes ~70 s, during which every service fails with CommunicationsException / HikariCP timeouts',
    facts: ['mysql', 'oomkilled', 'memory limit', 'crash recovery'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const kills = [f, f + 720, f + 1380];
      const comms =
        'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\nThe last packet successfully received from the server was 1,203 milliseconds ago. The last packet sent successfully to the server was 0 milliseconds ago.\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:175)\n\tat com.zaxxer.hikari.pool.ProxyConnection.prepareStatement(ProxyConnection.java:327)';
      const downs = (t: number) => kills.some((k) => t >= k && t < k + 70);
      emitTixly(b, {
        restarts: { mysql: { at: kills, reason: 'OOMKilled', downSeconds: 70 } },
        mysqlMemory: (t) => {
          const last = [f - 1200, ...kills].filter((k) => k <= t).at(-1);
          if (last === undefined) return 4.6 * GiB;
          return Math.min(5.98 * GiB, 4.6 * GiB + (t - last) * 0.0035 * GiB);
        },
        failure: {
          'catalog-service': { status: '500', exception: 'JDBCConnectionException' },
          'order-service': { status: '500', exception: 'CannotCreateTransactionException' },
          'payment-service': { status: '500', exception: 'CannotCreateTransactionException' },
        },
        logs: (['catalog-service', 'order-service', 'payment-service'] as const).map((app) => ({
          app,
          perMinute: (t: number) => (downs(t) ? 200 : 0),
          line: (t: number, rng: { int(a: number, b: number): number; next(): number }) =>
            rng.next() < 0.5
              ? springLine(
                  t,
                  'WARN',
                  app,
                  exec(rng),
                  'com.zaxxer.hikari.pool.PoolBase',
                  `HikariPool-1 - Failed to validate connection com.mysql.cj.jdbc.ConnectionImpl@${rng.int(100000, 999999).toString(16)} (No operations allowed after connection closed.). Possibly consider using a shorter maxLifetime value.`,
                )
              : springLine(
                  t,
                  'ERROR',
                  app,
                  exec(rng),
                  'org.hibernate.engine.jdbc.spi.SqlExceptionHelper',
                  `Communications link failure\n${comms}`,
                ),
        })),
      });
    },
  },
  {
    id: 'tx-rabbitmq-disk-alarm',
    system: 'tixly',
    title: 'Checkout times out',
    question:
      'Orders cannot be placed, checkout times out after 10 seconds. Browsing is fine. What is blocking checkout?',
    expected: { service: 'rabbitmq', causes: ['disk'] },
    fault:
      "a retry loop republishes large ticket PDFs to ticket.render.retry; the broker's 20 GiB volume falls below the 2 GiB disk free limit, the disk alarm blocks every publisher; order-service's publish of order.created blocks until its confirm times out, checkout fails",
    facts: ['rabbitmq', 'disk', 'alarm', 'publishers will be blocked'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const free = (t: number) =>
        t < f - 2400
          ? 14.2 * GiB - (t - b.timeline.start) * 50
          : Math.max(1.9 * GiB, 14.1 * GiB - ((t - f + 2400) / 2400) * 12.2 * GiB);
      emitTixly(b, {
        rabbitDiskFree: free,
        publishBlocked: (t) => (free(t) < 2 * GiB ? 1 : 0),
        extraQueue: {
          queue: 'ticket.render.retry',
          ready: (t) => (t < f - 2400 ? 40 : 40 + (t - f + 2400) * 6.2),
          published: (t) => (t < f - 2400 ? 0.1 : 6.3),
        },
        effects: { failLatencyMs: { rabbitmq: (t) => (t >= f ? 5000 : 1.2) } },
        failure: { 'order-service': { status: '500', exception: 'AmqpTimeoutException' } },
        logs: [
          {
            app: 'order-service',
            perMinute: (t) => (free(t) < 2 * GiB ? 50 : 0),
            line: (t, rng) =>
              springLine(
                t,
                'ERROR',
                'order-service',
                exec(rng),
                'com.tixly.order.events.OrderEventPublisher',
                `Could not publish order.created for ord_${rng.hex(12)}\norg.springframework.amqp.AmqpTimeoutException: java.util.concurrent.TimeoutException\n\tat org.springframework.amqp.rabbit.support.RabbitExceptionTranslator.convertRabbitAccessException(RabbitExceptionTranslator.java:76)\n\tat org.springframework.amqp.rabbit.core.RabbitTemplate.waitForConfirmsOrDie(RabbitTemplate.java:2369)\n\tat com.tixly.order.events.OrderEventPublisher.publish(OrderEventPublisher.java:39)`,
              ),
          },
        ],
        logsAt: [
          {
            app: 'rabbitmq',
            at: f,
            line: rabbitLine(
              f,
              'warning',
              '0.467.0',
              `Free disk space is insufficient. Free bytes: ${Math.round(1.98 * GiB)}. Limit: ${2 * GiB}`,
            ),
          },
          {
            app: 'rabbitmq',
            at: f + 0.01,
            line: rabbitLine(
              f + 0.01,
              'warning',
              '0.463.0',
              "disk resource limit alarm set on node 'rabbit@rabbitmq-0.rabbitmq-headless.tixly.svc.cluster.local'.",
            ),
          },
          {
            app: 'rabbitmq',
            at: f + 0.02,
            line: rabbitLine(
              f + 0.02,
              'warning',
              '0.463.0',
              '\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************\n',
            ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-catalog-cpu-throttled',
    system: 'tixly',
    title: 'On-sale: seat maps crawl',
    question:
      'The stadium tour went on sale 30 min ago and seat maps take forever to load. Is this just load or something broken?',
    expected: { service: 'catalog-service', causes: ['cpu', 'traffic'] },
    fault:
      "an on-sale brings 1.9x the usual traffic; catalog-service's seat-map rendering wants ~3 cores per pod against its 1.5-core limit: CFS throttling ~90 %, catalog ~7x slower; nothing errors",
    facts: ['catalog-service', 'throttl', 'cpu', 'seatmap'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = (t: number) => (t < f ? 0 : Math.min(1, (t - f) / 120));
      emitTixly(b, {
        effects: {
          load: { 'storefront-api': (t) => 1 + 0.9 * on(t) },
          slow: { 'catalog-service': (t) => 1 + 6 * on(t) },
        },
        extraCpu: { 'catalog-service': (t) => 1.8 * on(t) },
      });
    },
  },
];
