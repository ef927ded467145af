import {
  healthGaugeRecipes,
  hostOfInstance,
  isLatencyHistogram,
  isRequestCounter,
  matchServiceLabels,
  metricCatalogue,
  planQueries,
  rankMetricChanges,
  requestMetricRecipes,
  meanLatencyRecipes,
  SIDE_LABELS,
  STATUS_LABELS,
  type MetricCandidate,
  type MetricChange,
  type MetricRecipe,
  type MetricShape,
  type PlannedQuery,
  type SignalKind,
} from '../evidence/index.js';
import { EVIDENCE_SERIES_MAX_POINTS, type EvidenceSeries } from '@vibemonitor/contracts';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type { MetricSource } from '../sources/data-sources.js';
import { mapLimit } from './map-limit.js';
import type { ServiceDirectory } from './service-directory.js';

/** Points per range query: enough for robust statistics over baseline and incident, few enough to stay fast. */
const SWEEP_POINTS = 120;
const CONCURRENCY = 8;

/** One signal of one service (or node) compared across the windows. */
export interface SweptSignal {
  change: MetricChange;
  source: MetricSource;
  query: PlannedQuery;
  /** `node` for node-level signals (node-exporter), where `service` is the node's instance. */
  scope: 'service' | 'node';
  /** Labels of the first series, e.g. a filesystem's mountpoint. */
  labels: Record<string, string>;
  /** The first series over baseline and incident, and the incident window, for the report's chart. */
  series: EvidenceSeries;
}

/** At most EVIDENCE_SERIES_MAX_POINTS points, evenly thinned, NaN as null. */
function chartSeries(
  labels: Record<string, string>,
  points: ReadonlyArray<{ timestamp: number; value: number | null }>,
  window: InvestigationWindow,
): EvidenceSeries {
  const stride = Math.ceil(points.length / EVIDENCE_SERIES_MAX_POINTS) || 1;
  const kept = points.filter((_, i) => i % stride === 0);
  return {
    labels,
    points: kept.map((p) => [
      p.timestamp,
      p.value === null || !Number.isFinite(p.value) ? null : p.value,
    ]),
    incident: { start: window.incident.start.getTime(), end: window.incident.end.getTime() },
  };
}

/** What became of one signal of one service (or node): measured, queried without data, or every query failed. */
export interface SweepAttempt {
  service: string;
  signal: SignalKind;
  scope: SweptSignal['scope'];
  outcome: 'measured' | 'empty' | 'failed';
  source: MetricSource;
  /** The queries tried, in order. */
  queries: string[];
}

export interface MetricSweep {
  signals: SweptSignal[];
  /** Calls between services seen in the window (client -> server), from service-graph metrics. */
  edges: Array<{ client: string; server: string }>;
  /** Every (service, signal) that had at least one applicable query, and how it ended. */
  attempts: SweepAttempt[];
  /** Services (and nodes) with at least one signal that had data. */
  covered: Set<string>;
  failures: string[];
}

const NODE_SIGNALS: readonly SignalKind[] = ['cpu', 'memory', 'disk_usage', 'tcp_retransmits'];
/** node-exporter metrics whose series say which host they describe. */
const NODE_METRICS = [
  'node_filesystem_avail_bytes',
  'node_memory_MemAvailable_bytes',
  'node_cpu_seconds_total',
];
/** Labels of node-exporter series that can name the host's service (a database VM, a broker host). */
const HOST_IDENTITY_LABELS = ['service', 'host', 'hostname', 'nodename', 'instance', 'job'];
/** Request counters and latency histograms looked at per source, at most (each costs label lookups). */
const MAX_DISCOVERED_METRICS = 24;
const MAX_NODES = 20;

/**
 * The service a node-exporter host belongs to, when one of its identity
 * labels names it (`instance="postgres-0:9100"`, `host="kafka-1"`,
 * `job="postgres-node"`), else null: the node is then judged as a node.
 */
export function hostOwner(
  labels: Record<string, string>,
  services: readonly string[],
): string | null {
  let best: { service: string; score: number } | null = null;
  for (const label of HOST_IDENTITY_LABELS) {
    const raw = labels[label];
    if (!raw) continue;
    const value = label === 'instance' ? hostOfInstance(raw) : raw;
    for (const service of services) {
      const exact =
        matchServiceLabels({ service, labelValues: { [label]: [value] }, labelNames: [label] })[0]
          ?.score ?? 0;
      const lower = value.toLowerCase();
      const name = service.toLowerCase();
      // `postgres-node`, `postgres_primary`: the service's name, then a role word.
      const prefixed =
        name.length >= 4 && lower.startsWith(name) && /[-_.]/.test(lower.charAt(name.length))
          ? 50
          : 0;
      const score = Math.max(exact, prefixed);
      if (score > 0 && (best === null || score > best.score)) best = { service, score };
    }
  }
  return best?.service ?? null;
}

/** Discovered request counters and latency histograms of one source, as recipes (see requestMetricRecipes). */
async function discoveredRecipes(
  directory: ServiceDirectory,
  source: MetricSource,
  signal: AbortSignal,
): Promise<MetricRecipe[]> {
  const names = [...directory.metricNames(source)]
    .filter((name) => isRequestCounter(name) || isLatencyHistogram(name))
    .sort()
    .slice(0, MAX_DISCOVERED_METRICS);
  const shapes = await Promise.all(
    names.map(async (name): Promise<MetricShape> => {
      const labels = (await directory.metricLabels(source, name, signal)) ?? new Set<string>();
      const values = new Map<string, readonly string[] | null>();
      const wanted = [
        ...STATUS_LABELS.filter((label) => labels.has(label)).slice(0, 1),
        ...SIDE_LABELS.filter((label) => labels.has(label)),
      ];
      await Promise.all(
        wanted.map(async (label) => {
          const found = await directory.metricLabelValues(source, name, label, signal);
          values.set(label, found === null ? null : [...found]);
        }),
      );
      return { name, labels, values: (label) => values.get(label) ?? null };
    }),
  );
  return [
    ...requestMetricRecipes(shapes),
    ...meanLatencyRecipes(shapes, directory.metricNames(source)),
    ...healthGaugeRecipes(directory.metricNames(source)),
  ];
}

/** Service-graph metrics and the labels naming both ends of an edge. */
const GRAPH_METRICS: ReadonlyArray<{ metric: string; client: string; server: string }> = [
  { metric: 'traces_service_graph_request_total', client: 'client', server: 'server' },
  { metric: 'istio_requests_total', client: 'source_workload', server: 'destination_workload' },
  { metric: 'linkerd_response_total', client: 'deployment', server: 'dst_deployment' },
];

/** Who called whom in the window, by the service graph the telemetry carries (none when it has none). */
async function serviceGraph(
  directory: ServiceDirectory,
  source: MetricSource,
  window: InvestigationWindow,
  signal: AbortSignal,
): Promise<Array<{ client: string; server: string }>> {
  const names = directory.metricNames(source);
  const edges: Array<{ client: string; server: string }> = [];
  for (const graph of GRAPH_METRICS.filter((g) => names.has(g.metric))) {
    const result = await source
      .instant({
        query: `sum by (${graph.client}, ${graph.server}) (increase(${graph.metric}[${Math.max(1, Math.round((window.incident.end.getTime() - window.baseline.start.getTime()) / 60_000))}m]))`,
        time: window.incident.end,
        maxSeries: 500,
        signal,
      })
      .catch(() => ({ series: [] }));
    for (const series of result.series) {
      const client = series.labels[graph.client];
      const server = series.labels[graph.server];
      if (!client || !server || client === server || (series.points[0]?.value ?? 0) <= 0) continue;
      edges.push({
        client: directory.resolve(client) ?? client,
        server: directory.resolve(server) ?? server,
      });
    }
  }
  return edges;
}

/** The hosts node-exporter describes in one source, each with its identity labels. */
async function nodeHosts(
  source: MetricSource,
  present: Set<string>,
  window: InvestigationWindow,
  signal: AbortSignal,
): Promise<Map<string, Record<string, string>>> {
  const hosts = new Map<string, Record<string, string>>();
  for (const metric of NODE_METRICS.filter((name) => present.has(name))) {
    const found = await source
      .series({
        match: [metric],
        start: window.baseline.start,
        end: window.incident.end,
        limit: 500,
        signal,
      })
      .catch(() => ({ series: [] as Array<Record<string, string>> }));
    for (const labels of found.series) {
      const instance = labels.instance;
      if (instance && !hosts.has(instance)) hosts.set(instance, labels);
    }
  }
  return hosts;
}

/** The metric baseline spans this many incident windows before the incident, at most MAX_BASELINE_MS. */
const BASELINE_WINDOWS = 3;
const MAX_BASELINE_MS = 6 * 60 * 60_000;

/**
 * Where the metrics' baseline starts: three windows before the incident
 * rather than one, so a fault that began shortly before the window (and so
 * fills part of the window just before it) is a minority of the baseline
 * and the median still says what normal was. Missing older data just
 * shortens it.
 */
export function metricBaselineStart(window: InvestigationWindow): Date {
  const length = window.incident.end.getTime() - window.incident.start.getTime();
  return new Date(
    window.incident.start.getTime() - Math.min(BASELINE_WINDOWS * length, MAX_BASELINE_MS),
  );
}

async function runQuery(
  source: MetricSource,
  window: InvestigationWindow,
  service: string,
  query: PlannedQuery,
  scope: SweptSignal['scope'],
  signal: AbortSignal,
): Promise<SweptSignal | null> {
  const baselineStart = metricBaselineStart(window);
  const result = await source.range({
    query: query.promql,
    start: baselineStart,
    end: window.incident.end,
    maxPoints: SWEEP_POINTS,
    maxSeries: 5,
    signal,
  });
  const first = result.series[0];
  if (!first || first.points.every((p) => p.value === null)) return null;
  const candidate: MetricCandidate = {
    service,
    signal: query.signal,
    points: first.points.map((p) => [p.timestamp / 1000, p.value ?? Number.NaN] as const),
    query: query.promql,
  };
  const incident = {
    start: window.incident.start.getTime() / 1000,
    end: window.incident.end.getTime() / 1000 + 1,
  };
  let [change] = rankMetricChanges({
    candidates: [candidate],
    incident,
    baseline: { start: baselineStart.getTime() / 1000, end: window.baseline.end.getTime() / 1000 },
  });
  if (change && !change.abnormal && LEVEL_SIGNALS.has(query.signal)) {
    // A fault that began before the window (a disk that filled over the last hour, errors since
    // an hour ago) fills the baseline too: judged against the oldest part of the baseline,
    // before it began. Only for levels that do not follow the day's traffic.
    const length = window.incident.end.getTime() - window.incident.start.getTime();
    const [earlier] = rankMetricChanges({
      candidates: [candidate],
      incident,
      baseline: {
        start: baselineStart.getTime() / 1000,
        end: Math.min(baselineStart.getTime() + length, window.baseline.end.getTime()) / 1000,
      },
    });
    const nearlyFull = query.signal !== 'disk_usage' || (earlier?.incidentMedian ?? 0) >= 0.9;
    if (earlier?.abnormal && nearlyFull)
      change = {
        ...earlier,
        note: 'began before the window: compared with the time before it began',
      };
  }
  if (!change) return null;
  if (change.abnormal && DAILY_SIGNALS.has(query.signal))
    await compareWithYesterday(source, window, query, change, signal);
  return {
    change,
    source,
    query,
    scope,
    labels: first.labels,
    series: chartSeries(first.labels, first.points, window),
  };
}

/**
 * Levels that are news whenever they differ from before (errors, outages, a
 * full disk, exhausted descriptors, a lossy network), unlike traffic and what
 * it costs, which drift through the day.
 */
const LEVEL_SIGNALS: ReadonlySet<SignalKind> = new Set([
  'error_ratio',
  'availability',
  'disk_usage',
  'fd_usage',
  'tcp_retransmits',
  'memory_utilization',
]);

/** A service's request rate over time (ms, requests/s), as the sweep measured it. */
export type TrafficSeries = ReadonlyArray<readonly [number, number | null]>;

/**
 * Each service's request rate over the baseline and the incident, where it
 * was measured, so a check that samples part of each window (the log check)
 * can tell how much busier the service was in the parts it read.
 */
export function trafficSeries(sweep: MetricSweep): Map<string, TrafficSeries> {
  const series = new Map<string, TrafficSeries>();
  for (const { change, scope, series: chart } of sweep.signals)
    if (scope === 'service' && change.signal === 'throughput' && !series.has(change.service))
      series.set(change.service, chart.points);
  return series;
}

/** The mean of a series between two instants (ms), or null without data there. */
export function meanBetween(points: TrafficSeries, start: number, end: number): number | null {
  const values = points
    .filter(([t, v]) => t >= start && t <= end && v !== null && Number.isFinite(v))
    .map(([, v]) => v!);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

const DAY_MS = 24 * 60 * 60_000;
/**
 * Signals that follow the day's work: traffic, the CPU and memory it costs,
 * the throttling it causes and the queues it fills (a nightly batch, the
 * morning peak). Errors, outages, restarts and full disks are news even when
 * they happened yesterday too.
 */
const DAILY_SIGNALS: ReadonlySet<SignalKind> = new Set([
  'throughput',
  'cpu',
  'cpu_throttling',
  'memory',
  'gc_time',
  'queue_depth',
  'pool_saturation',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'latency_mean',
]);
/** Traffic (and the CPU it costs) within this factor of the same window yesterday is the daily pattern. */
const DAILY_PATTERN_FACTOR = 1.3;

/**
 * Traffic follows the day, and the CPU it costs with it: a rise that the
 * same window yesterday also had is the daily peak, not a surge. When
 * yesterday's data exists, a throughput or CPU change whose incident median is within DAILY_PATTERN_FACTOR of
 * yesterday's is marked normal (and says why). Without yesterday's data
 * nothing changes.
 */
async function compareWithYesterday(
  source: MetricSource,
  window: InvestigationWindow,
  query: PlannedQuery,
  change: MetricChange,
  signal: AbortSignal,
): Promise<void> {
  const yesterday = await source
    .range({
      query: query.promql,
      start: new Date(window.incident.start.getTime() - DAY_MS),
      end: new Date(window.incident.end.getTime() - DAY_MS),
      maxPoints: 60,
      maxSeries: 1,
      signal,
    })
    .catch(() => null);
  const values = (yesterday?.series[0]?.points ?? [])
    .map((p) => p.value)
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (values.length < 10) return;
  const median = values[Math.floor(values.length / 2)]!;
  const high = values[Math.floor(values.length * 0.9)]!;
  if (high <= 0) return;
  const ratio = median > 0 ? change.incidentMedian / median : Number.POSITIVE_INFINITY;
  // Near yesterday's median, or within what yesterday's same window reached (a peak that comes daily).
  const withinYesterday =
    change.incidentMedian <= high * DAILY_PATTERN_FACTOR &&
    change.incidentMedian >= change.baselineMedian;
  if ((ratio <= DAILY_PATTERN_FACTOR && ratio >= 1 / DAILY_PATTERN_FACTOR) || withinYesterday) {
    change.abnormal = false;
    change.score = 0;
    change.onset = null;
    change.note =
      Number.isFinite(ratio) && ratio <= DAILY_PATTERN_FACTOR && ratio >= 1 / DAILY_PATTERN_FACTOR
        ? `within ${Math.round(Math.abs(ratio - 1) * 100)}% of the same window yesterday (the daily pattern)`
        : 'no higher than the same window reached yesterday (the daily pattern)';
  }
}

/**
 * Compares every known signal of every service between the incident and the
 * baseline windows, in every metrics source: per (service, signal) the
 * catalogue's recipes, then the request counters and latency histograms
 * discovered in the source, are tried in order and the first that returns
 * data counts. node-exporter hosts are judged for the service their identity
 * labels name, else as nodes. Every attempt is recorded, so what was not
 * measured can be reported by name; failed queries are collected, not thrown.
 */
export async function sweepMetrics(input: {
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  window: InvestigationWindow;
  signal: AbortSignal;
}): Promise<MetricSweep> {
  const { directory, window, signal } = input;
  const signals: SweptSignal[] = [];
  const attempts: SweepAttempt[] = [];
  const covered = new Set<string>();
  const failures: string[] = [];
  const edges: Array<{ client: string; server: string }> = [];

  for (const source of input.metrics) {
    const metricNames = directory.metricNames(source);
    edges.push(...(await serviceGraph(directory, source, window, signal)));
    const discovered = await discoveredRecipes(directory, source, signal);
    const recipes = [...metricCatalogue, ...discovered];
    const tasks: Array<{ service: string; queries: PlannedQuery[]; scope: SweptSignal['scope'] }> =
      [];
    for (const service of directory.services) {
      const selectors = new Map<string, string | null>();
      for (const recipe of recipes) {
        const metric = recipe.requires[0]!;
        if (
          recipe.family === 'node-exporter' ||
          selectors.has(metric) ||
          !recipe.requires.every((name) => metricNames.has(name))
        )
          continue;
        selectors.set(metric, await directory.metricSelector(source, service, metric, signal));
      }
      const planned = planQueries({
        metricNames,
        selector: (recipe) =>
          recipe.family === 'node-exporter' ? null : (selectors.get(recipe.requires[0]!) ?? null),
        all: true,
        extraRecipes: discovered,
      });
      const bySignal = new Map<SignalKind, PlannedQuery[]>();
      for (const query of planned)
        bySignal.set(query.signal, [...(bySignal.get(query.signal) ?? []), query]);
      for (const queries of bySignal.values()) tasks.push({ service, queries, scope: 'service' });
    }
    const hosts = await nodeHosts(source, metricNames, window, signal);
    for (const [instance, labels] of [...hosts].slice(0, MAX_NODES)) {
      const owner = hostOwner(labels, directory.services);
      const planned = planQueries({
        metricNames,
        selector: (recipe) =>
          recipe.family === 'node-exporter'
            ? `instance="${instance.replace(/["\\]/g, '\\$&')}"`
            : null,
        signals: NODE_SIGNALS,
      });
      for (const query of planned)
        tasks.push(
          owner === null
            ? { service: instance, queries: [query], scope: 'node' }
            : { service: owner, queries: [query], scope: 'service' },
        );
    }

    await mapLimit(tasks, CONCURRENCY, async (task) => {
      // Recipes in catalogue order: the first one with data speaks for the signal.
      let failed = 0;
      for (const query of task.queries) {
        try {
          const swept = await runQuery(source, window, task.service, query, task.scope, signal);
          if (swept) {
            signals.push(swept);
            covered.add(task.service);
            attempts.push({
              service: task.service,
              signal: query.signal,
              scope: task.scope,
              outcome: 'measured',
              source,
              queries: [query.promql],
            });
            return;
          }
        } catch (error) {
          signal.throwIfAborted();
          failed += 1;
          failures.push(
            `${source.name}: ${query.promql}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      attempts.push({
        service: task.service,
        signal: task.queries[0]!.signal,
        scope: task.scope,
        outcome: failed === task.queries.length ? 'failed' : 'empty',
        source,
        queries: task.queries.map((q) => q.promql),
      });
    });
  }
  return { signals, edges, attempts, covered, failures };
}
