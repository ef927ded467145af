import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { readData, readEnvelope } from '../http/api-envelope.js';
import { callEndpoint, parseJson, shortBody, type Endpoint } from '../http/endpoint.js';
import { chooseStep, DEFAULT_MAX_POINTS } from '../prometheus/choose-step.js';
import {
  DEFAULT_MAX_ITEMS,
  DEFAULT_MAX_SERIES,
  toMetricResult,
} from '../prometheus/prometheus-client.js';
import type { BuildInfo, MetricSeries } from '../prometheus/prometheus-types.js';

export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

export type LogDirection = 'forward' | 'backward';

export interface LogLine {
  /** Milliseconds since the epoch (for display and sorting). */
  timestamp: number;
  /** Loki's exact nanosecond timestamp, as a decimal string. */
  timestampNs: string;
  labels: Record<string, string>;
  line: string;
}

export type LogQueryResult =
  | { resultType: 'streams'; lines: LogLine[]; truncated: boolean; warnings: string[] }
  | {
      resultType: 'matrix';
      series: MetricSeries[];
      truncated: boolean;
      stepSeconds: number;
      warnings: string[];
    };

const labelsSchema = z.record(z.string(), z.string());
const streamsSchema = z.array(
  z.object({
    stream: labelsSchema,
    // [ns, line] or, with structured metadata (Loki 3), [ns, line, metadata].
    values: z.array(z.tuple([z.string(), z.string()], z.unknown())),
  }),
);
const dataSchema = z.object({ resultType: z.string(), result: z.unknown() });

const toNs = (date: Date) => (BigInt(date.getTime()) * 1_000_000n).toString();

/** Clamps a requested line count to 1..1000 (default 100). */
export function clampLogLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LOG_LIMIT;
  return Math.min(MAX_LOG_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * Flattens Loki streams into lines, newest first for `backward`, oldest
 * first for `forward`, at most `limit` of them; `truncated` when the limit
 * was reached.
 */
export function flattenStreams(
  streams: z.infer<typeof streamsSchema>,
  direction: LogDirection,
  limit: number,
): { lines: LogLine[]; truncated: boolean } {
  const lines = streams.flatMap(({ stream, values }) =>
    values.map(([ns, line]) => ({
      timestamp: Number(BigInt(ns) / 1_000_000n),
      timestampNs: ns,
      labels: stream,
      line,
    })),
  );
  lines.sort((a, b) => {
    const diff = BigInt(a.timestampNs) - BigInt(b.timestampNs);
    const order = diff < 0n ? -1 : diff > 0n ? 1 : 0;
    return direction === 'forward' ? order : -order;
  });
  // Loki stops at the limit without saying whether more lines exist: reaching it means there may be.
  return { lines: lines.slice(0, limit), truncated: lines.length >= limit };
}

export interface LokiClient {
  readonly endpoint: Endpoint;
  /**
   * A LogQL range query: log queries give lines (streams), metric queries
   * (`rate(...)`, `count_over_time(...)`) give series (matrix) with the
   * step widened to keep at most 300 points.
   */
  queryRange(options: {
    query: string;
    start: Date;
    end: Date;
    limit?: number | undefined;
    direction?: LogDirection | undefined;
    stepSeconds?: number | undefined;
    signal?: AbortSignal;
  }): Promise<LogQueryResult>;
  labels(options: {
    start?: Date | undefined;
    end?: Date | undefined;
    query?: string | undefined;
    signal?: AbortSignal;
  }): Promise<{ values: string[]; truncated: boolean }>;
  labelValues(options: {
    label: string;
    start?: Date | undefined;
    end?: Date | undefined;
    query?: string | undefined;
    signal?: AbortSignal;
  }): Promise<{ values: string[]; truncated: boolean }>;
  /** True when `/ready` answers 200; the text of the answer otherwise (not available through Grafana). */
  ready(options?: { signal?: AbortSignal }): Promise<{ ready: boolean; message: string }>;
  buildInfo(options?: { signal?: AbortSignal }): Promise<BuildInfo>;
}

/**
 * A client for Loki's HTTP API (`/loki/api/v1/...`), direct or through a
 * Grafana datasource proxy. LogQL syntax errors become VALIDATION_FAILED with
 * Loki's message.
 */
export function createLokiClient(endpoint: Endpoint): LokiClient {
  const call = async (
    path: string,
    params: Record<string, string | undefined>,
    signal?: AbortSignal,
  ) => {
    const response = await callEndpoint(endpoint, path, params, signal ? { signal } : {});
    return readEnvelope(response, endpoint, 'LogQL');
  };
  const listCall = async (
    path: string,
    params: Record<string, string | undefined>,
    signal?: AbortSignal,
  ) => {
    const { data } = await call(path, params, signal);
    // Loki leaves `data` out entirely when nothing matched.
    const values =
      data === undefined || data === null ? [] : readData(z.array(z.string()), data, endpoint);
    return {
      values: values.slice(0, DEFAULT_MAX_ITEMS),
      truncated: values.length > DEFAULT_MAX_ITEMS,
    };
  };
  const range = (start?: Date, end?: Date) => ({
    start: start ? toNs(start) : undefined,
    end: end ? toNs(end) : undefined,
  });

  return {
    endpoint,
    async queryRange({ query, start, end, limit, direction = 'backward', stepSeconds, signal }) {
      const lineLimit = clampLogLimit(limit);
      const step = chooseStep({
        start,
        end,
        requestedSeconds: stepSeconds,
        maxPoints: DEFAULT_MAX_POINTS,
      });
      const { data, warnings } = await call(
        '/loki/api/v1/query_range',
        {
          query,
          ...range(start, end),
          limit: String(lineLimit),
          direction,
          step: String(step.stepSeconds),
        },
        signal,
      );
      const parsed = readData(dataSchema, data, endpoint);
      if (parsed.resultType === 'streams') {
        return {
          resultType: 'streams',
          ...flattenStreams(readData(streamsSchema, parsed.result, endpoint), direction, lineLimit),
          warnings,
        };
      }
      if (parsed.resultType === 'matrix') {
        const result = toMetricResult(parsed, endpoint, DEFAULT_MAX_SERIES, warnings);
        return {
          resultType: 'matrix',
          series: result.series,
          truncated: result.truncated,
          stepSeconds: step.stepSeconds,
          warnings,
        };
      }
      throw new AppError(
        'UNAVAILABLE',
        `${endpoint.label} answered a ${parsed.resultType} result to a range query.`,
        {
          cause: 'unexpected_format',
        },
      );
    },
    labels({ start, end, query, signal }) {
      return listCall('/loki/api/v1/labels', { ...range(start, end), query }, signal);
    },
    labelValues({ label, start, end, query, signal }) {
      return listCall(
        `/loki/api/v1/label/${encodeURIComponent(label)}/values`,
        { ...range(start, end), query },
        signal,
      );
    },
    async ready({ signal } = {}) {
      // Loki answers 503 with the reason ("Ingester not ready: ...") while it starts.
      const response = await callEndpoint(
        endpoint,
        '/ready',
        {},
        { accept: 'text/plain', passStatuses: [503], ...(signal ? { signal } : {}) },
      );
      return { ready: response.status === 200, message: shortBody(response.body) };
    },
    async buildInfo({ signal } = {}) {
      const response = await callEndpoint(
        endpoint,
        '/loki/api/v1/status/buildinfo',
        {},
        signal ? { signal } : {},
      );
      const parsed = z
        .object({ version: z.string().optional() })
        .safeParse(parseJson(response, endpoint.label));
      return { version: parsed.success ? (parsed.data.version ?? null) : null };
    },
  };
}
