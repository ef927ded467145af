/*
 * Just enough LogQL for the fake Loki: stream selectors, line filters, and
 * count_over_time / rate / bytes_over_time, optionally under sum/count/max/
 * min/avg with `by (...)`, parsed by logql-syntax-tree.ts. Syntax errors read like Loki's own
 * ("parse error at line 1, col 7: syntax error: unexpected ...").
 */

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
}

export interface LogSelector {
  matchers: LabelMatcher[];
  filters: LineFilter[];
}

export interface MetricExpr {
  fn: 'count_over_time' | 'rate' | 'bytes_over_time';
  selector: LogSelector;
  rangeMs: number;
  aggregation?: { op: 'sum' | 'count' | 'max' | 'min' | 'avg'; by: string[] | undefined };
}

export type LogqlExpr =
  { kind: 'log'; selector: LogSelector } | { kind: 'metric'; metric: MetricExpr };

export class LogqlSyntaxError extends Error {}

/** Anchored like Loki's (Prometheus-style) label regexes; `(?i)` turns on case-insensitivity. */
function fullMatch(pattern: string, value: string): boolean {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(
    `^(?:${insensitive ? pattern.slice(4) : pattern})$`,
    insensitive ? 'i' : '',
  ).test(value);
}

export function matchesLabels(matchers: LabelMatcher[], labels: Record<string, string>): boolean {
  return matchers.every(({ name, op, value }) => {
    const actual = labels[name] ?? '';
    if (op === '=') return actual === value;
    if (op === '!=') return actual !== value;
    if (op === '=~') return fullMatch(value, actual);
    return !fullMatch(value, actual);
  });
}

export function matchesLine(filters: LineFilter[], line: string): boolean {
  return filters.every(({ op, value }) => {
    if (op === '|=') return line.includes(value);
    if (op === '!=') return !line.includes(value);
    const insensitive = value.startsWith('(?i)');
    const found = new RegExp(insensitive ? value.slice(4) : value, insensitive ? 'i' : '').test(
      line,
    );
    return op === '|~' ? found : !found;
  });
}
