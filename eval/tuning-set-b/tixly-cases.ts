import type { Rng } from '../independent/random.js';
import { standardShape, type BlindCase } from './case.js';
import { emitTixly, springLine, TX_SERVICES } from './tixly.js';

const MiB = 1_048_576;
const step = (from: number, rampSeconds: number) => (t: number) =>
  t < from ? 0 : rampSeconds <= 0 ? 1 : Math.min(1, (t - from) / rampSeconds);
const exec = (rng: Rng) => `http-nio-8080-exec-${rng.int(1, 60)}`;
/** `java.util.Date#toString` in UTC, as certificate exceptions print dates. */
const javaDate = (t: number) => {
  // toUTCString: `Mon, 07 Dec 2026 23:05:00 GMT`; Java: `Mon Dec 07 23:05:00 UTC 2026`.
  const [wd, day, mon, year, time] = new Date(Math.floor(t) * 1000)
    .toUTCString()
    .replace(',', '')
    .split(' ');
  return `${wd} ${mon} ${day} ${time} UTC ${year}`;
};

/** Tixly incidents to tune on (the held-out ones are in eval/holdout-b). */
export const tixlyCases: BlindCase[] = [
  {
    id: 'tx-order-hikari-exhausted',
    system: 'tixly',
    title: 'Checkout hangs',
    question:
      'Checkout spins for 30 seconds and then fails for lots of people. Browsing works. What is happening?',
    expected: { service: 'order-service', causes: ['pool'] },
    fault:
      'a @Scheduled seat-hold reconciliation job added inside order-service runs long transactions that hold all 10 HikariCP connections of each pod most of the time; checkout requests wait 30 s for a connection (hikaricp_connections_pending, timeouts) and ~45 % fail with CannotCreateTransactionException; MySQL is quiet',
    facts: ['order-service', 'hikaripool-1', 'connection is not available', 'pending'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = step(f, 120);
      emitTixly(b, {
        poolHeld: { 'order-service': (t) => 10 * on(t) },
        effects: {
          errors: { 'order-service': (t) => 0.45 * on(t) },
          slow: { 'order-service': (t) => 1 + 420 * on(t) },
        },
        failure: {
          'order-service': { status: '500', exception: 'CannotCreateTransactionException' },
        },
        logs: [
          {
            app: 'order-service',
            perMinute: (t) => 150 * on(t),
            line: (t, rng) => {
              const waiting = rng.int(18, 40);
              return rng.next() < 0.5
                ? springLine(
                    t,
                    'ERROR',
                    'order-service',
                    exec(rng),
                    'org.hibernate.engine.jdbc.spi.SqlExceptionHelper',
                    `HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=${waiting})`,
                  )
                : springLine(
                    t,
                    'ERROR',
                    'order-service',
                    exec(rng),
                    'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
                    `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction] with root cause\njava.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=${waiting})\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)\n\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)\n\tat org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)\n\tat com.tixly.order.checkout.CheckoutService.placeOrder(CheckoutService.java:74)`,
                  );
            },
          },
          {
            app: 'order-service',
            perMinute: (t) => (t >= f - 60 ? 0.5 : 0),
            line: (t, rng) =>
              springLine(
                t,
                'INFO',
                'order-service',
                'scheduling-1',
                'com.tixly.order.holds.SeatHoldReconciler',
                `Reconciling expired seat holds: batch ${rng.int(1, 400)} of 412 (500 holds)`,
              ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-catalog-bad-deploy',
    system: 'tixly',
    title: 'Event pages broken',
    question:
      'Many event pages show "Something went wrong" since a little while. The list of events still loads. Why?',
    expected: { service: 'catalog-service', causes: ['deploy', 'code_error', 'exception'] },
    fault:
      'catalog-service rolls out 4.9.0 (from 4.8.0); the new event mapper reads Venue.getTimeZone(), null for venues imported before 2024: NullPointerException on ~80 % of GET /internal/events/{eventId}; storefront-api relays 500',
    facts: ['catalog-service', '4.9.0', 'nullpointerexception', 'eventmapper'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = step(f - 40, 100);
      emitTixly(b, {
        rollout: { 'catalog-service': { at: f - 45, to: '4.9.0' } },
        effects: { errors: { 'catalog-service': (t) => 0.36 * on(t) } },
        failingUris: { 'catalog-service': ['/internal/events/{eventId}'] },
        failure: { 'catalog-service': { status: '500', exception: 'NullPointerException' } },
        logs: [
          {
            app: 'catalog-service',
            perMinute: (t) => 26 * 0.88 * 0.36 * 60 * on(t) * b.daily(t),
            line: (t, rng) =>
              springLine(
                t,
                'ERROR',
                'catalog-service',
                exec(rng),
                'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
                `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "java.time.ZoneId.getId()" because the return value of "com.tixly.catalog.domain.Venue.getTimeZone()" is null] with root cause\njava.lang.NullPointerException: Cannot invoke "java.time.ZoneId.getId()" because the return value of "com.tixly.catalog.domain.Venue.getTimeZone()" is null\n\tat com.tixly.catalog.api.EventMapper.toDetail(EventMapper.java:88)\n\tat com.tixly.catalog.api.EventController.getEvent(EventController.java:52)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)`,
              ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-psp-outage',
    system: 'tixly',
    title: 'Payments fail',
    question:
      'Nobody can pay: "payment could not be processed". Our payment service pods look fine. What is wrong?',
    expected: {
      service: 'payment-provider',
      causes: ['unavailable', 'slow_dependency', 'exception'],
    },
    fault:
      "the PSP (Adyen) answers 503 or times out for most payment calls; payment-service's resilience4j breaker `psp` opens and fails fast (CallNotPermittedException, 502), then order-service's `payment` breaker opens; checkout fails; every pod of ours healthy",
    facts: ['adyen', 'circuitbreaker', 'psp', '503'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const on = step(f, 60);
      emitTixly(b, {
        effects: {
          errors: { 'payment-provider': (t) => 0.93 * on(t) },
          failLatencyMs: { 'payment-provider': (t) => (t >= f ? 5000 : 240) },
        },
        breakerOpen: { psp: (t) => (t >= f + 60 ? 1 : 0), payment: (t) => (t >= f + 120 ? 1 : 0) },
        failure: {
          'payment-service': { status: '502', exception: 'CallNotPermittedException' },
          'order-service': { status: '503', exception: 'CallNotPermittedException' },
        },
        clientFailure: { 'payment-provider': { status: '503', exception: 'ServiceUnavailable' } },
        logs: [
          {
            app: 'payment-service',
            perMinute: (t) => 40 * on(t),
            line: (t, rng) =>
              t < f + 60 || rng.next() < 0.15
                ? springLine(
                    t,
                    'WARN',
                    'payment-service',
                    exec(rng),
                    'com.tixly.payment.psp.AdyenClient',
                    rng.next() < 0.5
                      ? 'PSP call failed: 503 Service Unavailable from POST https://checkout-live.adyen.com/checkout/v71/payments'
                      : 'PSP call failed: I/O error on POST request for "https://checkout-live.adyen.com/checkout/v71/payments": Read timed out',
                  )
                : springLine(
                    t,
                    'ERROR',
                    'payment-service',
                    exec(rng),
                    'c.t.payment.web.PaymentExceptionHandler',
                    "Payment authorisation failed\nio.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'psp' is OPEN and does not permit further calls\n\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)\n\tat com.tixly.payment.psp.AdyenClient.authorise(AdyenClient.java:61)",
                  ),
          },
          {
            app: 'order-service',
            perMinute: (t) => (t >= f + 120 ? 30 : 0),
            line: (t, rng) =>
              springLine(
                t,
                'WARN',
                'order-service',
                exec(rng),
                'com.tixly.order.checkout.CheckoutService',
                `Order ord_${rng.hex(12)} not placed: CircuitBreaker 'payment' is OPEN and does not permit further calls`,
              ),
          },
        ],
        logsAt: [
          {
            app: 'payment-service',
            at: f + 60,
            line: springLine(
              f + 60,
              'WARN',
              'payment-service',
              'http-nio-8080-exec-17',
              'c.t.payment.config.ResilienceConfig',
              "CircuitBreaker 'psp' changed state from CLOSED to OPEN",
            ),
          },
          {
            app: 'payment-service',
            at: f + 61,
            podIndex: 1,
            line: springLine(
              f + 61,
              'WARN',
              'payment-service',
              'http-nio-8080-exec-4',
              'c.t.payment.config.ResilienceConfig',
              "CircuitBreaker 'psp' changed state from CLOSED to OPEN",
            ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-fulfilment-consumer-stuck',
    system: 'tixly',
    title: 'Tickets not arriving',
    question:
      'Customers paid but have not received their tickets by e-mail for the last half hour. Payments look normal. Where are the tickets?',
    expected: { service: 'fulfilment-worker', causes: ['queue'] },
    fault:
      'every listener thread of fulfilment-worker deadlocks (PDF renderer and font cache lock each other); the pods stay Running and Ready, consume nothing and log nothing; order.created grows by ~3 messages a second',
    facts: ['order.created', 'fulfilment-worker', 'messages ready', 'consumers'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => emitTixly(b, { consumerStuck: (t) => (t >= f ? 1 : 0) }),
  },
  {
    id: 'tx-payment-cert-expired',
    system: 'tixly',
    title: 'Checkout fails, payments idle',
    question:
      'Checkout fails with 503 for everyone. Strangely the payments dashboard shows almost no traffic. What is going on?',
    expected: { service: 'payment-service', causes: ['certificate'] },
    fault:
      "payment-service's TLS certificate (a hand-made keystore from a Secret, not cert-manager) expires; order-service's calls fail the TLS handshake (CertificateExpiredException), its `payment` breaker opens, checkout answers 503; payment-service receives nothing and logs nothing",
    facts: ['payment-service', 'certificate', 'expired', 'pkix'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const notAfter = javaDate(f);
      emitTixly(b, {
        effects: {
          errorsCalling: { 'order-service': { 'payment-service': (t) => (t >= f ? 1 : 0) } },
        },
        breakerOpen: { payment: (t) => (t >= f + 30 ? 1 : 0) },
        failure: { 'order-service': { status: '503', exception: 'CallNotPermittedException' } },
        clientFailure: {
          'payment-service': { status: 'CLIENT_ERROR', exception: 'ResourceAccessException' },
        },
        logs: [
          {
            app: 'order-service',
            perMinute: (t) => (t >= f ? (t < f + 30 ? 120 : 12) : 0),
            line: (t, rng) =>
              springLine(
                t,
                'ERROR',
                'order-service',
                exec(rng),
                'com.tixly.order.payment.PaymentClient',
                `Payment call failed\norg.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://payment-service.tixly.svc.cluster.local:8443/api/payments": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\n\tat org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.createResourceAccessException(DefaultRestClient.java:534)\n\tat com.tixly.order.payment.PaymentClient.authorise(PaymentClient.java:47)\nCaused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: ${notAfter}\n\tat java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:182)`,
              ),
          },
          {
            app: 'order-service',
            perMinute: (t) => (t >= f + 30 ? 30 : 0),
            line: (t, rng) =>
              springLine(
                t,
                'WARN',
                'order-service',
                exec(rng),
                'com.tixly.order.checkout.CheckoutService',
                `Order ord_${rng.hex(12)} not placed: CircuitBreaker 'payment' is OPEN and does not permit further calls`,
              ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-order-heap-leak',
    system: 'tixly',
    title: 'Checkout slow, then errors',
    question:
      'Checkout got very slow over the last half hour and now some orders fail with 500. Help?',
    expected: { service: 'order-service', causes: ['memory', 'gc'] },
    fault:
      "order-service's idempotency-key cache (a static map without eviction) fills the 1 GiB heap; G1 runs back-to-back full GCs (pauses ~2 s, GC overhead ~60 %), checkout latency x15, then OutOfMemoryError: Java heap space on ~8 % of requests",
    facts: ['order-service', 'heap', 'outofmemoryerror', 'g1 old generation'],
    services: TX_SERVICES,
    shape: standardShape,
    generate: (b, f) => {
      const climb = (t: number) => (t < f - 3000 ? 0 : Math.min(1, (t - f + 3000) / 3000));
      const gc = (t: number) => 1 + 11 * Math.max(0, Math.min(1, (t - f + 300) / 600));
      emitTixly(b, {
        heapUsed: { 'order-service': (t) => 380 * MiB + climb(t) * 1000 * MiB },
        gcPressure: { 'order-service': gc },
        effects: {
          slow: { 'order-service': (t) => 1 + (gc(t) - 1) * 1.3 },
          errors: { 'order-service': (t) => (t >= f + 600 ? 0.08 : 0) },
        },
        failure: { 'order-service': { status: '500', exception: 'OutOfMemoryError' } },
        logs: [
          {
            app: 'order-service',
            perMinute: (t) => (t >= f + 600 ? 14 : 0),
            line: (t, rng) =>
              springLine(
                t,
                'ERROR',
                'order-service',
                exec(rng),
                'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
                'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause\njava.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat java.base/java.util.HashMap.putVal(HashMap.java:661)\n\tat com.tixly.order.idempotency.IdempotencyCache.remember(IdempotencyCache.java:41)\n\tat com.tixly.order.checkout.CheckoutService.placeOrder(CheckoutService.java:58)',
              ),
          },
        ],
      });
    },
  },
  {
    id: 'tx-control-evening-peak',
    system: 'tixly',
    title: 'Evening rush',
    question:
      'Request rates and CPU went up on every service over the last half hour. Should we worry?',
    expected: { service: null, causes: [] },
    fault:
      'control: the evening rush, the same as yesterday at this time (the data holds yesterday); nothing fails',
    facts: [],
    services: TX_SERVICES,
    shape: {
      ...standardShape,
      yesterday: true,
      diurnal: (faultStart) => ({
        amplitude: 0.4,
        peakSecondOfDay: (faultStart + 1500) % 86_400,
        rush: { size: 0.45, widthSeconds: 1500 },
      }),
    },
    generate: (b) => emitTixly(b, {}),
  },
];
