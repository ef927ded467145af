import { ramp } from '../independent/builder.js';
import type { Rng } from '../independent/random.js';
import type { HoldoutCase } from './case.js';
import { GIB } from './kit.js';
import { generateTrain, trainServices, type TrainFault } from './train.js';

const shape = { step: 30, historyMinutes: 100 } as const;

function trainCase(
  c: Omit<HoldoutCase, 'system' | 'services' | 'shape' | 'generate'> & {
    fault: (F: number) => TrainFault;
    shape?: HoldoutCase['shape'];
  },
): HoldoutCase {
  const { fault, ...rest } = c;
  return {
    system: 'train-ticket',
    services: trainServices,
    shape: c.shape ?? shape,
    ...rest,
    generate: (b, F) => generateTrain(b, F, fault(F)),
  };
}

const after =
  (F: number, v: number, rampSeconds = 0) =>
  (t: number) =>
    v * ramp(t, F, rampSeconds);
const frames = (lines: string[]) => lines.map((l) => `\n\tat ${l}`).join('');
const springWeb = frames([
  'org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)',
  'org.springframework.web.servlet.FrameworkServlet.doPost(FrameworkServlet.java:909)',
  'javax.servlet.http.HttpServlet.service(HttpServlet.java:681)',
  'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:227)',
]);

/** A caller's log of a 500 from another Train Ticket service (RestTemplate). */
const relayed = (path: string) => (r: Rng, t: number) =>
  `[${path.split('/')[3]}] call failed: org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 : [{"timestamp":"${new Date(t * 1000).toISOString().replace('Z', '+00:00')}","status":500,"error":"Internal Server Error","path":"${path}"}]` +
  frames([
    'org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:100)',
    'org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:188)',
    'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:785)',
    `org.springframework.web.client.RestTemplate.exchange(RestTemplate.java:${r.int(640, 680)})`,
  ]);

export const trainCases: HoldoutCase[] = [
  trainCase({
    id: 'train-order-mysql-disk-full',
    title: "Disk full on the order database's VM",
    source: 'RCA benchmarks / incident catalogues: disk full on a database host',
    question:
      'Nobody can book a ticket or pay since ~30 min, searching still works. What is wrong?',
    expected: { service: 'ts-order-mysql', causes: ['disk'] },
    facts: ['ts-order-mysql', 'disk', 'no space left'],
    fault: (F) => ({
      // A general query log switched on fills /var/lib/mysql from 14 GiB free to nothing in 25 minutes.
      orderDbDiskFree: (t) =>
        t < F - 25 * 60
          ? 14.1 * GIB - (t - (F - 125 * 60)) * 700
          : Math.max(0, 14 * GIB * (1 - (t - (F - 25 * 60)) / (25 * 60))),
      effects: {
        errors: { 'ts-order-mysql|insert': after(F, 1), 'ts-order-mysql|update': after(F, 1) },
        failLatencyMs: { 'ts-order-mysql|insert': () => 4, 'ts-order-mysql|update': () => 4 },
      },
      ownException: { 'ts-order-service': 'DataAccessResourceFailureException' },
      logs: [
        {
          service: 'ts-order-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 40 : 0),
          logger: 'o.h.engine.jdbc.spi.SqlExceptionHelper',
          message: (r) =>
            r.next() < 0.5 ? "The table 'orders' is full" : 'SQL Error: 1114, SQLState: HY000',
        },
        {
          service: 'ts-order-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 20 : 0),
          logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
          message: () =>
            "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is org.springframework.dao.DataAccessResourceFailureException: could not execute statement; SQL [n/a]; nested exception is org.hibernate.exception.GenericJDBCException: could not execute statement] with root cause\njava.sql.SQLException: The table 'orders' is full" +
            frames([
              'com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:129)',
              'com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdateInternal(ClientPreparedStatement.java:1098)',
              'com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)',
              'order.service.OrderServiceImpl.create(OrderServiceImpl.java:142)',
            ]),
        },
        {
          service: 'ts-preserve-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 8 : 0),
          logger: 'preserve.service.PreserveServiceImpl',
          message: relayed('/api/v1/orderservice/order'),
        },
      ],
    }),
  }),
  trainCase({
    id: 'train-seat-hikari-exhaustion',
    title: 'Connection leak exhausts ts-seat-service Hikari pool',
    source:
      'RCAEval / Train Ticket fault list: database connection pool exhaustion (connection leak)',
    question:
      'trip search (tickets left) timing out and booking errors. started about 30 minutes ago. root cause?',
    expected: { service: 'ts-seat-service', causes: ['pool'] },
    facts: ['ts-seat-service', 'hikaripool-1', 'connection is not available'],
    fault: (F) => ({
      hikari: { 'ts-seat-service': after(F, 1, 300) },
      effects: {
        errors: {
          'ts-seat-service|/api/v1/seatservice/seats/left_tickets': after(F + 240, 0.55, 120),
          'ts-seat-service|/api/v1/seatservice/seats': after(F + 240, 0.55, 120),
        },
        slow: {
          'ts-seat-service|/api/v1/seatservice/seats/left_tickets': (t) =>
            1 + 3000 * ramp(t, F + 120, 240),
          'ts-seat-service|/api/v1/seatservice/seats': (t) => 1 + 2000 * ramp(t, F + 120, 240),
        },
        failLatencyMs: {
          'ts-seat-service|/api/v1/seatservice/seats/left_tickets': () => 30_000,
          'ts-seat-service|/api/v1/seatservice/seats': () => 30_000,
        },
      },
      ownException: { 'ts-seat-service': 'CannotCreateTransactionException' },
      gatewayStatus: {
        '/api/v1/travelservice/trips/left': '500',
        '/api/v1/preserveservice/preserve': '500',
      },
      logs: [
        {
          service: 'ts-seat-service',
          level: 'WARN',
          perMinute: (t) => (t >= F + 60 ? 0.8 : 0),
          logger: 'com.zaxxer.hikari.pool.ProxyLeakTask',
          message: (r) =>
            `Connection leak detection triggered for com.mysql.cj.jdbc.ConnectionImpl@${r.hex(7)} on thread http-nio-18898-exec-${r.int(1, 200)}, stack trace follows\njava.lang.Exception: Apparent connection leak detected` +
            frames([
              'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)',
              'seat.service.SeatServiceImpl.getLeftTicketOfInterval(SeatServiceImpl.java:118)',
            ]),
        },
        {
          service: 'ts-seat-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F + 240 ? 60 * ramp(t, F + 240, 120) : 0),
          logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
          message: () =>
            'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction; nested exception is org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection] with root cause\njava.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.' +
            frames([
              'com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
              'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)',
              'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)',
            ]),
        },
        {
          service: 'ts-travel-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F + 240 ? 70 * ramp(t, F + 240, 120) : 0),
          logger: 'travel.service.TravelServiceImpl',
          message: relayed('/api/v1/seatservice/seats/left_tickets'),
        },
      ],
    }),
  }),
  trainCase({
    id: 'train-travel-bad-deploy',
    title: 'ts-travel-service 1.0.2 rollout throws NullPointerException',
    source: 'Train Ticket fault cases / RCAEval code-level faults: a bad release',
    question: 'error rate on trip search jumped right after lunch. did something change?',
    expected: { service: 'ts-travel-service', causes: ['deploy', 'exception', 'code_error'] },
    facts: ['ts-travel-service', '1.0.2', 'nullpointerexception'],
    fault: (F) => {
      const newShare = (t: number) =>
        t < F + 42 ? 0 : t < F + 87 ? 0.5 : t < F + 95 + 45 ? 0.5 + 0.5 * ramp(t, F + 87, 50) : 1;
      return {
        deploy: { service: 'ts-travel-service', at: F, version: '1.0.2' },
        effects: {
          errors: {
            'ts-travel-service|/api/v1/travelservice/trips/left': (t) => 0.38 * newShare(t),
          },
        },
        ownException: { 'ts-travel-service': 'NullPointerException' },
        logs: [
          {
            service: 'ts-travel-service',
            level: 'ERROR',
            perMinute: (t) => 120 * newShare(t),
            logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
            message: () =>
              'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is java.lang.NullPointerException] with root cause\njava.lang.NullPointerException: null' +
              frames([
                'travel.service.TravelServiceImpl.getTickets(TravelServiceImpl.java:312)',
                'travel.service.TravelServiceImpl.queryByBatch(TravelServiceImpl.java:198)',
                'travel.controller.TravelController.queryInfo(TravelController.java:142)',
              ]) +
              springWeb,
          },
        ],
      };
    },
  }),
  trainCase({
    id: 'train-payment-worker-saturation',
    title: 'Every Tomcat worker of ts-payment-service blocked on a lock',
    source: 'ChaosBlade JVM faults / Train Ticket fault study: thread-pool (worker) saturation',
    question:
      'payments hang and then fail with 504 from the gateway. the payment pods look healthy, CPU is low. what is happening?',
    expected: { service: 'ts-payment-service', causes: ['pool', 'connections'] },
    facts: ['ts-payment-service', 'thread', '504'],
    fault: (F) => {
      const stuck = (t: number) => ramp(t, F, 170);
      return {
        blockedWorkers: { 'ts-payment-service': stuck },
        stalled: { 'ts-payment-service': (t) => 0.97 * ramp(t, F + 60, 120) },
        effects: {
          errors: {
            'ts-payment-service|/api/v1/paymentservice/payment': (t) => 0.97 * ramp(t, F + 60, 120),
          },
          slow: { 'ts-payment-service|/api/v1/paymentservice/payment': (t) => 1 + 1500 * stuck(t) },
          failLatencyMs: { 'ts-payment-service|/api/v1/paymentservice/payment': () => 60_000 },
        },
        gatewayStatus: { '/api/v1/paymentservice/payment': '504' },
        nginxErrors: [
          {
            perMinute: (t) => 60 * 1.2 * 0.97 * ramp(t, F + 60, 120),
            message: (r) =>
              `upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.244.30.1, server: localhost, request: "POST /api/v1/paymentservice/payment HTTP/1.1", upstream: "http://10.96.71.${r.int(2, 9)}:19001/api/v1/paymentservice/payment", host: "ts.example.org"`,
          },
        ],
      };
    },
  }),
  trainCase({
    id: 'train-notification-consumer-stopped',
    title: 'ts-notification-service scaled to zero: the email queue backs up',
    source: 'Sock Shop / RCA benchmarks "consumer stopped" (queue backlog)',
    question:
      'customers say they no longer get booking confirmation mails. bookings themselves work. why?',
    expected: {
      service: 'ts-notification-service',
      causes: ['queue', 'unavailable', 'config', 'deploy'],
    },
    facts: ['email', 'ts-notification-service', 'rabbitmq'],
    fault: (F) => ({ scaledToZero: { service: 'ts-notification-service', at: F } }),
  }),
  trainCase({
    id: 'train-auth-certificate-expired',
    title: "ts-auth-service's TLS certificate expired (renewal failed)",
    source: 'Incident catalogues: expired certificate / TLS handshake failure',
    question:
      'Nobody can log in to Train Ticket, the login button gives a 502. Everything else seems fine for logged in users.',
    expected: { service: 'ts-auth-service', causes: ['certificate'] },
    facts: ['certificate', 'expired', 'ts-auth-service'],
    fault: (F) => ({
      certExpires: { service: 'ts-auth-service', at: F },
      effects: {
        errorsCalling: {
          'ts-ui-dashboard|/api/v1/users/login': {
            'ts-auth-service|/api/v1/users/login': after(F, 1),
          },
        },
        failLatencyMs: { 'ts-auth-service|/api/v1/users/login': () => 3 },
      },
      gatewayStatus: { '/api/v1/users/login': '502' },
      nginxErrors: [
        {
          perMinute: (t) => (t >= F ? 150 : 0),
          message: (r) =>
            `upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: 10.244.30.1, server: localhost, request: "POST /api/v1/users/login HTTP/1.1", upstream: "https://10.96.133.${r.int(2, 9)}:12340/api/v1/users/login", host: "ts.example.org"`,
        },
      ],
    }),
  }),
  trainCase({
    id: 'train-station-exception',
    title: 'Injected exception in ts-station-service (id list lookup)',
    source: 'Train Ticket fault list / RCAEval code-level fault: injected exception',
    question: 'seeing 500s from trip search and from the orders page. which service is broken?',
    expected: { service: 'ts-station-service', causes: ['exception', 'code_error'] },
    facts: ['ts-station-service', 'illegalstateexception'],
    fault: (F) => ({
      effects: {
        errors: { 'ts-station-service|/api/v1/stationservice/stations/idlist': after(F, 0.45) },
      },
      ownException: { 'ts-station-service': 'IllegalStateException' },
      logs: [
        {
          service: 'ts-station-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 90 : 0),
          logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
          message: (r) =>
            `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is java.lang.IllegalStateException: station id list contains unknown station: ${r.pick(['shanghaihongqiao', 'taiyuan', 'nanjing', 'suzhou'])}] with root cause\njava.lang.IllegalStateException: station id list contains unknown station` +
            frames([
              'fdse.microservice.service.StationServiceImpl.queryForIdBatch(StationServiceImpl.java:131)',
              'fdse.microservice.controller.StationController.queryForIdBatch(StationController.java:77)',
            ]) +
            springWeb,
        },
        {
          service: 'ts-travel-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 70 : 0),
          logger: 'travel.service.TravelServiceImpl',
          message: relayed('/api/v1/stationservice/stations/idlist'),
        },
        {
          service: 'ts-order-service',
          level: 'ERROR',
          perMinute: (t) => (t >= F ? 18 : 0),
          logger: 'order.service.OrderServiceImpl',
          message: relayed('/api/v1/stationservice/stations/idlist'),
        },
      ],
    }),
  }),
  trainCase({
    id: 'train-control-route-deploy',
    title: 'Control: a routine rollout of ts-route-service 1.0.2',
    source: 'control (no fault)',
    question:
      'we just rolled out route-service, can you check nothing regressed in the last half hour?',
    expected: { service: null, causes: [] },
    facts: [],
    fault: (F) => ({
      deploy: { service: 'ts-route-service', at: F, version: '1.0.2' },
      effects: {
        slow: {
          'ts-route-service|/api/v1/routeservice/routes/{routeId}': (t) =>
            t >= F + 42 && t < F + 162 ? 1.3 : 1,
        },
      },
    }),
  }),
];
