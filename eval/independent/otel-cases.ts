import type { EvalService } from '../eval-case.js';
import { ramp } from './builder.js';
import type { IndependentCase } from './case.js';
import { generateOtelDemo, type OtelFault } from './otel-demo.js';
import type { TelemetryShape } from './telemetry.js';

/*
 * The OpenTelemetry Demo's fault flags (flagd, `demo.flagd.json`), one case
 * each: the symptoms the demo produces when the flag is on, in the demo's
 * own service names, metric names and log wording.
 */

const svc = (
  name: string,
  description: string,
  aliases: string[],
  labelMatchers: EvalService['labelMatchers'] = {},
): EvalService => ({ name, description, aliases, labelMatchers });
const both = (name: string) => ({
  loki: { service_name: name },
  prometheus: { service_name: name },
});

/** The demo's services as a team running it would declare them: some with label matchers, some without. */
export const otelServices: readonly EvalService[] = [
  svc('frontend-proxy', 'Envoy edge proxy in front of the storefront', ['envoy', 'edge proxy']),
  svc('frontend', 'Next.js storefront and its API routes', ['storefront', 'web'], both('frontend')),
  svc('checkout', 'Places orders: cart, payment, shipping, email', [], both('checkout')),
  svc('cart', 'Shopping cart API (.NET)', [], { loki: { service_name: 'cart' } }),
  svc('payment', 'Charges credit cards (Node.js)', ['payments'], both('payment')),
  svc('ad', 'Serves contextual ads (Java)', ['ads', 'ad service'], {
    loki: { service_name: 'ad' },
    prometheus: { job: 'opentelemetry-demo/ad' },
  }),
  svc(
    'product-catalog',
    'Product catalogue (Go)',
    ['catalog', 'product catalog'],
    both('product-catalog'),
  ),
  svc('recommendation', 'Product recommendations (Python)', ['recommendations'], {
    loki: { service_name: 'recommendation' },
  }),
  svc('currency', 'Currency conversion (C++)', []),
  svc('shipping', 'Shipping quotes and shipment (Rust)', [], {
    loki: { service_name: 'shipping' },
  }),
  svc('email', 'Sends order confirmation emails (Ruby)', [], both('email')),
  svc('quote', 'Computes shipping quotes (PHP)', []),
  svc('image-provider', 'Serves product images (nginx)', ['images']),
  svc('kafka', 'Kafka broker carrying order events', ['broker']),
  svc('accounting', 'Books orders it consumes from Kafka (.NET)', [], {
    loki: { service_name: 'accounting' },
  }),
  svc(
    'fraud-detection',
    'Checks orders for fraud, consuming from Kafka (Kotlin)',
    ['fraud'],
    both('fraud-detection'),
  ),
  svc('valkey-cart', 'Valkey store behind the cart', ['valkey', 'cart cache']),
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

function otelCase(
  c: Omit<IndependentCase, 'system' | 'services' | 'shape' | 'generate'> & {
    fault: (faultStart: number) => OtelFault;
    shape?: TelemetryShape;
  },
): IndependentCase {
  return {
    id: c.id,
    system: 'otel-demo',
    title: c.title,
    question: c.question,
    expected: c.expected,
    facts: c.facts,
    services: otelServices,
    shape: c.shape ?? SHAPE,
    generate: (b, faultStart) => generateOtelDemo(b, c.fault(faultStart)),
  };
}

const paymentError = 'Payment request failed. Invalid token. app.loyalty.level=gold';

export const otelCases: readonly IndependentCase[] = [
  otelCase({
    id: 'otel-payment-failure',
    title: 'paymentFailure: payment rejects half of the charges',
    question:
      'Checkout is failing for a lot of customers since about half an hour ago. What is going on?',
    expected: { service: 'payment', causes: ['exception', 'code_error'] },
    facts: ['payment', 'invalid token', 'charge'],
    fault: (F) => ({
      effects: { errors: { payment: (t) => 0.5 * on(F)(t) } },
      errorLine: {
        payment: when(F, { msg: `Error: ${paymentError}` }),
        checkout: when(F, {
          msg: `failed to charge card: could not charge the card: rpc error: code = Unknown desc = ${paymentError}`,
        }),
        frontend: when(F, {
          msg: `Error: 2 UNKNOWN: failed to charge card: could not charge the card: rpc error: code = Unknown desc = ${paymentError}`,
        }),
      },
    }),
  }),
  otelCase({
    id: 'otel-ad-high-cpu',
    title: 'adHighCpu: the ad service burns CPU',
    question: 'Product pages got slower in the last half hour. Anything obvious?',
    expected: { service: 'ad', causes: ['cpu'] },
    facts: ['ad', 'cpu'],
    fault: (F) => ({
      effects: { slow: { ad: (t) => 1 + 45 * on(F, 90)(t) } },
      extraCpu: { ad: (t) => 1.7 * on(F, 60)(t) },
    }),
  }),
  otelCase({
    id: 'otel-cart-failure',
    title: 'cartFailure: cart cannot reach its store when emptying carts',
    question: 'Customers say their cart is not emptied after they place an order. What broke?',
    // cart is configured with a bad store address; valkey-cart itself stays healthy.
    expected: { service: 'cart', causes: ['exception', 'code_error', 'config', 'unavailable'] },
    facts: ['cart', 'emptycart', 'redis'],
    fault: (F) => ({
      effects: {},
      spanErrors: { cart: { 'oteldemo.CartService/EmptyCart': on(F) } },
      extraLogs: [
        {
          service: 'cart',
          perMinute: (t, state) => (t >= F ? state.checkout!.rate * 60 : 0),
          line: () => ({
            level: 'error',
            msg: "Can't access cart storage. System.ApplicationException: Wasn't able to connect to redis ---> StackExchange.Redis.RedisConnectionException: It was not possible to connect to the redis server(s). UnableToConnect on badhost:1234/Interactive",
          }),
        },
      ],
    }),
  }),
  otelCase({
    id: 'otel-product-catalog-failure',
    title: 'productCatalogFailure: GetProduct fails for one product',
    question: 'Some product pages return errors and a few checkouts fail. Can you find out why?',
    expected: { service: 'product-catalog', causes: ['exception', 'code_error', 'config'] },
    facts: ['product-catalog', 'oljcespc7z', 'getproduct'],
    fault: (F) => ({
      effects: { errors: { 'product-catalog': (t) => 0.1 * 0.72 * on(F)(t) } },
      spanErrors: {
        'product-catalog': { 'oteldemo.ProductCatalogService/GetProduct': (t) => 0.1 * on(F)(t) },
      },
      errorLine: {
        'product-catalog': when(F, {
          msg: 'Error: Product Catalog Fail Feature Flag Enabled (product_id=OLJCESPC7Z)',
        }),
        frontend: when(F, {
          msg: 'Error: 13 INTERNAL: Error: Product Catalog Fail Feature Flag Enabled',
        }),
        checkout: when(F, {
          msg: 'failed to prepare order: failed to get product #"OLJCESPC7Z": rpc error: code = Internal desc = Error: Product Catalog Fail Feature Flag Enabled',
        }),
        recommendation: when(F, {
          msg: 'Exception calling application: <_InactiveRpcError of RPC that terminated with: status = StatusCode.INTERNAL details = "Error: Product Catalog Fail Feature Flag Enabled">',
        }),
      },
    }),
  }),
  otelCase({
    id: 'otel-kafka-queue-problems',
    title: 'kafkaQueueProblems: the orders topic is flooded and consumers lag',
    question:
      'Order confirmations in accounting and the fraud checks are running way behind. What is happening?',
    expected: { service: 'kafka', causes: ['queue', 'traffic'] },
    facts: ['kafka', 'lag', 'orders'],
    fault: (F) => ({
      effects: {},
      kafkaFlood: (t) => 55 * on(F, 60)(t),
      consumerSlow: (t) => 1 + 2 * on(F)(t),
      extraCpu: { kafka: (t) => 0.35 * on(F, 60)(t) },
    }),
  }),
  otelCase({
    id: 'otel-image-slow-load',
    title: 'imageSlowLoad: the proxy delays image responses (Envoy fault injection)',
    question: 'Images on the storefront are loading really slowly. Why?',
    // The delay is injected by frontend-proxy's fault filter: image-provider serves as fast as ever.
    expected: { service: 'frontend-proxy', causes: ['slow_dependency', 'network', 'config'] },
    facts: ['frontend-proxy', 'image-provider'],
    fault: (F) => ({
      effects: { networkDelayMs: { 'image-provider': (t) => 5_000 * on(F)(t) } },
    }),
  }),
  otelCase({
    id: 'otel-homepage-flood',
    title: 'loadGeneratorFloodHomepage: a flood of homepage requests at the edge',
    question: 'The whole shop is sluggish and we see some 503s. What is going on?',
    expected: { service: 'frontend-proxy', causes: ['traffic'] },
    facts: ['traffic', 'requests'],
    shape: { ...SHAPE, yesterday: true },
    fault: (F) => ({
      effects: {
        load: { 'frontend-proxy': (t) => 1 + 5 * on(F, 120)(t) },
        slow: { frontend: (t) => 1 + 2.5 * on(F, 120)(t) },
        errors: { 'frontend-proxy': (t) => 0.03 * on(F, 120)(t) },
      },
    }),
  }),
  otelCase({
    id: 'otel-payment-unreachable',
    title: 'paymentUnreachable: checkout cannot reach payment',
    question: 'Nobody can complete a purchase right now, every checkout errors out.',
    expected: { service: 'payment', causes: ['unavailable', 'network', 'dns'] },
    facts: ['payment', 'unavailable'],
    fault: (F) => ({
      effects: {
        unreachable: { payment: on(F) },
        failLatencyMs: { payment: () => 3 },
      },
      errorLine: {
        checkout: when(F, {
          msg: 'failed to charge card: could not charge the card: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp: lookup badAddress on 10.96.0.10:53: no such host"',
        }),
        frontend: when(F, {
          msg: 'Error: 14 UNAVAILABLE: failed to charge card: could not charge the card: rpc error: code = Unavailable desc = connection error',
        }),
      },
    }),
  }),
  otelCase({
    id: 'otel-ad-manual-gc',
    title: 'adManualGc: the ad service triggers full garbage collections',
    question: 'We got a latency alert on the ad service: its p99 jumps every few seconds. Why?',
    expected: { service: 'ad', causes: ['gc', 'memory'] },
    facts: ['ad', 'garbage collection'],
    fault: (F) => ({
      effects: { slow: { ad: (t) => 1 + 30 * on(F)(t) } },
      extraCpu: { ad: (t) => 0.4 * on(F)(t) },
      majorGc: {
        ad: { rate: (t) => (t >= F ? 0.1 : 0.0008), pauseSeconds: (t) => (t >= F ? 0.9 : 0.12) },
      },
      extraLogs: [
        {
          service: 'ad',
          perMinute: (t) => (t >= F ? 6 : 0),
          line: (_t, rng) =>
            rng.next() < 0.5
              ? {
                  level: 'info',
                  msg: 'Triggering a manual garbage collection, next one in 10 seconds.',
                }
              : {
                  level: 'info',
                  msg: `The artificially triggered GCs took: ${rng.int(700, 1300)} ms`,
                },
        },
      ],
    }),
  }),
  otelCase({
    id: 'otel-recommendation-cache-failure',
    title: 'recommendationCacheFailure: the recommendation cache leaks memory',
    question: 'Recommendations are getting slower and slower.',
    expected: { service: 'recommendation', causes: ['memory'] },
    facts: ['recommendation', 'memory', 'cache'],
    fault: (F) => ({
      effects: { slow: { recommendation: (t) => 1 + 12 * on(F, 1800)(t) } },
      extraMemory: {
        recommendation: (t) =>
          t < F ? 0 : 310 * 1024 * 1024 * Math.min(1, ((t - F) / 1800) ** 1.6),
      },
      extraCpu: { recommendation: (t) => 0.15 * on(F, 1800)(t) },
      extraLogs: [
        {
          service: 'recommendation',
          perMinute: (t, state) =>
            t >= F ? Math.min(120, state.recommendation!.rate * 60 * 0.3) : 0,
          line: (_t, rng) =>
            rng.next() < 0.8
              ? { level: 'info', msg: 'get_product_list: cache miss' }
              : { level: 'info', msg: `cache size: ${rng.int(20_000, 2_000_000)}` },
        },
      ],
    }),
  }),
];
