import {
  DATADOG_MAX_LOG_LINES,
  type DatadogClient,
  type DatadogLogLine,
  type LogSource,
} from '@vibemonitor/integrations';
import { matchesLine, matchesStream, type LabelMatcher } from '@vibemonitor/simulator/sources';
import { createLineReaderLogSource, type ReadLogLines } from './create-line-reader-log-source.js';

/** Datadog reserved attributes offered as stream labels. */
const LABELS = ['host', 'service', 'status'] as const;

/** A value quoted for Datadog's search syntax: nothing in it can end the term or add an operator. */
export function datadogQuoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The Datadog search for a LogQL stream selector: its `=` matchers on
 * service, status and host become facet terms; everything else (regex and
 * negative matchers, line filters) is applied here to what comes back,
 * exactly as Loki would apply it.
 */
export function datadogSearchFor(matchers: readonly LabelMatcher[]): string {
  const terms = matchers
    .filter((m) => m.op === '=' && (LABELS as readonly string[]).includes(m.name))
    .map((m) => `${m.name}:${datadogQuoted(m.value)}`);
  return terms.length > 0 ? terms.join(' ') : '*';
}

function labelsOf(line: DatadogLogLine): Record<string, string> {
  const labels: Record<string, string> = {};
  if (line.service) labels.service = line.service;
  if (line.status) labels.status = line.status;
  if (line.host) labels.host = line.host;
  return labels;
}

/**
 * A LogSource over Datadog logs search: streams are labelled by service,
 * status and host; LogQL log queries and count/rate metric queries are
 * answered from the matching lines (at most DATADOG_MAX_LOG_LINES per query,
 * reported as truncated beyond), newest first unless forward.
 */
export function createDatadogLogSource(input: {
  info: { id: string; name: string };
  client: DatadogClient;
}): LogSource {
  const { client } = input;
  const read: ReadLogLines = async (log, from, to, wanted, direction, signal) => {
    // Filters applied here need more lines from Datadog than the caller asked for.
    const filteredHere =
      log.filters.length > 0 ||
      log.matchers.some((m) => m.op !== '=' || !(LABELS as readonly string[]).includes(m.name));
    const result = await client.searchLogs({
      query: datadogSearchFor(log.matchers),
      from,
      to,
      limit: filteredHere ? DATADOG_MAX_LOG_LINES : wanted,
      sort: direction === 'forward' ? 'timestamp' : '-timestamp',
      ...(signal ? { signal } : {}),
    });
    const lines = result.lines
      .map((line) => ({ timestamp: line.timestamp, line: line.message, labels: labelsOf(line) }))
      .filter(
        (line) =>
          line.timestamp >= from.getTime() &&
          line.timestamp < to.getTime() &&
          matchesStream(log.matchers, line.labels) &&
          matchesLine(log.filters, line.line),
      );
    return { lines, truncated: result.truncated };
  };
  return createLineReaderLogSource({ info: input.info, read, maxLines: DATADOG_MAX_LOG_LINES });
}
