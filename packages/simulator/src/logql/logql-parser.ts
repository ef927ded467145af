import type { LabelMatcher } from '../promql/promql-ast.js';
import { matcherRegex, matchesValue } from '../promql/promql-matchers.js';
import { logqlToAst } from './logql-syntax-tree.js';

export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
  regex?: RegExp;
}

export interface LogExpr {
  kind: 'log';
  matchers: LabelMatcher[];
  filters: LineFilter[];
}

export interface LogMetricExpr {
  kind: 'metric';
  fn: 'count_over_time' | 'rate' | 'bytes_over_time' | 'bytes_rate';
  log: LogExpr;
  rangeMs: number;
  /** Applied innermost first. */
  aggregations: Array<{
    op: 'sum' | 'count' | 'min' | 'max' | 'avg';
    grouping: { without: boolean; labels: string[] } | null;
  }>;
}

export type LogqlQuery = LogExpr | LogMetricExpr;

export { lineRegex } from './logql-syntax-tree.js';

/**
 * Parses LogQL with Grafana's lezer grammar into the subset the demo log
 * source implements: a log query (selector and line filters) or a metric
 * query over one. Unsupported stages and functions throw VALIDATION_FAILED
 * naming them.
 */
export function parseLogql(query: string): LogqlQuery {
  return logqlToAst(query);
}

export function matchesLine(filters: readonly LineFilter[], line: string): boolean {
  return filters.every((f) => {
    switch (f.op) {
      case '|=':
        return line.includes(f.value);
      case '!=':
        return !line.includes(f.value);
      case '|~':
        return f.regex!.test(line);
      case '!~':
        return !f.regex!.test(line);
    }
  });
}

export function matchesStream(
  matchers: readonly LabelMatcher[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return matchers.every((m) =>
    matchesValue(
      m,
      labels[m.name] ?? '',
      m.op === '=~' || m.op === '!~' ? matcherRegex(m.value) : undefined,
    ),
  );
}
