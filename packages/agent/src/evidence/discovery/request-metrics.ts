import type { MetricRecipe } from './metric-families.js';

/*
 * Request counters and latency histograms found by their shape rather than
 * by a fixed list of names: every instrumentation library names them its own
 * way (`http_requests_total`, `request_count`, `http_server_requests_seconds_count`,
 * `grpc_server_handled_total`, `traces_span_metrics_calls_total`...) and
 * marks failures in a label of its own (`code`, `status`, `status_code`,
 * `status_class`, `response_code`, `http_response_status_code`, `grpc_code`,
 * span status). The error ratio is measured wherever such a counter has such
 * a label; throughput wherever the counter exists.
 */

/** Counters of handled requests or calls, server side. */
const REQUEST_COUNTER =
  /(?:^|_)(?:requests?|calls|handled|responses?|messages(?:_produced|_in|_received|_published)?|duration(?:_seconds|_milliseconds|_ms)?|latency(?:_seconds|_milliseconds|_ms)?|requests_seconds|request_duration(?:_seconds|_milliseconds|_ms)?)_(?:total|count)$|^calls(?:_total)?$/;
/** Client-side views are the caller's picture of its dependencies, not the service's own traffic. */
const CLIENT_SIDE = /(?:^|_)client(?:_|$)|_outbound_|_upstream_|_egress_/;
/** Latency histograms of requests (the `_bucket` series of a histogram with `le`). */
const LATENCY_HISTOGRAM =
  /(?:duration|latency|response_time|request_time|requests_seconds|handling_seconds)[a-z_]*_bucket$/;
/** Whose duration it is: requests, calls, spans, handlers; a bare `duration_*` / `latency` is span metrics'. */
const REQUEST_CONTEXT =
  /http|rpc|grpc|request|server|span|handler|route|endpoint|api|calls?(?:_|$)|^(?:duration|latency)(?:_seconds|_milliseconds|_ms)?_bucket$/;
/** Durations of the runtime and of outgoing work: garbage collection, event loops, queues, database calls. */
const NOT_REQUEST_TIME =
  /(?:^|_)(?:gc|jvm|runtime|eventloop|event_loop|process|db|sql|kafka|consumer|producer|queue|job|task|cron|lock|dns|tls|connect(?:ion)?s?)(?:_|$)/;
/** Counters of the queries a service sends (`django_db_query_duration_seconds_count`, `hikaricp_...`). */
const OUTGOING_QUERIES =
  /(?:^|_)(?:db|sql|query|queries|cache|redis|memcached?|mongo(?:db)?|jdbc|hikaricp)(?:_|$)/;
const MILLISECONDS = /milliseconds|(?:^|_)ms(?:_|$)/;

/** Labels that carry a request's outcome, most specific first. */
export const STATUS_LABELS = [
  'http_response_status_code',
  'http_status_code',
  'status_code',
  'response_code',
  'code',
  'status',
  'status_class',
  'grpc_code',
  'grpc_status',
  'rpc_grpc_status_code',
  'outcome',
  'result',
  'error',
  'success',
] as const;

/** gRPC codes that mean the server failed (not the caller's mistake), by name and by number. */
const GRPC_SERVER_ERRORS = new Set([
  'unknown',
  'deadlineexceeded',
  'deadline_exceeded',
  'unimplemented',
  'internal',
  'unavailable',
  'dataloss',
  'data_loss',
  'resourceexhausted',
  'resource_exhausted',
  '2',
  '4',
  '8',
  '12',
  '13',
  '14',
  '15',
]);

/**
 * True when a value of a status label marks a failed request the server is
 * responsible for: HTTP 5xx in any spelling, a server-side gRPC code, an
 * error span status, Micrometer's SERVER_ERROR outcome, an `error="true"`
 * or `success="false"` flag.
 */
export function isServerErrorValue(label: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (label === 'success') return v === 'false' || v === '0';
  if (label === 'error') return v === 'true' || v === '1';
  if (/^5\d\d$/.test(v) || /^5xx$/.test(v)) return true;
  if (label.startsWith('grpc') || label.startsWith('rpc_grpc')) return GRPC_SERVER_ERRORS.has(v);
  return (
    v === 'status_code_error' ||
    v === 'server_error' ||
    v === 'error' ||
    v === 'failure' ||
    v === 'failed' ||
    v === 'fail' ||
    v === 'internal' ||
    v === 'unavailable'
  );
}

function escapeRegexValue(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '\\"');
}

/** What discovery needs to know about one candidate metric: its label names and, per status label, its values. */
export interface MetricShape {
  name: string;
  labels: ReadonlySet<string>;
  /** Values seen for a label over the investigation window (null when unknown). */
  values(label: string): readonly string[] | null;
}

/**
 * django-prometheus names its counters after their labels:
 * `django_http_responses_total_by_status_total`, `django_http_requests_total_by_method_total`.
 */
const BY_LABEL_COUNTER = /(?:^|_)(?:requests?|responses)_total_by_[a-z_]+_total$/;

export function isRequestCounter(name: string): boolean {
  return (
    (REQUEST_COUNTER.test(name) || BY_LABEL_COUNTER.test(name)) &&
    !CLIENT_SIDE.test(name) &&
    // Queries a service sends to its database or cache are its own outgoing work, not requests served.
    !OUTGOING_QUERIES.test(name) &&
    !name.endsWith('_bucket')
  );
}

export function isLatencyHistogram(name: string): boolean {
  return (
    LATENCY_HISTOGRAM.test(name) &&
    REQUEST_CONTEXT.test(name) &&
    !NOT_REQUEST_TIME.test(name) &&
    !CLIENT_SIDE.test(name)
  );
}

/**
 * The matcher that keeps a request metric to the requests the service served:
 * span metrics count client and internal spans too (`span_kind`), Istio's
 * sidecars report each call twice, as caller and as callee (`reporter`), and
 * Linkerd's proxies count both directions (`direction`). A service's error
 * ratio is the callee's view; its calls to others are its dependencies'.
 */
function serverSideMatcher(shape: MetricShape): string {
  const parts: string[] = [];
  if (shape.labels.has('span_kind')) {
    const kinds = shape.values('span_kind') ?? [];
    const server = kinds.filter((k) => /server|consumer/i.test(k));
    if (server.length > 0) parts.push(`span_kind=~"${server.map(escapeRegexValue).join('|')}"`);
  }
  if (shape.labels.has('reporter') && (shape.values('reporter') ?? []).includes('destination'))
    parts.push('reporter="destination"');
  if (shape.labels.has('direction') && (shape.values('direction') ?? []).includes('inbound'))
    parts.push('direction="inbound"');
  return parts.join(', ');
}

/** Labels whose values decide which side of a call a request metric counts (see serverSideMatcher). */
export const SIDE_LABELS = ['span_kind', 'reporter', 'direction'] as const;

const join = (...parts: string[]) => parts.filter((p) => p.length > 0).join(', ');

/**
 * Recipes for the error ratio and throughput of each request counter, and
 * the latency quantiles of each latency histogram, among `shapes`. The error
 * ratio's numerator matches the failing values actually present (or, when
 * none failed in the window, the label's conventional failing values), and
 * falls back to 0 so "no failures" reads as 0%, measured, not as no data.
 */
export function requestMetricRecipes(shapes: readonly MetricShape[]): MetricRecipe[] {
  const recipes: MetricRecipe[] = [];
  for (const shape of shapes) {
    if (isRequestCounter(shape.name)) {
      const server = serverSideMatcher(shape);
      const family = 'discovered' as const;
      const statusLabel = STATUS_LABELS.find((label) => shape.labels.has(label));
      if (statusLabel) {
        const failing = (shape.values(statusLabel) ?? []).filter((v) =>
          isServerErrorValue(statusLabel, v),
        );
        const errorMatcher =
          failing.length > 0
            ? `${statusLabel}=~"${failing.map(escapeRegexValue).join('|')}"`
            : statusLabel === 'success'
              ? `${statusLabel}="false"`
              : statusLabel === 'error'
                ? `${statusLabel}="true"`
                : `${statusLabel}=~"5..|5xx|5XX|STATUS_CODE_ERROR|SERVER_ERROR"`;
        recipes.push({
          signal: 'error_ratio',
          family,
          requires: [shape.name],
          build: (m, rate) =>
            `(sum(rate(${shape.name}${m(join(server, errorMatcher))}[${rate}])) or vector(0)) / sum(rate(${shape.name}${m(server)}[${rate}]))`,
          unit: 'ratio',
        });
      }
      recipes.push({
        signal: 'throughput',
        family,
        requires: [shape.name],
        build: (m, rate) => `sum(rate(${shape.name}${m(server)}[${rate}]))`,
        unit: 'requests/s',
      });
    }
    if (isLatencyHistogram(shape.name) && shape.labels.has('le')) {
      const server = serverSideMatcher(shape);
      const divisor = MILLISECONDS.test(shape.name) ? ' / 1000' : '';
      for (const [signal, q] of [
        ['latency_p99', 0.99],
        ['latency_p95', 0.95],
        ['latency_p50', 0.5],
      ] as const) {
        recipes.push({
          signal,
          family: 'discovered',
          requires: [shape.name],
          build: (m, rate) =>
            `histogram_quantile(${q}, sum by (le) (rate(${shape.name}${m(server)}[${rate}])))${divisor}`,
          unit: 'seconds',
        });
      }
    }
  }
  return recipes;
}

/**
 * Mean latency where a request timer publishes no buckets: Micrometer's
 * default timers (`http_server_requests_seconds_count` / `_sum`), Prometheus
 * summaries without quantiles. `names` are every metric name in the source;
 * a timer with buckets is left to its quantiles.
 */
export function meanLatencyRecipes(
  shapes: readonly MetricShape[],
  names: ReadonlySet<string>,
): MetricRecipe[] {
  const recipes: MetricRecipe[] = [];
  for (const shape of shapes) {
    const base = shape.name.replace(/_count$/, '');
    if (
      base === shape.name ||
      !isRequestCounter(shape.name) ||
      !/(?:seconds|milliseconds|_ms)$/.test(base) ||
      !names.has(`${base}_sum`) ||
      names.has(`${base}_bucket`)
    )
      continue;
    const server = serverSideMatcher(shape);
    const divisor = MILLISECONDS.test(base) ? ' / 1000' : '';
    recipes.push({
      signal: 'latency_mean',
      family: 'discovered',
      requires: [shape.name, `${base}_sum`],
      build: (m, rate) =>
        `(sum(rate(${base}_sum${m(server)}[${rate}])) / sum(rate(${shape.name}${m(server)}[${rate}])))${divisor}`,
      unit: 'seconds',
    });
  }
  return recipes;
}

/** Exporters' own health gauges (`mysql_up`, `mongodb_up`, `rabbitmq_up`...) and blackbox probes. */
const HEALTH_GAUGE = /^[a-z][a-z0-9_]*_up$|^probe_success$/;

export function isHealthGauge(name: string): boolean {
  return HEALTH_GAUGE.test(name);
}

/**
 * Availability recipes for every health gauge in the source: 1 when the
 * exporter reaches its server (or the probe succeeds), 0 when not; the
 * minimum over the service's series, so one replica down shows. Probes
 * are averaged over the rate window first: a probe failing one time in
 * seven (a lossy network) is 86% available, not a coin toss at each step.
 */
export function healthGaugeRecipes(names: Iterable<string>): MetricRecipe[] {
  return [...names].filter(isHealthGauge).map((name) => ({
    signal: 'availability' as const,
    family: 'discovered' as const,
    requires: [name],
    build: (m: (extra?: string) => string, rate: string) =>
      name === 'probe_success'
        ? `min(avg_over_time(${name}${m()}[${rate}]))`
        : `min(${name}${m()})`,
    unit: 'ratio',
  }));
}
