import { AppError } from '@vibemonitor/contracts';
import type { LabelMatcher } from '../promql/promql-ast.js';
import { matcherRegex, matchesValue, parseMatchers } from '../promql/promql-parser.js';
import { syntaxError, tokenize, TokenStream } from '../promql/promql-lexer.js';

const LANGUAGE = 'LogQL';

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

export const logRangeFunctions = [
  'count_over_time',
  'rate',
  'bytes_over_time',
  'bytes_rate',
] as const;
export const logAggregations = ['sum', 'count', 'min', 'max', 'avg'] as const;

export interface LogMetricExpr {
  kind: 'metric';
  fn: (typeof logRangeFunctions)[number];
  log: LogExpr;
  rangeMs: number;
  /** Applied innermost first. */
  aggregations: Array<{
    op: (typeof logAggregations)[number];
    grouping: { without: boolean; labels: string[] } | null;
  }>;
}

export type LogqlQuery = LogExpr | LogMetricExpr;

const SUPPORTED =
  'stream selectors with =, !=, =~, !~; line filters |= != |~ !~; count_over_time, rate, bytes_over_time, bytes_rate over [range], under sum/count/min/max/avg with by/without';

function unsupported(what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `The demo data source understands a subset of LogQL and cannot run ${what}. Supported: ${SUPPORTED}.`,
  );
}

/** Go's RE2 `(?i)` prefix, which JavaScript spells as a flag. */
export function lineRegex(value: string): RegExp {
  const insensitive = value.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? value.slice(4) : value, insensitive ? 'i' : '');
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid line filter regular expression ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseLogExpr(stream: TokenStream): LogExpr {
  if (stream.peek().text !== '{')
    throw stream.unexpected('a stream selector such as {service_name="orders"}');
  const matchers = parseMatchers(stream);
  if (!matchers.some((m) => !matchesValue(m, '')))
    throw syntaxError(
      LANGUAGE,
      stream.peek().pos,
      'queries require at least one regexp or equality matcher that does not have an empty-compatible value',
    );
  const filters: LineFilter[] = [];
  for (;;) {
    const token = stream.peek();
    if (
      token.kind === 'punct' &&
      (token.text === '|=' || token.text === '|~' || token.text === '!=' || token.text === '!~')
    ) {
      stream.next();
      const value = stream.next();
      if (value.kind !== 'string')
        throw syntaxError(LANGUAGE, value.pos, 'expected a quoted string after the line filter');
      const op = token.text as LineFilter['op'];
      filters.push({
        op,
        value: value.text,
        ...(op === '|~' || op === '!~' ? { regex: lineRegex(value.text) } : {}),
      });
      continue;
    }
    if (token.kind === 'punct' && token.text === '|') {
      const stage = stream.peek(1);
      throw unsupported(
        `the "| ${stage.text}" pipeline stage (parsers, label filters and formatting)`,
      );
    }
    return { kind: 'log', matchers, filters };
  }
}

function parseGrouping(stream: TokenStream): { without: boolean; labels: string[] } | null {
  const word = stream.peek().text;
  if (word !== 'by' && word !== 'without') return null;
  stream.next();
  stream.expect('(');
  const labels: string[] = [];
  while (!stream.accept(')')) {
    const label = stream.next();
    if (label.kind !== 'ident')
      throw syntaxError(LANGUAGE, label.pos, 'expected a label name in the grouping');
    labels.push(label.text);
    if (!stream.accept(',')) {
      stream.expect(')');
      break;
    }
  }
  return { without: word === 'without', labels };
}

function parseMetric(stream: TokenStream): LogMetricExpr {
  const token = stream.next();
  if ((logAggregations as readonly string[]).includes(token.text)) {
    let grouping = parseGrouping(stream);
    stream.expect('(');
    const inner = parseMetric(stream);
    stream.expect(')');
    grouping ??= parseGrouping(stream);
    return {
      ...inner,
      aggregations: [
        ...inner.aggregations,
        { op: token.text as LogMetricExpr['aggregations'][number]['op'], grouping },
      ],
    };
  }
  if (!(logRangeFunctions as readonly string[]).includes(token.text)) {
    if (token.kind === 'ident') throw unsupported(`${token.text}()`);
    throw syntaxError(LANGUAGE, token.pos, 'expected a stream selector or a metric query');
  }
  stream.expect('(');
  const log = parseLogExpr(stream);
  stream.expect('[');
  const range = stream.next();
  if (range.kind !== 'duration')
    throw syntaxError(LANGUAGE, range.pos, 'expected a duration such as 1m in the range');
  stream.expect(']');
  stream.expect(')');
  return {
    kind: 'metric',
    fn: token.text as LogMetricExpr['fn'],
    log,
    rangeMs: range.value,
    aggregations: [],
  };
}

/**
 * Parses the LogQL subset the demo log source implements: a log query
 * (selector and line filters) or a metric query over one. Unsupported
 * stages and functions throw VALIDATION_FAILED naming them.
 */
export function parseLogql(query: string): LogqlQuery {
  const stream = new TokenStream(tokenize(query, LANGUAGE), LANGUAGE);
  const parsed = stream.peek().text === '{' ? parseLogExpr(stream) : parseMetric(stream);
  if (stream.peek().kind !== 'eof') throw stream.unexpected();
  return parsed;
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
