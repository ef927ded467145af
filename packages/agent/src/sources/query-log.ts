import type { LogSource, MetricSource } from './data-sources.js';

/** How one data query ended: it returned series or lines, it returned nothing, or it failed. */
export type QueryOutcome = 'data' | 'empty' | 'error';

export interface LoggedQuery {
  /** `Q1`, `Q2`... in the order the queries finished. */
  id: string;
  /** The source's display name. */
  source: string;
  query: string;
  outcome: QueryOutcome;
}

/** Queries kept in the report: enough for any investigation the checks run, bounded for the stored report. */
const MAX_LOGGED = 2000;

/**
 * Every data query an investigation ran (range, instant, log lines, log
 * metrics), recorded by the sources themselves (see recordingMetricSource),
 * so a report line that says "normal" can point at the queries behind it and
 * anyone can check that they ran and returned data. Label discovery is not
 * logged: it finds what exists, it measures nothing.
 */
export class QueryLog {
  private readonly entries: LoggedQuery[] = [];
  private readonly byQuery = new Map<string, LoggedQuery[]>();
  private dropped = 0;

  record(input: { sourceId: string; source: string; query: string; outcome: QueryOutcome }): void {
    if (this.entries.length >= MAX_LOGGED) {
      this.dropped += 1;
      return;
    }
    const entry: LoggedQuery = {
      id: `Q${this.entries.length + 1}`,
      source: input.source,
      query: input.query,
      outcome: input.outcome,
    };
    this.entries.push(entry);
    const key = `${input.sourceId}\u0000${input.query}`;
    this.byQuery.set(key, [...(this.byQuery.get(key) ?? []), entry]);
  }

  /** The runs of one query in one source, oldest first (empty when it never ran). */
  find(sourceId: string, query: string): LoggedQuery[] {
    return this.byQuery.get(`${sourceId}\u0000${query}`) ?? [];
  }

  /** ` [Q3, Q4]`: the ids of the runs of these queries that returned data, for a report line (empty when none did). */
  cite(sourceId: string, queries: readonly string[]): string {
    const ids = queries
      .flatMap((query) => this.find(sourceId, query))
      .filter((entry) => entry.outcome === 'data')
      .map((entry) => entry.id);
    return ids.length === 0 ? '' : ` [${[...new Set(ids)].join(', ')}]`;
  }

  all(): LoggedQuery[] {
    return [...this.entries];
  }

  /** Queries that ran after the log was full (counted, not kept). */
  get droppedCount(): number {
    return this.dropped;
  }
}

async function logged<T>(
  log: QueryLog,
  source: { id: string; name: string },
  query: string,
  run: () => Promise<T>,
  hasData: (result: T) => boolean,
): Promise<T> {
  try {
    const result = await run();
    log.record({
      sourceId: source.id,
      source: source.name,
      query,
      outcome: hasData(result) ? 'data' : 'empty',
    });
    return result;
  } catch (error) {
    // An aborted investigation is not a failed query.
    if (!(error instanceof Error && error.name === 'AbortError'))
      log.record({ sourceId: source.id, source: source.name, query, outcome: 'error' });
    throw error;
  }
}

const anyPoint = (series: ReadonlyArray<{ points: ReadonlyArray<{ value: number | null }> }>) =>
  series.some((s) => s.points.some((p) => p.value !== null && Number.isFinite(p.value)));

/** The same metric source, recording each range and instant query in `log`. */
export function recordingMetricSource(source: MetricSource, log: QueryLog): MetricSource {
  return {
    id: source.id,
    name: source.name,
    kind: 'metrics',
    instant: (options) =>
      logged(
        log,
        source,
        options.query,
        () => source.instant(options),
        (r) => r.series.length > 0,
      ),
    range: (options) =>
      logged(
        log,
        source,
        options.query,
        () => source.range(options),
        (r) => anyPoint(r.series),
      ),
    series: (options) => source.series(options),
    labelNames: (options) => source.labelNames(options),
    labelValues: (options) => source.labelValues(options),
  };
}

/** The same log source, recording each line and metric query in `log`. */
export function recordingLogSource(source: LogSource, log: QueryLog): LogSource {
  return {
    id: source.id,
    name: source.name,
    kind: 'logs',
    lines: (options) =>
      logged(
        log,
        source,
        options.query,
        () => source.lines(options),
        (r) => r.lines.length > 0,
      ),
    metric: (options) =>
      logged(
        log,
        source,
        options.query,
        () => source.metric(options),
        (r) => anyPoint(r.series),
      ),
    labelNames: (options) => source.labelNames(options),
    labelValues: (options) => source.labelValues(options),
  };
}
