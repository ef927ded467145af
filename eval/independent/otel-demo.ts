import type { TelemetryBuilder } from './builder.js';
import { flowAt, type Curve, type Effects, type ServiceState, type ServiceSpec } from './flow.js';
import { formatLine, type Level, type LogFormat } from './log-formats.js';
import { podSuffix, type Rng } from './random.js';

/*
 * The OpenTelemetry Demo ("Astronomy Shop") as its Kubernetes deployment
 * exposes it: spans turned into metrics by the Collector's spanmetrics and
 * servicegraph connectors, OTel runtime and semantic-convention metrics
 * pushed over OTLP (job = <namespace>/<service>), cAdvisor and
 * kube-state-metrics for the pods, the Collector's redis and kafkametrics
 * receivers, Envoy's own stats for the proxy, and logs shipped over OTLP to
 * Loki (labels service_name, service_namespace, k8s_*). Service names,
 * ports, RPC names and log wording follow the demo's sources.
 */

export const OTEL_K8S_NAMESPACE = 'otel-demo';
const OTEL_SERVICE_NAMESPACE = 'opentelemetry-demo';

type Runtime =
  | 'envoy'
  | 'node'
  | 'go'
  | 'dotnet'
  | 'java'
  | 'python'
  | 'cpp'
  | 'rust'
  | 'ruby'
  | 'php'
  | 'nginx'
  | 'kafka'
  | 'valkey';

interface OtelService extends ServiceSpec {
  runtime: Runtime;
  replicas: number;
  port: number;
  /** Server spans, with the share of the service's requests each takes. */
  spans: Array<{ name: string; share: number; kind?: 'SPAN_KIND_SERVER' | 'SPAN_KIND_CONSUMER' }>;
  /** Client span name used by callers for this service's main method. */
  clientSpan: string;
  /** Logs shipped over OTLP (false: the service writes nothing Loki sees). */
  logs: LogFormat | null;
  /** The logger/category name its lines carry. */
  logger: string;
  /** OTel SDK metrics (runtime + semconv) pushed over OTLP. */
  sdkMetrics: boolean;
  /** Runs as a pod in the cluster (cAdvisor + kube-state-metrics see it). */
  pod: boolean;
  memoryMi: number;
  memoryLimitMi: number;
  cpuCores: number;
  /** CPU seconds per request. */
  cpuPerRequest: number;
  info: (rng: Rng) => string;
}

export const productIds = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  'L9ECAV7KIM',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  '6E92ZMYYFZ',
  'HQTGWGPNH4',
] as const;

const uuid = (rng: Rng) =>
  `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;

const call = (to: string, perRequest: number, critical = true) => ({ to, perRequest, critical });

export const otelDemoServices: readonly OtelService[] = [
  {
    name: 'frontend-proxy',
    runtime: 'envoy',
    replicas: 1,
    port: 8080,
    entryRate: 38,
    latencyMs: 0.6,
    calls: [call('frontend', 0.72), call('image-provider', 0.28)],
    spans: [{ name: 'ingress', share: 1 }],
    clientSpan: 'ingress',
    logs: null,
    logger: 'envoy',
    sdkMetrics: false,
    pod: true,
    memoryMi: 38,
    memoryLimitMi: 65,
    cpuCores: 0.02,
    cpuPerRequest: 0.0004,
    info: () => '',
  },
  {
    name: 'frontend',
    runtime: 'node',
    replicas: 2,
    port: 8080,
    latencyMs: 9,
    calls: [
      call('product-catalog', 1.3),
      call('currency', 1.1),
      call('cart', 0.35),
      call('recommendation', 0.3, false),
      call('ad', 0.3, false),
      call('shipping', 0.05),
      call('checkout', 0.025),
    ],
    spans: [
      { name: 'GET /api/products/[productId]', share: 0.45 },
      { name: 'GET /', share: 0.2 },
      { name: 'GET /api/recommendations', share: 0.15 },
      { name: 'GET /api/cart', share: 0.15 },
      { name: 'POST /api/checkout', share: 0.05 },
    ],
    clientSpan: 'GET',
    logs: 'pino',
    logger: 'frontend',
    sdkMetrics: true,
    pod: true,
    memoryMi: 180,
    memoryLimitMi: 250,
    cpuCores: 0.03,
    cpuPerRequest: 0.004,
    info: (rng) =>
      rng.pick([
        `GET /api/products/${rng.pick(productIds)} 200`,
        'GET /api/recommendations 200',
        `GET /api/cart?sessionId=${uuid(rng)} 200`,
        'GET / 200',
      ]),
  },
  {
    name: 'checkout',
    runtime: 'go',
    replicas: 1,
    port: 5050,
    latencyMs: 14,
    calls: [
      call('cart', 2),
      call('product-catalog', 2.5),
      call('currency', 3),
      call('shipping', 2),
      call('payment', 1),
      call('email', 1, false),
    ],
    spans: [{ name: 'oteldemo.CheckoutService/PlaceOrder', share: 1 }],
    clientSpan: 'oteldemo.CheckoutService/PlaceOrder',
    logs: 'slog-json',
    logger: 'checkout',
    sdkMetrics: true,
    pod: true,
    memoryMi: 14,
    memoryLimitMi: 20,
    cpuCores: 0.004,
    cpuPerRequest: 0.01,
    info: (rng) =>
      rng.pick([
        `[PlaceOrder] user_id="${uuid(rng)}" user_currency="${rng.pick(['USD', 'EUR', 'CAD', 'JPY'])}"`,
        `payment went through (transaction_id: ${uuid(rng)})`,
        `order confirmation email sent to "${rng.pick(['alice', 'bob', 'carol', 'dave'])}@example.com"`,
        `sending to postProcessor`,
      ]),
  },
  {
    name: 'cart',
    runtime: 'dotnet',
    replicas: 1,
    port: 7070,
    latencyMs: 2.5,
    calls: [call('valkey-cart', 1.4)],
    spans: [
      { name: 'oteldemo.CartService/GetCart', share: 0.62 },
      { name: 'oteldemo.CartService/AddItem', share: 0.3 },
      { name: 'oteldemo.CartService/EmptyCart', share: 0.08 },
    ],
    clientSpan: 'oteldemo.CartService/GetCart',
    logs: 'dotnet-console',
    logger: 'cart.cartstore.ValkeyCartStore',
    sdkMetrics: true,
    pod: true,
    memoryMi: 96,
    memoryLimitMi: 160,
    cpuCores: 0.01,
    cpuPerRequest: 0.0015,
    info: (rng) =>
      rng.pick([
        `GetCartAsync called with userId=${uuid(rng)}`,
        `AddItemAsync called with userId=${uuid(rng)}, productId=${rng.pick(productIds)}, quantity=${rng.int(1, 5)}`,
      ]),
  },
  {
    name: 'payment',
    runtime: 'node',
    replicas: 1,
    port: 50051,
    latencyMs: 24,
    calls: [],
    spans: [{ name: 'oteldemo.PaymentService/Charge', share: 1 }],
    clientSpan: 'oteldemo.PaymentService/Charge',
    logs: 'pino',
    logger: 'payment',
    sdkMetrics: true,
    pod: true,
    memoryMi: 70,
    memoryLimitMi: 120,
    cpuCores: 0.005,
    cpuPerRequest: 0.006,
    info: (rng) =>
      rng.pick([
        'Charge request received.',
        `Transaction complete. transactionId=${uuid(rng)} cardType=${rng.pick(['visa', 'mastercard'])} lastFourDigits=${rng.int(1000, 9999)} loyalty_level=${rng.pick(['platinum', 'gold', 'silver', 'bronze'])}`,
      ]),
  },
  {
    name: 'ad',
    runtime: 'java',
    replicas: 1,
    port: 9555,
    latencyMs: 3,
    calls: [],
    spans: [{ name: 'oteldemo.AdService/GetAds', share: 1 }],
    clientSpan: 'oteldemo.AdService/GetAds',
    logs: 'log4j',
    logger: 'oteldemo.AdService',
    sdkMetrics: true,
    pod: true,
    memoryMi: 230,
    memoryLimitMi: 300,
    cpuCores: 0.02,
    cpuPerRequest: 0.003,
    info: (rng) =>
      rng.pick([
        `Targeted ad request received for [${rng.pick(['binoculars', 'telescopes', 'accessories', 'assembly', 'travel', 'books'])}]`,
        'Non-targeted ad request received, preparing random response.',
      ]),
  },
  {
    name: 'product-catalog',
    runtime: 'go',
    replicas: 1,
    port: 3550,
    latencyMs: 1.6,
    calls: [],
    spans: [
      { name: 'oteldemo.ProductCatalogService/GetProduct', share: 0.72 },
      { name: 'oteldemo.ProductCatalogService/ListProducts', share: 0.22 },
      { name: 'oteldemo.ProductCatalogService/SearchProducts', share: 0.06 },
    ],
    clientSpan: 'oteldemo.ProductCatalogService/GetProduct',
    logs: 'slog-json',
    logger: 'product-catalog',
    sdkMetrics: true,
    pod: true,
    memoryMi: 12,
    memoryLimitMi: 20,
    cpuCores: 0.003,
    cpuPerRequest: 0.0008,
    info: (rng) => rng.pick([`Product Found - ID: ${rng.pick(productIds)}`, 'Loaded 10 products']),
  },
  {
    name: 'recommendation',
    runtime: 'python',
    replicas: 1,
    port: 9001,
    latencyMs: 7,
    calls: [call('product-catalog', 1)],
    spans: [{ name: '/oteldemo.RecommendationService/ListRecommendations', share: 1 }],
    clientSpan: 'oteldemo.RecommendationService/ListRecommendations',
    logs: 'python',
    logger: 'main',
    sdkMetrics: true,
    pod: true,
    memoryMi: 150,
    memoryLimitMi: 500,
    cpuCores: 0.01,
    cpuPerRequest: 0.005,
    info: (rng) =>
      `Receive ListRecommendations for product ids:['${rng.pick(productIds)}', '${rng.pick(productIds)}']`,
  },
  {
    name: 'currency',
    runtime: 'cpp',
    replicas: 1,
    port: 7001,
    latencyMs: 0.8,
    calls: [],
    spans: [
      { name: 'Convert', share: 0.8 },
      { name: 'GetSupportedCurrencies', share: 0.2 },
    ],
    clientSpan: 'oteldemo.CurrencyService/Convert',
    logs: 'spdlog',
    logger: 'currency',
    sdkMetrics: false,
    pod: true,
    memoryMi: 9,
    memoryLimitMi: 20,
    cpuCores: 0.002,
    cpuPerRequest: 0.0003,
    info: (rng) => rng.pick(['Conversion request successful', 'Currency conversion requested']),
  },
  {
    name: 'shipping',
    runtime: 'rust',
    replicas: 1,
    port: 50050,
    latencyMs: 2,
    calls: [call('quote', 1)],
    spans: [
      { name: 'oteldemo.ShippingService/GetQuote', share: 0.7 },
      { name: 'oteldemo.ShippingService/ShipOrder', share: 0.3 },
    ],
    clientSpan: 'oteldemo.ShippingService/GetQuote',
    logs: 'rust-tracing',
    logger: 'shipping::shipping_service',
    sdkMetrics: false,
    pod: true,
    memoryMi: 8,
    memoryLimitMi: 20,
    cpuCores: 0.002,
    cpuPerRequest: 0.0005,
    info: (rng) =>
      rng.pick([
        'Received quote request',
        `Sending Quote: ${rng.int(5, 40)}.${rng.int(10, 99)}`,
        `Tracking ID Created: ${uuid(rng)}`,
      ]),
  },
  {
    name: 'email',
    runtime: 'ruby',
    replicas: 1,
    port: 6060,
    latencyMs: 35,
    calls: [],
    spans: [{ name: 'POST /send_order_confirmation', share: 1 }],
    clientSpan: 'POST',
    logs: 'ruby-logger',
    logger: 'email',
    sdkMetrics: true,
    pod: true,
    memoryMi: 90,
    memoryLimitMi: 100,
    cpuCores: 0.003,
    cpuPerRequest: 0.01,
    info: (rng) =>
      `Order confirmation email sent to: ${rng.pick(['alice', 'bob', 'carol', 'dave'])}@example.com`,
  },
  {
    name: 'quote',
    runtime: 'php',
    replicas: 1,
    port: 8090,
    latencyMs: 4,
    calls: [],
    spans: [{ name: 'POST /getquote', share: 1 }],
    clientSpan: 'POST',
    logs: 'monolog',
    logger: 'quote',
    sdkMetrics: true,
    pod: true,
    memoryMi: 30,
    memoryLimitMi: 40,
    cpuCores: 0.002,
    cpuPerRequest: 0.004,
    info: (rng) => `Calculated quote for ${rng.int(1, 9)} items`,
  },
  {
    name: 'image-provider',
    runtime: 'nginx',
    replicas: 1,
    port: 8081,
    latencyMs: 1.5,
    calls: [],
    spans: [{ name: 'image-provider', share: 1 }],
    clientSpan: 'router image-provider egress',
    logs: null,
    logger: 'nginx',
    sdkMetrics: false,
    pod: true,
    memoryMi: 20,
    memoryLimitMi: 50,
    cpuCores: 0.002,
    cpuPerRequest: 0.0002,
    info: () => '',
  },
  {
    name: 'valkey-cart',
    runtime: 'valkey',
    replicas: 1,
    port: 6379,
    latencyMs: 0.3,
    calls: [],
    spans: [],
    clientSpan: 'HGET',
    logs: null,
    logger: 'valkey',
    sdkMetrics: false,
    pod: true,
    memoryMi: 12,
    memoryLimitMi: 20,
    cpuCores: 0.004,
    cpuPerRequest: 0.00005,
    info: () => '',
  },
  {
    name: 'kafka',
    runtime: 'kafka',
    replicas: 1,
    port: 9092,
    latencyMs: 2,
    calls: [],
    spans: [],
    clientSpan: 'orders publish',
    logs: null,
    logger: 'kafka',
    sdkMetrics: false,
    pod: true,
    memoryMi: 520,
    memoryLimitMi: 600,
    cpuCores: 0.05,
    cpuPerRequest: 0.001,
    info: () => '',
  },
  {
    name: 'fraud-detection',
    runtime: 'java',
    replicas: 1,
    port: 0,
    latencyMs: 4,
    calls: [],
    spans: [{ name: 'orders process', share: 1, kind: 'SPAN_KIND_CONSUMER' }],
    clientSpan: '',
    logs: 'logback',
    logger: 'frauddetection',
    sdkMetrics: true,
    pod: true,
    memoryMi: 260,
    memoryLimitMi: 300,
    cpuCores: 0.02,
    cpuPerRequest: 0.004,
    info: (rng) =>
      `Consumed record with orderId: ${uuid(rng)}, and updated total count to: ${rng.int(100, 9000)}`,
  },
  {
    name: 'accounting',
    runtime: 'dotnet',
    replicas: 1,
    port: 0,
    latencyMs: 5,
    calls: [],
    spans: [],
    clientSpan: '',
    logs: 'dotnet-console',
    logger: 'Accounting.Consumer',
    sdkMetrics: false,
    pod: false,
    memoryMi: 80,
    memoryLimitMi: 0,
    cpuCores: 0.01,
    cpuPerRequest: 0.002,
    info: (rng) => `Order details: orderId=${uuid(rng)} shippingTrackingId=${uuid(rng)}`,
  },
];

/** The demo's Kafka consumers of the `orders` topic, fed by checkout. */
const consumers = ['accounting', 'fraud-detection'] as const;
/** Messages per second each consumer group can handle. */
const consumerCapacity: Record<string, number> = { accounting: 6, 'fraud-detection': 9 };

export interface OtelPod {
  service: string;
  name: string;
  ip: string;
  node: string;
  instanceId: string;
}

/** What a case changes in the demo, on top of the request flow's effects. */
export interface OtelFault {
  effects: Effects;
  /** Own errors of single spans (the rest of the service's spans only inherit dependency errors). */
  spanErrors?: Record<string, Record<string, Curve>>;
  /** Extra CPU cores a service's pods burn. */
  extraCpu?: Record<string, Curve>;
  /** Extra resident memory of a service's pods, in bytes. */
  extraMemory?: Record<string, Curve>;
  /** Extra messages per second checkout publishes to Kafka's `orders` topic. */
  kafkaFlood?: Curve;
  /** Consumer-side processing delay multiplier (slow consumers). */
  consumerSlow?: Curve;
  /** What a service logs for a failed request, per service (null or absent: a generic error line). */
  errorLine?: Record<string, (t: number, rng: Rng) => { msg: string; level?: Level } | null>;
  /** Lines a service writes besides its request logs (announcements, warnings); `perMinute` is for the whole service. */
  extraLogs?: Array<{
    service: string;
    perMinute: (t: number, state: Record<string, ServiceState>) => number;
    line: (t: number, rng: Rng) => { msg: string; level: Level };
  }>;
  /** Major (old-generation) collections of JVM services: per second, and their pause in seconds. */
  majorGc?: Record<string, { rate: Curve; pauseSeconds: Curve }>;
  /** Case-specific series (e.g. GC histograms), given the pods and the flow. */
  extra?: (ctx: OtelContext) => void;
}

export interface OtelContext {
  b: TelemetryBuilder;
  pods: Record<string, OtelPod[]>;
  flow: (t: number) => Record<string, ServiceState>;
  otelLabels: (pod: OtelPod) => Record<string, string>;
}

function scrapeFloor(b: TelemetryBuilder, t: number): number {
  return Math.floor(t / b.timeline.step) * b.timeline.step;
}

/** Background errors every real system has: a trickle on a few services. */
function backgroundErrors(b: TelemetryBuilder): Record<string, number> {
  const rng = b.rng('otel:background-errors');
  return Object.fromEntries(
    otelDemoServices.map((s) => [s.name, rng.next() < 0.4 ? 0.0005 + rng.next() * 0.002 : 0]),
  );
}

function mergeEffects(base: Record<string, number>, effects: Effects): Effects {
  const errors: Record<string, Curve> = {};
  for (const s of otelDemoServices) {
    const own = effects.errors?.[s.name];
    const background = base[s.name] ?? 0;
    errors[s.name] = own ? (t) => Math.min(1, background + own(t)) : () => background;
  }
  return { ...effects, errors };
}

const SPAN_BUCKETS_MS = [5, 25, 50, 100, 250, 1000, 2500, 10000];
const GRAPH_BUCKETS_S = [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10];
const HTTP_BUCKETS_S = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ENVOY_BUCKETS_MS = [5, 25, 100, 250, 1000, 2500, 10000, 30000];

/**
 * Writes the demo's telemetry for the builder's timeline into `b`, with
 * `fault` applied. The `version` announces each service's release
 * (`service.version` on target_info).
 */
export function generateOtelDemo(b: TelemetryBuilder, fault: OtelFault, version = '2.0.2'): void {
  const specs = otelDemoServices;
  const effects = mergeEffects(backgroundErrors(b), fault.effects);
  const cache = new Map<number, Record<string, ServiceState>>();
  const flow = (t: number) => {
    const key = scrapeFloor(b, t);
    let state = cache.get(key);
    if (!state) {
      state = flowAt(specs, effects, key, b.daily(key));
      cache.set(key, state);
    }
    return state;
  };

  const rng = b.rng('otel:pods');
  const nodes = ['ip-10-0-12-41', 'ip-10-0-13-7', 'ip-10-0-14-202'];
  const pods: Record<string, OtelPod[]> = {};
  for (const spec of specs) {
    pods[spec.name] = Array.from({ length: spec.replicas }, () => ({
      service: spec.name,
      name: `${spec.name}-${podSuffix(rng)}`,
      ip: `10.42.${rng.int(0, 3)}.${rng.int(2, 250)}`,
      node: rng.pick(nodes),
      instanceId: uuid(rng),
    }));
  }
  const otelLabels = (pod: OtelPod) => ({
    job: `${OTEL_SERVICE_NAMESPACE}/${pod.service}`,
    instance: pod.instanceId,
    service_name: pod.service,
    service_namespace: OTEL_SERVICE_NAMESPACE,
  });
  const ctx: OtelContext = { b, pods, flow, otelLabels };

  const spanErrorRatio = (service: string, span: string, t: number): number => {
    const state = flow(t)[service]!;
    const own = fault.spanErrors?.[service];
    if (!own) return state.errorRatio;
    const inherited = Math.max(0, state.errorRatio - state.ownErrorRatio);
    return Math.min(1, inherited + (own[span]?.(t) ?? 0));
  };
  const everFails = (ratio: (t: number) => number) => b.times.some((t) => ratio(t) > 0);
  const produced = (t: number) => flow(t).checkout!.rate + (fault.kafkaFlood?.(t) ?? 0);
  /** Messages a consumer group handles per second: what arrives, up to its (possibly slowed) capacity. */
  const consumed = (group: string, t: number) =>
    Math.min(produced(t), consumerCapacity[group]! / (fault.consumerSlow?.(t) ?? 1));

  // checkout publishes each order to Kafka's `orders` topic.
  const publish = {
    service_name: 'checkout',
    span_name: 'orders publish',
    span_kind: 'SPAN_KIND_PRODUCER',
    status_code: 'STATUS_CODE_UNSET',
  };
  b.counter('traces_span_metrics_calls_total', publish, produced);
  b.histogram('traces_span_metrics_duration_milliseconds', publish, produced, () => 1.2, {
    buckets: SPAN_BUCKETS_MS,
  });

  for (const spec of specs) {
    const s = spec.name;
    // spanmetrics: server (or consumer) spans by status.
    for (const span of spec.spans) {
      const kind = span.kind ?? 'SPAN_KIND_SERVER';
      const rate = (t: number) =>
        kind === 'SPAN_KIND_CONSUMER' ? consumed(s, t) : flow(t)[s]!.rate * span.share;
      const err = (t: number) => spanErrorRatio(s, span.name, t);
      const base = { service_name: s, span_name: span.name, span_kind: kind };
      const latency = (t: number) =>
        flow(t)[s]!.latencyMs *
        (kind === 'SPAN_KIND_CONSUMER' ? (fault.consumerSlow?.(t) ?? 1) : 1);
      b.counter(
        'traces_span_metrics_calls_total',
        { ...base, status_code: 'STATUS_CODE_UNSET' },
        (t) => rate(t) * (1 - err(t)),
      );
      b.histogram(
        'traces_span_metrics_duration_milliseconds',
        { ...base, status_code: 'STATUS_CODE_UNSET' },
        (t) => rate(t) * (1 - err(t)),
        latency,
        { buckets: SPAN_BUCKETS_MS },
      );
      if (everFails(err)) {
        b.counter(
          'traces_span_metrics_calls_total',
          { ...base, status_code: 'STATUS_CODE_ERROR' },
          (t) => rate(t) * err(t),
          { initial: 0 },
        );
        b.histogram(
          'traces_span_metrics_duration_milliseconds',
          { ...base, status_code: 'STATUS_CODE_ERROR' },
          (t) => rate(t) * err(t),
          latency,
          { buckets: SPAN_BUCKETS_MS },
        );
      }
    }
    // Client spans and the service graph, per call.
    for (const c of spec.calls) {
      const target = specs.find((x) => x.name === c.to)!;
      const edge = (t: number) => flow(t)[s]!.calls[c.to]!;
      const base = { service_name: s, span_name: target.clientSpan, span_kind: 'SPAN_KIND_CLIENT' };
      const err = (t: number) => edge(t).errorRatio;
      b.counter(
        'traces_span_metrics_calls_total',
        { ...base, status_code: 'STATUS_CODE_UNSET' },
        (t) => edge(t).rate * (1 - err(t)),
      );
      b.histogram(
        'traces_span_metrics_duration_milliseconds',
        { ...base, status_code: 'STATUS_CODE_UNSET' },
        (t) => edge(t).rate,
        (t) => edge(t).latencyMs,
        { buckets: SPAN_BUCKETS_MS },
      );
      if (everFails(err))
        b.counter(
          'traces_span_metrics_calls_total',
          { ...base, status_code: 'STATUS_CODE_ERROR' },
          (t) => edge(t).rate * err(t),
          { initial: 0 },
        );
      // servicegraph pairs client and server spans; an unreachable server leaves no pairs.
      const paired = (t: number) => (flow(t)[c.to]!.rate > 0 ? edge(t).rate : 0);
      const graph = { client: s, server: c.to, connection_type: '' };
      b.counter('traces_service_graph_request_total', graph, paired);
      if (everFails(err))
        b.counter('traces_service_graph_request_failed_total', graph, (t) => paired(t) * err(t), {
          initial: 0,
        });
      b.histogram(
        'traces_service_graph_request_client_seconds',
        graph,
        paired,
        (t) => edge(t).latencyMs / 1000,
        { buckets: GRAPH_BUCKETS_S },
      );
      b.histogram(
        'traces_service_graph_request_server_seconds',
        graph,
        paired,
        (t) => flow(t)[c.to]!.latencyMs / 1000,
        { buckets: GRAPH_BUCKETS_S },
      );
    }

    for (const pod of pods[s]!) {
      const share = 1 / spec.replicas;
      const cpu = (t: number) =>
        spec.cpuCores +
        flow(t)[s]!.rate * share * spec.cpuPerRequest +
        (fault.extraCpu?.[s]?.(t) ?? 0);
      const memory = (t: number) =>
        spec.memoryMi * 1024 * 1024 + (fault.extraMemory?.[s]?.(t) ?? 0);
      if (spec.pod) {
        const cadvisor = {
          job: 'kubelet',
          metrics_path: '/metrics/cadvisor',
          namespace: OTEL_K8S_NAMESPACE,
          pod: pod.name,
          container: s,
          node: pod.node,
          image: `ghcr.io/open-telemetry/demo:${version}-${s}`,
        };
        b.counter('container_cpu_usage_seconds_total', cadvisor, cpu, {
          integer: false,
          noise: { jitter: 0.08 },
        });
        b.gauge('container_memory_working_set_bytes', cadvisor, memory, {
          noise: { jitter: 0.01, spikeChance: 0 },
        });
        if (spec.memoryLimitMi > 0)
          b.gauge(
            'container_spec_memory_limit_bytes',
            cadvisor,
            () => spec.memoryLimitMi * 1024 * 1024,
            { noise: false },
          );
        const ksm = {
          job: 'kube-state-metrics',
          namespace: OTEL_K8S_NAMESPACE,
          pod: pod.name,
          container: s,
        };
        b.gauge('kube_pod_container_status_restarts_total', ksm, () => 0, { noise: false });
        if (spec.memoryLimitMi > 0)
          b.gauge(
            'kube_pod_container_resource_limits',
            { ...ksm, resource: 'memory', unit: 'byte', node: pod.node },
            () => spec.memoryLimitMi * 1024 * 1024,
            { noise: false },
          );
        b.gauge(
          'kube_pod_info',
          {
            job: 'kube-state-metrics',
            namespace: OTEL_K8S_NAMESPACE,
            pod: pod.name,
            pod_ip: pod.ip,
            node: pod.node,
            host_ip: `10.0.${pod.node.split('-')[3]}.1`,
            created_by_kind: 'ReplicaSet',
            created_by_name: pod.name.split('-').slice(0, -1).join('-'),
          },
          () => 1,
          { noise: false },
        );
      }
      if (spec.sdkMetrics) {
        const labels = otelLabels(pod);
        b.gauge(
          'target_info',
          {
            ...labels,
            service_version: version,
            telemetry_sdk_language: spec.runtime === 'node' ? 'nodejs' : spec.runtime,
            k8s_pod_name: pod.name,
            k8s_namespace_name: OTEL_K8S_NAMESPACE,
          },
          () => 1,
          { noise: false },
        );
        runtimeMetrics(b, spec.runtime, labels, cpu, memory, (t) => flow(t)[s]!.rate * share);
        if (spec.runtime === 'java') {
          const major = fault.majorGc?.[s];
          b.histogram(
            'jvm_gc_duration_seconds',
            { ...labels, jvm_gc_name: 'G1 Old Generation', jvm_gc_action: 'end of major GC' },
            (t) => major?.rate(t) ?? 0.0008,
            (t) => major?.pauseSeconds(t) ?? 0.12,
            { buckets: [0.01, 0.1, 1, 10], noise: { jitter: 0.3, spikeChance: 0 } },
          );
        }
      }
    }

    // OTel HTTP server semconv histogram for the HTTP services.
    if (spec.sdkMetrics && ['node', 'ruby', 'php'].includes(spec.runtime)) {
      for (const pod of pods[s]!) {
        const share = 1 / spec.replicas;
        const route = spec.spans[0]!.name.split(' ')[1] ?? '/';
        const base = {
          ...otelLabels(pod),
          http_request_method: spec.spans[0]!.name.split(' ')[0] ?? 'POST',
          http_route: route,
        };
        const err = (t: number) => flow(t)[s]!.errorRatio;
        if (spec.name === 'payment') continue;
        b.histogram(
          'http_server_request_duration_seconds',
          { ...base, http_response_status_code: '200' },
          (t) => flow(t)[s]!.rate * share * (1 - err(t)),
          (t) => flow(t)[s]!.latencyMs / 1000,
          { buckets: HTTP_BUCKETS_S },
        );
        if (everFails(err))
          b.histogram(
            'http_server_request_duration_seconds',
            { ...base, http_response_status_code: '500' },
            (t) => flow(t)[s]!.rate * share * err(t),
            (t) => flow(t)[s]!.latencyMs / 1000,
            { buckets: HTTP_BUCKETS_S },
          );
      }
    }

    // Logs.
    if (spec.logs) {
      const format = spec.logs;
      for (const pod of pods[s]!) {
        const labels = {
          service_name: s,
          service_namespace: OTEL_SERVICE_NAMESPACE,
          k8s_namespace_name: OTEL_K8S_NAMESPACE,
          ...(spec.pod ? { k8s_pod_name: pod.name } : { host_name: 'accounting-vm-01' }),
        };
        const share = 1 / spec.replicas;
        const line = (level: Level, msg: string, t: number, r: Rng) =>
          formatLine({ format, level, msg, t, rng: r, logger: spec.logger, host: pod.name });
        const consumerRate = (t: number) =>
          consumers.includes(s as (typeof consumers)[number])
            ? (flow(t).checkout!.rate + (fault.kafkaFlood?.(t) ?? 0)) /
              (fault.consumerSlow?.(t) ?? 1)
            : 0;
        b.logs(
          labels,
          (t) => Math.min(50, (flow(t)[s]!.rate + consumerRate(t)) * share * 60 * 0.15),
          (t, r) => line('info', spec.info(r), t, r),
        );
        const errorLine = fault.errorLine?.[s];
        b.logs(
          labels,
          (t) => Math.min(240, flow(t)[s]!.rate * share * flow(t)[s]!.errorRatio * 60),
          (t, r) => {
            const custom = errorLine?.(t, r);
            if (custom) return line(custom.level ?? 'error', custom.msg, t, r);
            return line('error', genericError(spec, r), t, r);
          },
        );
        for (const extra of fault.extraLogs ?? []) {
          if (extra.service !== s) continue;
          b.logs(
            labels,
            (t) => extra.perMinute(t, flow(t)) * share,
            (t, r) => {
              const { msg, level } = extra.line(t, r);
              return line(level, msg, t, r);
            },
          );
        }
      }
    }
  }

  envoyStats(b, fault, flow, pods['frontend-proxy']![0]!);
  valkeyMetrics(b, flow);
  kafkaMetrics(b, fault, flow);
  fault.extra?.(ctx);
}

/** The demo's background errors: the occasional failed request every service has. */
function genericError(spec: OtelService, rng: Rng): string {
  switch (spec.runtime) {
    case 'go':
      return `request failed: rpc error: code = Canceled desc = context canceled`;
    case 'node':
      return `Error: 14 UNAVAILABLE: Connection dropped`;
    case 'java':
      return `io.grpc.StatusRuntimeException: CANCELLED: client cancelled`;
    case 'python':
      return `Exception calling application: deadline exceeded`;
    case 'dotnet':
      return `Grpc.Core.RpcException: Status(StatusCode="Cancelled", Detail="Call canceled by the client.")`;
    default:
      return `request ${rng.hex(8)} failed: client closed request`;
  }
}

function runtimeMetrics(
  b: TelemetryBuilder,
  runtime: Runtime,
  labels: Record<string, string>,
  cpu: Curve,
  memory: Curve,
  rate: Curve,
): void {
  b.counter(
    'process_cpu_time_seconds_total',
    { ...labels, process_cpu_state: 'user' },
    (t) => cpu(t) * 0.8,
    { integer: false },
  );
  b.counter(
    'process_cpu_time_seconds_total',
    { ...labels, process_cpu_state: 'system' },
    (t) => cpu(t) * 0.2,
    { integer: false },
  );
  switch (runtime) {
    case 'java': {
      b.gauge('jvm_cpu_recent_utilization_ratio', labels, (t) => Math.min(1, cpu(t) / 2));
      b.gauge(
        'jvm_memory_used_bytes',
        { ...labels, jvm_memory_type: 'heap', jvm_memory_pool_name: 'G1 Old Gen' },
        (t) => memory(t) * 0.35,
        { noise: { jitter: 0.03 } },
      );
      b.gauge(
        'jvm_memory_used_bytes',
        { ...labels, jvm_memory_type: 'heap', jvm_memory_pool_name: 'G1 Eden Space' },
        (t) => memory(t) * 0.15,
        { noise: { jitter: 0.25 } },
      );
      b.gauge(
        'jvm_memory_limit_bytes',
        { ...labels, jvm_memory_type: 'heap', jvm_memory_pool_name: 'G1 Old Gen' },
        (t) => memory(t) * 0.7,
        { noise: false },
      );
      b.gauge('jvm_thread_count', { ...labels, jvm_thread_daemon: 'true' }, () => 21, {
        integer: true,
        noise: { jitter: 0.05 },
      });
      b.histogram(
        'jvm_gc_duration_seconds',
        { ...labels, jvm_gc_name: 'G1 Young Generation', jvm_gc_action: 'end of minor GC' },
        (t) => 0.05 + rate(t) * 0.002,
        () => 0.004,
        { buckets: [0.01, 0.1, 1, 10] },
      );
      break;
    }
    case 'node':
      b.gauge('nodejs_eventloop_delay_p99_seconds', labels, () => 0.012, {
        noise: { jitter: 0.15 },
      });
      b.gauge(
        'v8js_memory_heap_used_bytes',
        { ...labels, v8js_heap_space_name: 'old_space' },
        (t) => memory(t) * 0.4,
        { noise: { jitter: 0.04 } },
      );
      break;
    case 'go':
      b.gauge('go_goroutine_count', labels, (t) => 18 + rate(t) * 0.3, { integer: true });
      b.gauge(
        'go_memory_used_bytes',
        { ...labels, go_memory_type: 'other' },
        (t) => memory(t) * 0.6,
        { noise: { jitter: 0.05 } },
      );
      break;
    case 'python':
      b.gauge(
        'process_runtime_cpython_memory_bytes',
        { ...labels, type: 'rss' },
        (t) => memory(t) * 0.95,
        { noise: { jitter: 0.01 } },
      );
      b.gauge('process_runtime_cpython_cpu_utilization_ratio', labels, (t) => Math.min(1, cpu(t)), {
        noise: { jitter: 0.1 },
      });
      break;
    case 'dotnet':
      b.gauge(
        'process_runtime_dotnet_gc_heap_size_bytes',
        { ...labels, generation: 'gen2' },
        (t) => memory(t) * 0.3,
        { noise: { jitter: 0.03 } },
      );
      break;
    default:
      break;
  }
}

/** Envoy's admin stats for the proxy's upstream clusters (scraped from :10000/stats/prometheus). */
function envoyStats(
  b: TelemetryBuilder,
  fault: OtelFault,
  flow: (t: number) => Record<string, ServiceState>,
  pod: OtelPod,
): void {
  const base = {
    job: 'envoy-stats',
    instance: `${pod.ip}:10000`,
    namespace: OTEL_K8S_NAMESPACE,
    pod: pod.name,
  };
  for (const cluster of ['frontend', 'image-provider']) {
    const edge = (t: number) => flow(t)['frontend-proxy']!.calls[cluster]!;
    const labels = { ...base, envoy_cluster_name: cluster };
    b.counter('envoy_cluster_upstream_rq_total', labels, (t) => edge(t).rate);
    b.counter(
      'envoy_cluster_upstream_rq_xx_total',
      { ...labels, envoy_response_code_class: '2' },
      (t) => edge(t).rate * (1 - edge(t).errorRatio),
    );
    if (b.times.some((t) => edge(t).errorRatio > 0))
      b.counter(
        'envoy_cluster_upstream_rq_xx_total',
        { ...labels, envoy_response_code_class: '5' },
        (t) => edge(t).rate * edge(t).errorRatio,
        { initial: 0 },
      );
    b.histogram(
      'envoy_cluster_upstream_rq_time',
      labels,
      (t) => edge(t).rate,
      (t) => edge(t).latencyMs,
      { buckets: ENVOY_BUCKETS_MS },
    );
  }
  void fault;
}

/** The Collector's redis receiver scraping valkey-cart. */
function valkeyMetrics(
  b: TelemetryBuilder,
  flow: (t: number) => Record<string, ServiceState>,
): void {
  const labels = {
    job: 'otel-collector',
    instance: 'valkey-cart:6379',
    service_name: 'valkey-cart',
    redis_version: '8.0.2',
  };
  const up = (t: number) => flow(t)['valkey-cart']!.rate > 0 || flow(t).cart!.rate === 0;
  b.gauge('redis_clients_connected', labels, (t) => (up(t) ? 4 : null), {
    integer: true,
    noise: { jitter: 0.1 },
  });
  b.gauge('redis_memory_used_bytes', labels, (t) => (up(t) ? 3.1e6 : null), {
    noise: { jitter: 0.02 },
  });
  b.counter('redis_commands_processed_total', labels, (t) =>
    up(t) ? flow(t)['valkey-cart']!.rate : null,
  );
  b.counter('redis_keyspace_hits_total', labels, (t) =>
    up(t) ? flow(t)['valkey-cart']!.rate * 0.7 : null,
  );
  b.counter('redis_keyspace_misses_total', labels, (t) =>
    up(t) ? flow(t)['valkey-cart']!.rate * 0.1 : null,
  );
  b.counter('redis_uptime_seconds_total', labels, (t) => (up(t) ? 1 : null), {
    noise: false,
    initial: 812_345,
  });
}

/** The Collector's kafkametrics receiver: consumer group offsets and lag on `orders`. */
function kafkaMetrics(
  b: TelemetryBuilder,
  fault: OtelFault,
  flow: (t: number) => Record<string, ServiceState>,
): void {
  const base = { job: 'otel-collector', service_name: 'kafka', topic: 'orders' };
  const produced = (t: number) => flow(t).checkout!.rate + (fault.kafkaFlood?.(t) ?? 0);
  b.counter('kafka_topic_messages_produced_total', base, produced);
  for (const group of consumers) {
    // Lag accumulates what producers wrote faster than the group consumes.
    let lag = 0;
    const rng = b.rng(`kafka:lag:${group}`);
    const lagAt = new Map<number, number>();
    for (const t of b.times) {
      const slow = fault.consumerSlow?.(t) ?? 1;
      const capacity = consumerCapacity[group]!;
      const consumed = Math.min(produced(t) + lag / b.timeline.step, capacity / slow);
      lag = Math.max(0, lag + (produced(t) - consumed) * b.timeline.step);
      lagAt.set(t, Math.round(lag + rng.int(0, 3)));
    }
    b.gauge(
      'kafka_consumer_group_lag',
      { ...base, group, partition: '0' },
      (t) => lagAt.get(t) ?? 0,
      { noise: false },
    );
    b.gauge('kafka_consumer_group_lag_sum', { ...base, group }, (t) => lagAt.get(t) ?? 0, {
      noise: false,
    });
    b.gauge('kafka_consumer_group_members', { ...base, group }, () => 1, { noise: false });
  }
}
