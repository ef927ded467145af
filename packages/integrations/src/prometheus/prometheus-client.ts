import { z } from 'zod';
import { readData, readEnvelope } from '../http/api-envelope.js';
import { callEndpoint, parseJson, type Endpoint } from '../http/endpoint.js';
import { chooseStep, DEFAULT_MAX_POINTS } from './choose-step.js';
import type {
  BuildInfo,
  MetricQueryResult,
  MetricSeries,
  RangeQueryResult,
  Sample,
} from './prometheus-types.js';

/** Series returned by one query at most; the rest are counted as truncated. */
export const DEFAULT_MAX_SERIES = 500;
/** Entries returned by series/labels/label-values at most. */
export const DEFAULT_MAX_ITEMS = 1000;

const samplePair = z.tuple([z.number(), z.string()]);
const labelsSchema = z.record(z.string(), z.string());
const resultSchema = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labelsSchema, value: samplePair.optional() })),
  }),
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labelsSchema, values: z.array(samplePair).optional() })),
  }),
  z.object({ resultType: z.literal('scalar'), result: samplePair }),
  z.object({ resultType: z.literal('string'), result: samplePair }),
]);

function toSample([seconds, value]: [number, string]): Sample {
  const number = Number(value);
  return { timestamp: Math.round(seconds * 1000), value: Number.isFinite(number) ? number : null };
}

const unixSeconds = (date: Date) => (date.getTime() / 1000).toFixed(3);

/** Normalises the four Prometheus result types into labelled series of points. */
export function toMetricResult(
  data: unknown,
  endpoint: Endpoint,
  maxSeries: number,
  warnings: string[],
): MetricQueryResult {
  const parsed = readData(resultSchema, data, endpoint);
  let series: MetricSeries[];
  if (parsed.resultType === 'vector') {
    series = parsed.result.map((item) => ({
      labels: item.metric,
      points: item.value ? [toSample(item.value)] : [],
    }));
  } else if (parsed.resultType === 'matrix') {
    series = parsed.result.map((item) => ({
      labels: item.metric,
      points: (item.values ?? []).map(toSample),
    }));
  } else {
    series = [{ labels: {}, points: [toSample(parsed.result)] }];
  }
  return {
    resultType: parsed.resultType,
    series: series.slice(0, maxSeries),
    truncated: series.length > maxSeries,
    warnings,
  };
}

export interface TimeBounds {
  start?: Date | undefined;
  end?: Date | undefined;
}

export interface PrometheusClient {
  readonly endpoint: Endpoint;
  /** Instant query at `time` (default now). */
  query(options: {
    query: string;
    time?: Date | undefined;
    maxSeries?: number;
    signal?: AbortSignal;
  }): Promise<MetricQueryResult>;
  /** Range query; the step widens automatically to keep at most `maxPoints` (300) points per series. */
  queryRange(options: {
    query: string;
    start: Date;
    end: Date;
    stepSeconds?: number | undefined;
    maxPoints?: number;
    maxSeries?: number;
    signal?: AbortSignal;
  }): Promise<RangeQueryResult>;
  /** Label sets of the series matching any of `match` (series selectors). */
  series(
    options: TimeBounds & { match: string[]; limit?: number; signal?: AbortSignal },
  ): Promise<{ series: Array<Record<string, string>>; truncated: boolean }>;
  labels(
    options?: TimeBounds & { match?: string[]; limit?: number; signal?: AbortSignal },
  ): Promise<{ values: string[]; truncated: boolean }>;
  labelValues(
    options: TimeBounds & { label: string; match?: string[]; limit?: number; signal?: AbortSignal },
  ): Promise<{ values: string[]; truncated: boolean }>;
  /** Version from /api/v1/status/buildinfo; null where the server does not expose it (some compatible stores). */
  buildInfo(options?: { signal?: AbortSignal }): Promise<BuildInfo>;
}

function capped(values: string[], limit: number): { values: string[]; truncated: boolean } {
  return { values: values.slice(0, limit), truncated: values.length > limit };
}

/**
 * A client for the Prometheus HTTP API (`/api/v1/...`), direct or through a
 * Grafana datasource proxy (the endpoint's baseUrl is then the proxy path).
 * Query syntax errors become VALIDATION_FAILED with Prometheus's message.
 */
export function createPrometheusClient(endpoint: Endpoint): PrometheusClient {
  const call = async (
    path: string,
    params: Record<string, string | string[] | undefined>,
    signal?: AbortSignal,
  ) => {
    const response = await callEndpoint(endpoint, path, params, signal ? { signal } : {});
    return readEnvelope(response, endpoint, 'PromQL');
  };
  const bounds = ({ start, end }: TimeBounds) => ({
    start: start ? unixSeconds(start) : undefined,
    end: end ? unixSeconds(end) : undefined,
  });
  const listCall = async (
    path: string,
    params: Record<string, string | string[] | undefined>,
    limit: number,
    signal?: AbortSignal,
  ) => {
    const { data } = await call(path, params, signal);
    return capped(readData(z.array(z.string()), data, endpoint), limit);
  };

  return {
    endpoint,
    async query({ query, time, maxSeries = DEFAULT_MAX_SERIES, signal }) {
      const { data, warnings } = await call(
        '/api/v1/query',
        { query, time: time ? unixSeconds(time) : undefined },
        signal,
      );
      return toMetricResult(data, endpoint, maxSeries, warnings);
    },
    async queryRange({
      query,
      start,
      end,
      stepSeconds,
      maxPoints = DEFAULT_MAX_POINTS,
      maxSeries = DEFAULT_MAX_SERIES,
      signal,
    }) {
      const step = chooseStep({ start, end, requestedSeconds: stepSeconds, maxPoints });
      const { data, warnings } = await call(
        '/api/v1/query_range',
        { query, start: unixSeconds(start), end: unixSeconds(end), step: String(step.stepSeconds) },
        signal,
      );
      return {
        ...toMetricResult(data, endpoint, maxSeries, warnings),
        stepSeconds: step.stepSeconds,
        stepWidened: step.widened,
      };
    },
    async series({ match, limit = DEFAULT_MAX_ITEMS, signal, ...range }) {
      const { data } = await call('/api/v1/series', { 'match[]': match, ...bounds(range) }, signal);
      const all = readData(z.array(labelsSchema), data, endpoint);
      return { series: all.slice(0, limit), truncated: all.length > limit };
    },
    labels({ match, limit = DEFAULT_MAX_ITEMS, signal, ...range } = {}) {
      return listCall('/api/v1/labels', { 'match[]': match, ...bounds(range) }, limit, signal);
    },
    labelValues({ label, match, limit = DEFAULT_MAX_ITEMS, signal, ...range }) {
      return listCall(
        `/api/v1/label/${encodeURIComponent(label)}/values`,
        { 'match[]': match, ...bounds(range) },
        limit,
        signal,
      );
    },
    async buildInfo({ signal } = {}) {
      const response = await callEndpoint(
        endpoint,
        '/api/v1/status/buildinfo',
        {},
        signal ? { signal } : {},
      );
      const parsed = z
        .object({ data: z.object({ version: z.string().optional() }).optional() })
        .safeParse(parseJson(response, endpoint.label));
      return { version: parsed.success ? (parsed.data.data?.version ?? null) : null };
    },
  };
}
