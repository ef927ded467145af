import { parseLogql, parsePromql } from '@vibemonitor/simulator/sources';
import { parseLogql as parseFakeLokiLogql } from '../packages/integrations/src/testing/index.js';

/*
 * Parse time per query for the demo's PromQL and LogQL parsers and the
 * fake Loki's LogQL parser, over a few hundred generated queries shaped
 * like the ones the checks and the model send (the conformance test's set,
 * crossed with services, ranges and label values).
 * Run: npx tsx bench/query-parse.ts
 */

const services = [
  'orders',
  'payments',
  'gateway',
  'auth',
  'redis',
  'postgres',
  'search',
  'billing',
];
const ranges = ['1m', '5m', '10m', '1h'];

const promTemplates = [
  (s: string, r: string) =>
    `histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="${s}"}[${r}])))`,
  (s: string, r: string) =>
    `sum(rate(http_request_duration_seconds_count{job="${s}", code=~"5.."}[${r}])) / sum(rate(http_request_duration_seconds_count{job="${s}"}[${r}]))`,
  (s: string, r: string) =>
    `sum(rate(container_cpu_usage_seconds_total{container="${s}", container!=""}[${r}]))`,
  (s: string) =>
    `max(hikaricp_connections_active{job="${s}"} / hikaricp_connections_max{job="${s}"})`,
  (s: string) =>
    `1 - min(node_filesystem_avail_bytes{instance="${s}", fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{instance="${s}", fstype!~"tmpfs|overlay"})`,
  (s: string, r: string) =>
    `topk(3, sum by (container) (rate(container_cpu_usage_seconds_total{namespace="${s}"}[${r}])))`,
  (s: string, r: string) =>
    `increase(http_requests_total{job=~"auth|${s}", code!="200"}[${r}] offset 10m)`,
  (s: string) => `container_memory_working_set_bytes{container!~"${s}|redis"} > 200 * 1024 * 1024`,
  (s: string, r: string) => `sum(rate(http_requests_total{job="${s}"}[${r}])) by (code) > bool 1`,
  (s: string) => `up{job="${s}"} and on(job) redis_up`,
  (s: string, r: string) =>
    `round(clamp_max(sum by (job) (rate(http_requests_total{job="${s}"}[${r}])), 50), 0.1)`,
  (s: string, r: string) =>
    `-sum(rate(container_cpu_usage_seconds_total{container="${s}"}[${r}])) * 100 / scalar(count(up))`,
];

const logTemplates = [
  (s: string) => `{service_name="${s}"}`,
  (s: string) => `{service_name="${s}"} |= "OutOfMemoryError"`,
  (s: string) => `{service_name=~"${s}|payments"} |~ "(?i)heap|gc overhead" != "after full GC"`,
  (s: string, r: string) => `count_over_time({service_name="${s}"} |= "OOMKilled" [${r}])`,
  (s: string, r: string) =>
    `sum by (service_name) (rate({namespace="${s}"} |~ "error|ERROR" [${r}]))`,
  (s: string, r: string) => `sum(count_over_time({service_name=~"${s}.+"}[${r}]))`,
];

function expand(templates: Array<(s: string, r: string) => string>): string[] {
  return templates.flatMap((t) => services.flatMap((s) => ranges.map((r) => t(s, r))));
}

function time(name: string, queries: string[], parse: (q: string) => unknown): void {
  for (const q of queries) parse(q); // warm-up (and proof every query parses)
  // The machine is shared: the fastest of 15 passes is the least disturbed one.
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 15; pass += 1) {
    const started = process.hrtime.bigint();
    for (const q of queries) parse(q);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / queries.length);
  }
  console.log(
    `${name.padEnd(28)} ${String(queries.length).padStart(4)} queries  ${best.toFixed(1)} µs/query (best of 15 passes)`,
  );
}

const promQueries = expand(promTemplates);
const logQueries = expand(logTemplates);
time('demo PromQL', promQueries, parsePromql);
time('demo LogQL', logQueries, parseLogql);
time('fake Loki LogQL', logQueries, parseFakeLokiLogql);
