import {
  metricCatalogue,
  planQueries,
  rankMetricChanges,
  type MetricCandidate,
  type MetricChange,
  type PlannedQuery,
  type SignalKind,
} from '../evidence/index.js';
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
}

export interface MetricSweep {
  signals: SweptSignal[];
  /** Services (and nodes) with at least one signal that had data. */
  covered: Set<string>;
  failures: string[];
}

const NODE_SIGNALS: readonly SignalKind[] = ['cpu', 'memory', 'disk_usage'];

async function runQuery(
  source: MetricSource,
  window: InvestigationWindow,
  service: string,
  query: PlannedQuery,
  scope: SweptSignal['scope'],
  signal: AbortSignal,
): Promise<SweptSignal | null> {
  const result = await source.range({
    query: query.promql,
    start: window.baseline.start,
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
  const [change] = rankMetricChanges({
    candidates: [candidate],
    incident: {
      start: window.incident.start.getTime() / 1000,
      end: window.incident.end.getTime() / 1000 + 1,
    },
    baseline: {
      start: window.baseline.start.getTime() / 1000,
      end: window.baseline.end.getTime() / 1000,
    },
  });
  return change ? { change, source, query, scope, labels: first.labels } : null;
}

/**
 * Compares every known signal of every service between the incident and the
 * baseline windows, in every metrics source: per (service, signal) the
 * catalogue's recipes are tried in order and the first that returns data
 * counts. Node-level signals (node-exporter CPU, memory, filesystems) are
 * swept per instance. Failed queries are collected, not thrown.
 */
export async function sweepMetrics(input: {
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  window: InvestigationWindow;
  signal: AbortSignal;
}): Promise<MetricSweep> {
  const { directory, window, signal } = input;
  const signals: SweptSignal[] = [];
  const covered = new Set<string>();
  const failures: string[] = [];

  for (const source of input.metrics) {
    const tasks: Array<{ service: string; queries: PlannedQuery[]; scope: SweptSignal['scope'] }> =
      [];
    for (const service of directory.services) {
      const metricNames = directory.metricNames(source);
      const selectors = new Map<string, string | null>();
      for (const recipe of metricCatalogue) {
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
      });
      const bySignal = new Map<SignalKind, PlannedQuery[]>();
      for (const query of planned)
        bySignal.set(query.signal, [...(bySignal.get(query.signal) ?? []), query]);
      for (const queries of bySignal.values()) tasks.push({ service, queries, scope: 'service' });
    }
    const instances = directory.metricNames(source).has('node_cpu_seconds_total')
      ? (
          await source
            .labelValues({
              label: 'instance',
              match: ['node_cpu_seconds_total'],
              start: window.baseline.start,
              end: window.incident.end,
              signal,
            })
            .catch(() => ({ values: [] as string[] }))
        ).values
      : [];
    for (const instance of instances.slice(0, 20)) {
      const planned = planQueries({
        metricNames: directory.metricNames(source),
        selector: (recipe) => (recipe.family === 'node-exporter' ? `instance="${instance}"` : null),
        signals: NODE_SIGNALS,
      });
      for (const query of planned)
        tasks.push({ service: instance, queries: [query], scope: 'node' });
    }

    await mapLimit(tasks, CONCURRENCY, async (task) => {
      // Recipes in catalogue order: the first one with data speaks for the signal.
      for (const query of task.queries) {
        try {
          const swept = await runQuery(source, window, task.service, query, task.scope, signal);
          if (swept) {
            signals.push(swept);
            covered.add(task.service);
            return;
          }
        } catch (error) {
          signal.throwIfAborted();
          failures.push(
            `${source.name}: ${query.promql}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    });
  }
  return { signals, covered, failures };
}
