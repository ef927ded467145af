import type { ServerResponse } from 'node:http';
import {
  authorized,
  sendJson,
  sendText,
  startLocalHttpServer,
  type FakeCredentials,
  type RecordedRequest,
} from './local-http-server.js';
import {
  LogqlSyntaxError,
  matchesLabels,
  matchesLine,
  type LogSelector,
  type MetricExpr,
} from './logql-subset.js';
import { parseLogql } from './logql-syntax-tree.js';

export interface FakeLogEntry {
  /** When the line was logged. */
  at: Date;
  line: string;
}

export interface FakeLogStream {
  labels: Record<string, string>;
  entries: FakeLogEntry[];
}

export interface FakeLoki {
  url: string;
  /** Every request received, oldest first (path and query). */
  requests: RecordedRequest[];
  /** LogQL queries received by query_range, oldest first. */
  queries: string[];
  addStream(stream: FakeLogStream): void;
  /** `/ready` answers 503 with this text while set (Loki starting up). */
  setNotReady(message: string | undefined): void;
  close(): Promise<void>;
}

const NS_PER_MS = 1_000_000n;

/** Loki accepts nanosecond integers, fractional seconds or RFC3339. */
function parseTime(text: string | null, fallback: number): number {
  if (!text) return fallback;
  if (/^\d+$/.test(text)) {
    // 19 digits: nanoseconds; 10: seconds.
    return text.length > 13
      ? Number(BigInt(text) / NS_PER_MS)
      : text.length > 10
        ? Number(text)
        : Number(text) * 1000;
  }
  if (/^\d+\.\d+$/.test(text)) return Math.round(Number(text) * 1000);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? fallback : parsed;
}

function parseStepSeconds(text: string | null, rangeMs: number): number {
  if (!text) return Math.max(1, Math.ceil(rangeMs / 1000 / 250));
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return unit === 'ms'
    ? value / 1000
    : unit === 'm'
      ? value * 60
      : unit === 'h'
        ? value * 3600
        : value;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * A stand-in for Loki's HTTP API on 127.0.0.1, as documented:
 * `GET /loki/api/v1/query_range` (log queries answer `streams`, metric
 * queries `matrix`; limit, direction, start/end in ns, step),
 * `/loki/api/v1/labels`, `/loki/api/v1/label/<name>/values`, `/ready` and
 * `/loki/api/v1/status/buildinfo`. Syntax errors answer HTTP 400 with a
 * plain-text "parse error ..." like Loki. With `credentials`, requests
 * without them get 401.
 */
export async function startFakeLoki({
  streams = [],
  credentials,
}: { streams?: FakeLogStream[]; credentials?: FakeCredentials } = {}): Promise<FakeLoki> {
  const all = [...streams];
  const queries: string[] = [];
  let notReady: string | undefined;

  const entriesIn = (selector: LogSelector, fromMs: number, toMs: number) =>
    all
      .filter((stream) => matchesLabels(selector.matchers, stream.labels))
      .map((stream) => ({
        labels: stream.labels,
        entries: stream.entries.filter(
          (e) =>
            e.at.getTime() >= fromMs &&
            e.at.getTime() < toMs &&
            matchesLine(selector.filters, e.line),
        ),
      }));

  function streamsResult(
    res: ServerResponse,
    selector: LogSelector,
    fromMs: number,
    toMs: number,
    limit: number,
    direction: string,
  ) {
    const lines = entriesIn(selector, fromMs, toMs).flatMap(({ labels, entries }) =>
      entries.map((entry) => ({ labels, entry })),
    );
    lines.sort(
      (a, b) => (direction === 'forward' ? 1 : -1) * (a.entry.at.getTime() - b.entry.at.getTime()),
    );
    const kept = lines.slice(0, limit);
    const byStream = new Map<
      string,
      { stream: Record<string, string>; values: Array<[string, string]> }
    >();
    for (const { labels, entry } of kept) {
      const key = JSON.stringify(labels);
      const group = byStream.get(key) ?? { stream: labels, values: [] };
      group.values.push([(BigInt(entry.at.getTime()) * NS_PER_MS).toString(), entry.line]);
      byStream.set(key, group);
    }
    sendJson(res, 200, {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [...byStream.values()],
        stats: { summary: { totalLinesProcessed: lines.length } },
      },
    });
  }

  function matrixResult(
    res: ServerResponse,
    metric: MetricExpr,
    fromMs: number,
    toMs: number,
    stepSeconds: number,
  ) {
    const groups = new Map<
      string,
      { metric: Record<string, string>; values: Array<[number, string]> }
    >();
    const streamsHit = entriesIn(metric.selector, fromMs - metric.rangeMs, toMs + 1);
    for (let t = fromMs; t <= toMs; t += stepSeconds * 1000) {
      const perGroup = new Map<string, { labels: Record<string, string>; values: number[] }>();
      for (const { labels, entries } of streamsHit) {
        const inWindow = entries.filter(
          (e) => e.at.getTime() > t - metric.rangeMs && e.at.getTime() <= t,
        );
        if (inWindow.length === 0) continue;
        const value =
          metric.fn === 'bytes_over_time'
            ? inWindow.reduce((sum, e) => sum + Buffer.byteLength(e.line), 0)
            : metric.fn === 'rate'
              ? inWindow.length / (metric.rangeMs / 1000)
              : inWindow.length;
        const agg = metric.aggregation;
        const groupLabels = agg
          ? Object.fromEntries(
              (agg.by ?? []).filter((l) => l in labels).map((l) => [l, labels[l] ?? '']),
            )
          : labels;
        const key = JSON.stringify(groupLabels);
        const group = perGroup.get(key) ?? { labels: groupLabels, values: [] };
        group.values.push(value);
        perGroup.set(key, group);
      }
      for (const [key, { labels, values }] of perGroup) {
        const op = metric.aggregation?.op;
        const value =
          op === 'count'
            ? values.length
            : op === 'max'
              ? Math.max(...values)
              : op === 'min'
                ? Math.min(...values)
                : op === 'avg'
                  ? values.reduce((a, b) => a + b, 0) / values.length
                  : values.reduce((a, b) => a + b, 0);
        const series = groups.get(key) ?? { metric: labels, values: [] };
        series.values.push([t / 1000, String(value)]);
        groups.set(key, series);
      }
    }
    sendJson(res, 200, {
      status: 'success',
      data: { resultType: 'matrix', result: [...groups.values()], stats: {} },
    });
  }

  const server = await startLocalHttpServer((req, res, url) => {
    const params = url.searchParams;
    if (url.pathname === '/ready') {
      if (notReady) sendText(res, 503, notReady);
      else sendText(res, 200, 'ready\n');
      return;
    }
    if (!authorized(req, credentials)) {
      sendText(res, 401, 'no org id\n');
      return;
    }
    const now = Date.now();
    const fromMs = parseTime(params.get('start'), now - 3_600_000);
    const toMs = parseTime(params.get('end'), now);
    if (url.pathname === '/loki/api/v1/status/buildinfo') {
      sendJson(res, 200, {
        version: '3.0.0-fake',
        revision: 'fake',
        branch: 'fake',
        goVersion: '',
      });
      return;
    }
    if (url.pathname === '/loki/api/v1/labels') {
      const inRange = all.filter((s) =>
        s.entries.some((e) => e.at.getTime() >= fromMs && e.at.getTime() < toMs),
      );
      sendJson(res, 200, {
        status: 'success',
        data: sortedUnique(inRange.flatMap((s) => Object.keys(s.labels))),
      });
      return;
    }
    const valuesMatch = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(url.pathname);
    if (valuesMatch?.[1]) {
      const name = decodeURIComponent(valuesMatch[1]);
      const inRange = all.filter(
        (s) =>
          name in s.labels &&
          s.entries.some((e) => e.at.getTime() >= fromMs && e.at.getTime() < toMs),
      );
      sendJson(res, 200, {
        status: 'success',
        data: sortedUnique(inRange.map((s) => s.labels[name] ?? '')),
      });
      return;
    }
    if (url.pathname === '/loki/api/v1/query_range') {
      const query = params.get('query') ?? '';
      queries.push(query);
      let expr;
      try {
        expr = parseLogql(query);
      } catch (error) {
        if (error instanceof LogqlSyntaxError) {
          sendText(res, 400, `${error.message}\n`);
          return;
        }
        throw error;
      }
      const limit = Number(params.get('limit') ?? 100);
      const direction = params.get('direction') ?? 'backward';
      if (!Number.isInteger(limit) || limit <= 0 || !['forward', 'backward'].includes(direction)) {
        sendText(res, 400, 'invalid limit or direction\n');
        return;
      }
      if (expr.kind === 'log') {
        streamsResult(res, expr.selector, fromMs, toMs, limit, direction);
        return;
      }
      const stepSeconds = parseStepSeconds(params.get('step'), toMs - fromMs);
      if (
        !Number.isFinite(stepSeconds) ||
        stepSeconds <= 0 ||
        (toMs - fromMs) / 1000 / stepSeconds > 11_000
      ) {
        sendText(
          res,
          400,
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)\n',
        );
        return;
      }
      matrixResult(res, expr.metric, fromMs, toMs, stepSeconds);
      return;
    }
    sendText(res, 404, '404 page not found\n');
  });

  return {
    url: server.url,
    requests: server.requests,
    queries,
    addStream: (stream) => all.push(stream),
    setNotReady: (message) => {
      notReady = message;
    },
    close: () => server.close(),
  };
}
