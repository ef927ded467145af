import type { GithubCodeReader } from '../github/github-code.js';
import type { LogLine } from '../loki/loki-client.js';
import type { MetricSeries } from '../prometheus/prometheus-types.js';

/*
 * What the agent reads telemetry through. The worker builds these from the
 * workspace's connected integrations (Prometheus, Loki, Grafana datasources)
 * and injects them, so the agent never sees a database, a credential or a URL:
 * only a source's id and display name, and read-only queries. Declared here,
 * below the agent, so that sources built elsewhere (the simulator's in-process
 * ones, core's Datadog and New Relic ones) implement these very interfaces
 * instead of restating them.
 */

export interface SourceInfo {
  /** Stable id within one investigation (integration id, plus the Grafana datasource uid). */
  readonly id: string;
  /** What people call it, e.g. `Prometheus (prod)` or `Grafana "Main" / Loki`. */
  readonly name: string;
}

interface Bounds {
  start?: Date;
  end?: Date;
  signal?: AbortSignal;
}

/** A PromQL source. */
export interface MetricSource extends SourceInfo {
  readonly kind: 'metrics';
  instant(options: {
    query: string;
    time?: Date;
    maxSeries?: number;
    signal?: AbortSignal;
  }): Promise<{ series: MetricSeries[]; truncated: boolean }>;
  /** Range query; the step widens so no series has more than `maxPoints` points. */
  range(options: {
    query: string;
    start: Date;
    end: Date;
    stepSeconds?: number;
    maxPoints?: number;
    maxSeries?: number;
    signal?: AbortSignal;
  }): Promise<{
    series: MetricSeries[];
    truncated: boolean;
    stepSeconds: number;
    stepWidened: boolean;
  }>;
  series(
    options: Bounds & { match: string[]; limit?: number },
  ): Promise<{ series: Array<Record<string, string>>; truncated: boolean }>;
  labelNames(
    options?: Bounds & { match?: string[] },
  ): Promise<{ values: string[]; truncated: boolean }>;
  /** Values of one label; `__name__` lists metric names. */
  labelValues(
    options: Bounds & { label: string; match?: string[]; limit?: number },
  ): Promise<{ values: string[]; truncated: boolean }>;
}

/** A LogQL source. */
export interface LogSource extends SourceInfo {
  readonly kind: 'logs';
  /** A log query (selector and line filters); at most `limit` lines, newest first unless `forward`. */
  lines(options: {
    query: string;
    start: Date;
    end: Date;
    limit: number;
    direction?: 'forward' | 'backward';
    signal?: AbortSignal;
  }): Promise<{ lines: LogLine[]; truncated: boolean }>;
  /** A LogQL metric query (`sum by (level) (count_over_time({...}[1m]))`). */
  metric(options: {
    query: string;
    start: Date;
    end: Date;
    stepSeconds?: number;
    signal?: AbortSignal;
  }): Promise<{ series: MetricSeries[]; stepSeconds: number }>;
  labelNames(
    options?: Bounds & { query?: string },
  ): Promise<{ values: string[]; truncated: boolean }>;
  labelValues(
    options: Bounds & { label: string; query?: string },
  ): Promise<{ values: string[]; truncated: boolean }>;
}

export type DataSource = MetricSource | LogSource;

/** A deploy, configuration change, scaling or job start, from whatever records them (CI, Kubernetes events, GitHub...). */
export interface ChangeRecord {
  at: Date;
  /** The service it touched, as the source names it; null when unknown. */
  service: string | null;
  kind: 'deploy' | 'config' | 'scale' | 'cronjob' | 'other';
  title: string;
  version?: string;
}

/** A source of change events (deploys, config changes). */
export interface ChangeSource extends SourceInfo {
  readonly kind: 'changes';
  list(options: { start: Date; end: Date; signal?: AbortSignal }): Promise<ChangeRecord[]>;
}

/**
 * Read-only access to the code of the repositories attached to the
 * investigation's environment (GitHub). Every read is capped by the reader;
 * a repository that is not attached is refused.
 */
export interface CodeSource extends SourceInfo, GithubCodeReader {
  readonly kind: 'code';
  readonly repositories: ReadonlyArray<{ fullName: string; branch: string }>;
}
