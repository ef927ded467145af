import type { EvalService } from '../eval-case.js';
import { ramp } from './builder.js';
import type { IndependentCase } from './case.js';
import type { Curve } from './flow.js';
import { generateSockShop, type SockFault } from './sock-shop.js';
import type { TelemetryShape } from './telemetry.js';

/*
 * Fault types of RCA benchmarks (RCAEval, Train Ticket / Sock Shop chaos
 * experiments: CPU hog, memory leak, disk fill, network delay, packet loss,
 * socket exhaustion, code-level exception after a deploy, dependency down,
 * connection-pool and connection-limit failures, traffic surge) on the
 * Sock Shop style system, plus its two controls.
 */

const svc = (
  name: string,
  description: string,
  aliases: string[],
  labelMatchers: EvalService['labelMatchers'] = {},
): EvalService => ({ name, description, aliases, labelMatchers });

/** The shop's services as its team declared them: matchers of every convention, some none. */
export const sockWorkspaceServices: readonly EvalService[] = [
  svc('front-end', 'Node.js web front end of the sock shop', ['frontend', 'web', 'website'], {
    loki: { app: 'front-end' },
    prometheus: { job: 'sock-shop/front-end' },
  }),
  svc('catalogue', 'Sock catalogue API (Go, gRPC)', ['catalog'], {
    loki: { app: 'catalogue' },
    prometheus: { app: 'catalogue' },
  }),
  svc('user', 'Customer accounts and login (Go)', ['accounts', 'login'], { loki: { app: 'user' } }),
  svc('payment', 'Authorises card payments (Go)', ['payments'], {
    loki: { app: 'payment' },
    prometheus: { app: 'payment' },
  }),
  svc('carts', 'Shopping carts (Spring Boot)', ['cart', 'basket'], {
    loki: { app: 'carts' },
    prometheus: { application: 'carts' },
  }),
  svc(
    'orders',
    'Creates orders: calls user, carts, payment, shipping (Spring Boot)',
    ['checkout'],
    {
      loki: { app: 'orders' },
      prometheus: { job: 'orders' },
    },
  ),
  svc('shipping', 'Books shipments (Spring Boot)', [], {
    loki: { app: 'shipping' },
    prometheus: { job: 'shipping' },
  }),
  svc('reviews', 'Product reviews API (Python, Flask + SQLAlchemy)', [], {
    loki: { container: 'reviews' },
    prometheus: { job: 'reviews' },
  }),
  svc('session-db', 'Redis holding front-end sessions', ['sessions', 'redis']),
  svc('catalogue-db', 'MySQL for the catalogue', ['mysql']),
  svc('user-db', 'MongoDB for customer accounts', [], {
    prometheus: { instance: 'user-db.sock-shop.svc:9216' },
  }),
  svc('carts-db', 'MongoDB for carts', []),
  svc('orders-db', 'PostgreSQL for orders, on the VM pg-orders-01', ['orders database'], {
    prometheus: { service: 'orders-db' },
  }),
  svc('shipping-db', 'PostgreSQL for shipping', [], { loki: { app: 'shipping-db' } }),
  svc('reviews-db', 'PostgreSQL for reviews', []),
  svc('rabbitmq', 'Message queue between shipping and queue-master', ['queue', 'rabbit']),
  svc(
    'stock',
    'Inventory API used by the warehouse system (Node.js, node-postgres)',
    ['inventory'],
    {
      loki: { app: 'stock' },
      prometheus: { job: 'sock-shop/stock' },
    },
  ),
  svc('stock-db', 'PostgreSQL for stock levels', []),
];

const SHAPE: TelemetryShape = { step: 30, historyMinutes: 100 };
const on =
  (from: number, rampSeconds = 0) =>
  (t: number) =>
    ramp(t, from, rampSeconds);
const when =
  <T>(from: number, value: T) =>
  (t: number) =>
    t >= from ? value : null;
const within = (windows: Array<[number, number]>, value: number) => (t: number) =>
  windows.some(([a, b]) => t >= a && t < b) ? value : 0;

function sockCase(
  c: Omit<IndependentCase, 'system' | 'services' | 'shape' | 'generate'> & {
    fault: (faultStart: number) => SockFault;
    shape?: TelemetryShape;
  },
): IndependentCase {
  return {
    id: c.id,
    system: 'sock-shop',
    title: c.title,
    question: c.question,
    expected: c.expected,
    facts: c.facts,
    services: sockWorkspaceServices,
    shape: c.shape ?? SHAPE,
    generate: (b, faultStart) => generateSockShop(b, c.fault(faultStart)),
  };
}

const springError = (exception: string) =>
  `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: ${exception}] with root cause`;
const POST_ORDERS_SHARE = 0.4;
const hikariTimeout =
  'HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=12)';

/** Carts containers OOM-killed, twice each, after a leak that began 10 minutes before the fault window. */
function cartsRestarts(F: number) {
  return [
    { pod: 0, at: F + 360, reason: 'OOMKilled' as const },
    { pod: 1, at: F + 540, reason: 'OOMKilled' as const },
    { pod: 0, at: F + 1320, reason: 'OOMKilled' as const },
    { pod: 1, at: F + 1500, reason: 'OOMKilled' as const },
  ];
}

export const sockCases: readonly IndependentCase[] = [
  sockCase({
    id: 'sock-catalogue-cpu-hog',
    title: 'CPU hog in the catalogue pods (stress-ng)',
    question: 'Browsing socks on the shop has been really slow for about half an hour.',
    expected: { service: 'catalogue', causes: ['cpu'] },
    facts: ['catalogue', 'cpu', 'throttl'],
    fault: (F) => ({
      effects: { slow: { catalogue: (t) => 1 + 25 * on(F, 60)(t) } },
      extraCpu: { catalogue: (t) => 0.4 * on(F, 60)(t) },
    }),
  }),
  sockCase({
    id: 'sock-carts-memory-leak',
    title: 'Memory leak in carts: containers OOM-killed',
    question: 'Customers say their basket sometimes errors out or comes back empty.',
    expected: { service: 'carts', causes: ['memory'] },
    facts: ['carts', 'oomkilled', 'memory'],
    fault: (F) => {
      const restarts = cartsRestarts(F);
      const restarting = within(
        restarts.map((r) => [r.at, r.at + 45]),
        0.5,
      );
      return {
        // While one of the two pods restarts, half the connections to carts are refused:
        // the killed container itself writes nothing.
        effects: {
          errorsCalling: {
            'front-end': { carts: restarting },
            orders: { carts: restarting },
          },
        },
        extraMemory: {
          carts: (t, since) =>
            t < F - 600 ? 0 : Math.min(since, t - (F - 600)) * 0.17 * 1024 * 1024,
        },
        restarts: { carts: restarts },
        errorLine: {
          'front-end': (t) =>
            restarts.some((r) => t >= r.at && t < r.at + 45)
              ? { msg: 'Error: connect ECONNREFUSED 10.96.0.124:80' }
              : null,
          orders: (t) =>
            restarting(t) > 0
              ? {
                  msg: springError(
                    'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://carts/carts/57a98d98e4b00679b4a830b2/items": Connection refused',
                  ),
                }
              : null,
        },
      };
    },
  }),
  sockCase({
    id: 'sock-orders-db-disk-full',
    title: 'The orders database volume fills up',
    question: 'Orders are failing to go through, customers get an error at checkout.',
    expected: { service: 'orders-db', causes: ['disk'] },
    facts: ['orders-db', 'no space left', 'disk'],
    fault: (F) => ({
      effects: { errors: { orders: (t) => POST_ORDERS_SHARE * 0.95 * on(F)(t) } },
      routeErrors: { orders: { '/orders': (t) => 0.95 * on(F)(t) } },
      diskAvailBytes: {
        'orders-db': (t) => (t >= F ? 4096 * 12 : 58e9 * Math.min(1, (F - t) / 2400)),
      },
      errorLine: {
        orders: when(F, {
          msg: `${springError('org.springframework.dao.DataAccessResourceFailureException: could not execute statement')}\norg.postgresql.util.PSQLException: ERROR: could not extend file "base/16384/24611": No space left on device\n  Hint: Check free disk space.`,
        }),
        'front-end': when(F, {
          msg: 'Error creating order: {"timestamp":1733580000000,"status":500,"error":"Internal Server Error","path":"/orders"}',
        }),
      },
    }),
  }),
  sockCase({
    id: 'sock-payment-network-delay',
    title: 'Network delay on the payment pods (tc netem delay 1200ms)',
    question: 'Checkout got really slow, placing an order takes several seconds now.',
    expected: { service: 'payment', causes: ['network', 'slow_dependency'] },
    facts: ['payment', 'latency'],
    fault: (F) => ({
      effects: { networkDelayMs: { payment: (t) => 1200 * on(F)(t) } },
      probeDelay: { payment: (t) => 1.2 * on(F)(t) },
    }),
  }),
  sockCase({
    id: 'sock-user-packet-loss',
    title: 'Packet loss on the user pods (tc netem loss 35%)',
    question: 'Logins and account pages fail randomly for users, maybe one in ten.',
    expected: { service: 'user', causes: ['network'] },
    facts: ['user', 'retransmi', 'packet'],
    fault: (F) => ({
      effects: { packetLoss: { user: (t) => 0.35 * on(F)(t) } },
      retransmits: { user: (t) => 45 * on(F)(t) },
      probeFailure: { user: (t) => 0.15 * on(F)(t) },
      probeDelay: { user: (t) => 0.6 * on(F)(t) },
      errorLine: {
        'front-end': (t, rng) =>
          t >= F
            ? {
                msg: rng.pick([
                  'Error: connect ETIMEDOUT 10.96.0.122:80',
                  'Error: read ECONNRESET',
                  'Error: socket hang up',
                ]),
              }
            : null,
        orders: when(F, {
          msg: springError(
            'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://user/customers/57a98d98e4b00679b4a830af": Read timed out',
          ),
        }),
      },
    }),
  }),
  sockCase({
    id: 'sock-front-end-socket-exhaustion',
    title: 'front-end leaks sockets until it runs out of file descriptors',
    question: 'The shop returns errors on most pages right now.',
    expected: { service: 'front-end', causes: ['connections'] },
    facts: ['front-end', 'emfile', 'file descriptors'],
    fault: (F) => {
      const blocked: Curve = (t) => 0.6 * on(F)(t);
      return {
        effects: {
          errorsCalling: {
            'front-end': Object.fromEntries(
              ['session-db', 'catalogue', 'user', 'carts', 'orders', 'reviews'].map((d) => [
                d,
                blocked,
              ]),
            ),
          },
        },
        openFds: {
          'front-end': (t) =>
            t >= F ? 1024 : t < F - 900 ? 55 : 55 + ((t - (F - 900)) / 900) * 969,
        },
        errorLine: {
          'front-end': (t, rng) =>
            t >= F
              ? {
                  msg: rng.pick([
                    'Error: connect EMFILE 10.96.0.121:80 - Local (undefined:undefined)',
                    "Error: EMFILE: too many open files, open '/usr/src/app/public/index.html'",
                    'Error: getaddrinfo EMFILE user',
                  ]),
                }
              : null,
        },
      };
    },
  }),
  sockCase({
    id: 'sock-orders-bad-deploy',
    title: 'orders 0.4.8 throws IllegalStateException on new orders',
    question: 'About half of the orders fail with a server error. What changed?',
    expected: { service: 'orders', causes: ['deploy', 'exception', 'code_error'] },
    facts: ['orders', '0.4.8', 'illegalstateexception'],
    fault: (F) => ({
      effects: { errors: { orders: (t) => POST_ORDERS_SHARE * 0.45 * on(F - 45)(t) } },
      routeErrors: { orders: { '/orders': (t) => 0.45 * on(F - 45)(t) } },
      rollout: { orders: { at: F - 60, version: '0.4.8' } },
      errorLine: {
        orders: when(F - 45, {
          msg: `${springError('java.lang.IllegalStateException: Unexpected value: PAYMENT_PENDING')}\njava.lang.IllegalStateException: Unexpected value: PAYMENT_PENDING\n\tat works.weave.socks.orders.controllers.OrdersController.newOrder(OrdersController.java:142)`,
        }),
        'front-end': when(F - 45, {
          msg: 'Error creating order: {"status":500,"error":"Internal Server Error","path":"/orders"}',
        }),
      },
    }),
  }),
  // Added with the GitHub App (issue 11), after the held-out set was fixed, so never held out:
  // the only sign of the deploy is the GitHub deployment (no version label, no restart, no
  // start-up line), so without GitHub the right answer is out of reach.
  {
    ...sockCase({
      id: 'sock-carts-deploy-seen-on-github',
      title: 'A carts deploy (PR #118) throws NullPointerException when items are added',
      question: 'Adding socks to the basket fails for a lot of people since a few minutes. Why?',
      expected: { service: 'carts', causes: ['deploy'] },
      facts: ['carts', 'pr #118', 'nullpointerexception'],
      fault: (F) => ({
        effects: { errors: { carts: (t) => 0.25 * 0.6 * on(F)(t) } },
        routeErrors: { carts: { '/carts/{customerId}/items': (t) => 0.6 * on(F)(t) } },
        errorLine: {
          carts: when(F, {
            msg: `${springError('java.lang.NullPointerException: Cannot invoke "works.weave.socks.cart.entities.Item.quantity()" because "match" is null')}\njava.lang.NullPointerException: Cannot invoke "works.weave.socks.cart.entities.Item.quantity()" because "match" is null\n\tat works.weave.socks.cart.item.FoundItem.get(FoundItem.java:31)`,
          }),
          'front-end': when(F, {
            msg: 'Error: Request failed with status code 500 (POST http://carts/carts/57a98d98e4b00679b4a830b2/items)',
          }),
        },
      }),
    }),
    github: {
      repository: 'microservices-demo/carts',
      sha: '4be1c0de8a2f7e3b9c6d5a4f3e2d1c0b9a8f7e6d',
      author: 'mhausenblas',
      pullRequest: { number: 118, title: 'Merge identical items when adding to a cart' },
      environment: 'production',
      secondsBeforeFault: 90,
    },
  },
  sockCase({
    id: 'sock-user-db-down',
    title: 'The user database (MongoDB) crash-loops',
    question: 'Nobody can log in to the shop.',
    expected: { service: 'user-db', causes: ['unavailable'] },
    facts: ['user-db', 'mongodb', '27017'],
    fault: (F) => ({
      effects: {
        unreachable: { 'user-db': on(F) },
        failLatencyMs: { 'user-db': () => 30_000 },
      },
      down: { 'user-db': on(F) },
      restarts: {
        'user-db': [F + 40, F + 130, F + 300, F + 620, F + 1250].map((at) => ({
          pod: 0,
          at,
          reason: 'Error' as const,
        })),
      },
      errorLine: {
        user: when(F, {
          msg: 'err="server selection error: server selection timeout, current topology: { Type: Unknown, Servers: [{ Addr: 10.96.0.132:27017, Type: Unknown, Last error: dial tcp 10.96.0.132:27017: connect: connection refused }, ] }"',
        }),
        'front-end': when(F, {
          msg: 'Error: Request failed with status code 500 (GET http://user/login)',
        }),
      },
    }),
  }),
  sockCase({
    id: 'sock-session-db-down',
    title: 'The session store (Redis) is down',
    question: 'Users keep getting logged out and their carts look empty.',
    expected: { service: 'session-db', causes: ['unavailable'] },
    facts: ['session-db', 'redis', '6379'],
    fault: (F) => ({
      effects: {
        unreachable: { 'session-db': on(F) },
        failLatencyMs: { 'session-db': () => 4 },
      },
      down: { 'session-db': on(F) },
      errorLine: {
        'front-end': when(F, {
          msg: 'Error: connect ECONNREFUSED 10.96.0.130:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
        }),
      },
      extraLogs: [
        {
          service: 'front-end',
          perMinute: (t) => (t >= F ? 30 : 0),
          line: () => ({
            level: 'error',
            msg: '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 10.96.0.130:6379',
          }),
        },
      ],
    }),
  }),
  sockCase({
    id: 'sock-reviews-pool-exhaustion',
    title: 'reviews exhausts its SQLAlchemy connection pool (connections never returned)',
    question: 'Product pages hang for a long time before they load.',
    expected: { service: 'reviews', causes: ['pool'] },
    facts: ['reviews', 'queuepool'],
    fault: (F) => ({
      effects: {
        errors: { reviews: (t) => 0.7 * on(F, 120)(t) },
        slow: { reviews: (t) => 1 + 3300 * on(F, 120)(t) },
      },
      dbConnections: { 'reviews-db': (t) => 6 + 24 * on(F, 120)(t) },
      errorLine: {
        reviews: when(F, {
          msg: 'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)',
        }),
      },
    }),
  }),
  sockCase({
    id: 'sock-shipping-db-max-connections',
    title: 'shipping-db restarted with max_connections lowered to 20',
    question: 'Orders go through but shipping confirmations fail for about half of them.',
    expected: { service: 'shipping-db', causes: ['connections', 'config'] },
    facts: ['shipping-db', 'max_connections', 'too many clients'],
    fault: (F) => ({
      effects: { errors: { shipping: (t) => 0.5 * on(F - 100)(t) } },
      down: { 'shipping-db': (t) => (t >= F - 120 && t < F - 100 ? 1 : 0) },
      dbStartedAt: { 'shipping-db': F - 100 },
      maxConnections: { 'shipping-db': (t) => (t >= F - 120 ? 20 : 200) },
      dbConnections: { 'shipping-db': (t) => (t >= F - 100 ? 24 : 9) },
      hikari: {
        shipping: {
          active: (t) => (t >= F - 100 ? 10 : 2),
          pending: (t) => (t >= F - 100 ? 6 : 0),
          timeouts: (t) => (t >= F - 100 ? 0.15 : 0),
        },
      },
      errorLine: {
        shipping: (t, rng) =>
          t >= F - 100
            ? {
                msg:
                  rng.next() < 0.5
                    ? hikariTimeout
                    : 'org.postgresql.util.PSQLException: FATAL: sorry, too many clients already',
              }
            : null,
      },
      extraLogs: [
        {
          service: 'shipping-db',
          perMinute: (t) => (t >= F - 100 ? 20 : 0),
          line: () => ({ level: 'fatal', msg: 'sorry, too many clients already' }),
        },
        {
          service: 'shipping-db',
          perMinute: (t) => (t >= F - 120 && t < F - 90 ? 40 : 0),
          line: (t, rng) => ({
            level: 'info',
            msg:
              t < F - 100
                ? rng.pick(['received fast shutdown request', 'database system is shut down'])
                : rng.pick([
                    'starting PostgreSQL 16.2 on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit',
                    'database system is ready to accept connections',
                  ]),
          }),
        },
      ],
    }),
  }),
  sockCase({
    id: 'sock-traffic-surge',
    title: 'A marketing e-mail sends four times the usual traffic to the shop',
    question: 'Everything is slower and we see scattered errors across the shop.',
    expected: { service: 'front-end', causes: ['traffic'] },
    facts: ['traffic', 'front-end'],
    shape: { ...SHAPE, yesterday: true },
    fault: (F) => ({
      effects: {
        load: { 'front-end': (t) => 1 + 3 * on(F, 180)(t) },
        slow: { 'front-end': (t) => 1 + 1.5 * on(F, 180)(t), orders: (t) => 1 + 2 * on(F, 180)(t) },
        errors: { 'front-end': (t) => 0.02 * on(F, 180)(t), orders: (t) => 0.03 * on(F, 180)(t) },
      },
      hikari: {
        orders: {
          active: (t) => (t >= F + 120 ? 10 : 2),
          pending: (t) => (t >= F + 120 ? 4 : 0),
          timeouts: (t) => (t >= F + 120 ? 0.04 : 0),
        },
      },
      errorLine: {
        orders: when(F + 120, {
          msg: `${springError('org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection')}\njava.sql.SQLTransientConnectionException: ${hikariTimeout}`,
        }),
        'front-end': when(F, { msg: 'Error: Request failed with status code 503' }),
      },
    }),
  }),
  // Added after the held-out list was fixed (so never held out): the node-postgres wording.
  sockCase({
    id: 'sock-stock-pool-leak',
    title: 'stock leaks node-postgres clients on an error path until its pool is empty',
    question: 'The warehouse team says stock syncs have been failing for a while now.',
    expected: { service: 'stock', causes: ['pool'] },
    facts: ['stock', 'timeout exceeded when trying to connect'],
    fault: (F) => ({
      // Leaked clients hold their transactions open; once the pool's 10 are gone, every
      // request waits connectionTimeoutMillis (5 s) and fails.
      effects: {
        errors: { stock: (t) => 0.85 * on(F, 60)(t) },
        slow: { stock: (t) => 1 + 1250 * on(F, 60)(t) },
      },
      dbConnections: { 'stock-db': (t) => 6 + 10 * on(F - 900, 900)(t) },
      errorLine: {
        stock: when(F, {
          msg: 'Error: timeout exceeded when trying to connect\n    at Timeout._onTimeout (/usr/src/app/node_modules/pg-pool/index.js:45:11)\n    at listOnTimeout (node:internal/timers:573:17)',
        }),
      },
    }),
  }),
  // Controls: something changes, nothing is wrong.
  sockCase({
    id: 'control-harmless-deploy',
    title: 'Control: catalogue 0.3.6 rolled out, nothing breaks',
    question: 'We deployed this afternoon. Is anything wrong with the shop right now?',
    expected: { service: null, causes: [] },
    facts: [],
    fault: (F) => ({ effects: {}, rollout: { catalogue: { at: F + 300, version: '0.3.6' } } }),
  }),
  sockCase({
    id: 'control-daily-peak',
    title: 'Control: the evening peak, same as every day',
    question: 'Traffic on the shop is way above normal right now. Should we worry?',
    expected: { service: null, causes: [] },
    facts: [],
    // The same time yesterday (the same peak) is there to compare with.
    shape: {
      step: 30,
      historyMinutes: 100,
      yesterday: true,
      diurnal: (faultStart) => ({
        amplitude: 0.25,
        peakSecondOfDay: (faultStart + 20 * 60) % 86_400,
        rush: { size: 0.9, widthSeconds: 1500 },
      }),
    },
    fault: () => ({ effects: {} }),
  }),
];
