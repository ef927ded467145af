import { AppError } from '@vibemonitor/contracts';
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@grafana/lezer-logql';
import type { LabelMatcher } from '../promql/promql-ast.js';
import { matcherRegex, matchesValue } from '../promql/promql-matchers.js';
import { parseDuration, syntaxError, throwOnSyntaxError, unquote } from '../promql/query-text.js';
import type { LineFilter, LogExpr, LogMetricExpr, LogqlQuery } from './logql-parser.js';

const LANGUAGE = 'LogQL';

const logRangeFunctions = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate'];
const logAggregations = ['sum', 'count', 'min', 'max', 'avg'];

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

const matchOps: Record<string, LabelMatcher['op']> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const filterOps: Record<string, LineFilter['op']> = {
  PipeExact: '|=',
  Neq: '!=',
  PipeMatch: '|~',
  Nre: '!~',
};

/**
 * Converts Grafana's lezer LogQL grammar's syntax tree into the query the
 * demo log source runs: a log query (selector and line filters) or a metric
 * query over one. The grammar decides what is LogQL; this refuses, by name,
 * the LogQL the demo does not implement.
 */
export function logqlToAst(query: string): LogqlQuery {
  const tree = parser.parse(query);
  throwOnSyntaxError(tree, query, LANGUAGE);
  const text = (node: SyntaxNode) => query.slice(node.from, node.to);
  const children = (node: SyntaxNode): SyntaxNode[] => {
    const list: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
    return list;
  };
  /** The grammar nests lists (`Matchers > Matchers, Matcher`): the `item` nodes under `node`, in order. */
  const items = (node: SyntaxNode | null, item: string): SyntaxNode[] =>
    node
      ? children(node).flatMap((c) =>
          c.name === item ? [c] : c.name === node.name ? items(c, item) : [],
        )
      : [];

  function matchers(selector: SyntaxNode): LabelMatcher[] {
    const list = items(selector.getChild('Matchers'), 'Matcher');
    const result = list.map((m): LabelMatcher => {
      const [name, op, value] = children(m);
      const matcher = {
        name: text(name!),
        op: matchOps[op!.name]!,
        value: unquote(text(value!)),
      };
      if (matcher.op === '=~' || matcher.op === '!~') matcherRegex(matcher.value);
      return matcher;
    });
    if (!result.some((m) => !matchesValue(m, '')))
      throw syntaxError(
        LANGUAGE,
        query,
        selector.from,
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value',
      );
    return result;
  }

  /** Line filters of a pipeline, in order; any other stage is refused by name. */
  function filters(node: SyntaxNode | null, into: LineFilter[] = []): LineFilter[] {
    if (!node) return into;
    for (const child of children(node)) {
      if (child.name === 'PipelineExpr' || child.name === 'LineFilters') filters(child, into);
      else if (child.name === 'PipelineStage') {
        if (child.firstChild?.name === 'Pipe')
          throw unsupported(
            `the "${text(child)}" pipeline stage (parsers, label filters and formatting)`,
          );
        filters(child, into);
      } else if (child.name === 'LineFilter') {
        const [filter, value, ...rest] = children(child);
        const op = filterOps[filter!.firstChild!.name];
        if (!op || value?.name !== 'String' || rest.length > 0)
          throw unsupported(`the line filter "${text(child)}"`);
        const literal = unquote(text(value));
        into.push({
          op,
          value: literal,
          ...(op === '|~' || op === '!~' ? { regex: lineRegex(literal) } : {}),
        });
      } else throw unsupported(`"${text(child)}"`);
    }
    return into;
  }

  function logExpr(node: SyntaxNode): LogExpr {
    return {
      kind: 'log',
      matchers: matchers(node.getChild('Selector')!),
      filters: filters(node.getChild('PipelineExpr')),
    };
  }

  function grouping(node: SyntaxNode | null): LogMetricExpr['aggregations'][number]['grouping'] {
    if (!node) return null;
    const labels = items(node.getChild('Labels'), 'Identifier');
    return { without: node.firstChild!.name === 'Without', labels: labels.map(text) };
  }

  function metric(node: SyntaxNode): LogMetricExpr {
    const inner = node.firstChild!;
    if (inner.name === 'VectorAggregationExpr') {
      const op = text(inner.getChild('VectorOp')!);
      if (!logAggregations.includes(op) || inner.getChild('Number')) throw unsupported(`${op}()`);
      const nested = metric(inner.getChild('MetricExpr')!);
      const step = {
        op: op as LogMetricExpr['aggregations'][number]['op'],
        grouping: grouping(inner.getChild('Grouping')),
      };
      return { ...nested, aggregations: [...nested.aggregations, step] };
    }
    if (inner.name !== 'RangeAggregationExpr') throw unsupported(`"${text(inner)}"`);
    const fn = text(inner.getChild('RangeOp')!);
    if (!logRangeFunctions.includes(fn)) throw unsupported(`${fn}()`);
    if (inner.getChild('Grouping')) throw unsupported(`grouping on ${fn}()`);
    const range = inner.getChild('LogRangeExpr')!;
    for (const part of children(range)) {
      if (part.name === 'OffsetExpr') throw unsupported('offset');
      if (part.name === 'UnwrapExpr') throw unsupported('unwrap');
    }
    const duration = range.getChild('Range')!.getChild('Duration')!;
    const rangeMs = parseDuration(text(duration));
    if (rangeMs === null)
      throw syntaxError(
        LANGUAGE,
        query,
        duration.from,
        `expected a duration such as 1m, got "${text(duration)}"`,
      );
    return {
      kind: 'metric',
      fn: fn as LogMetricExpr['fn'],
      log: {
        kind: 'log',
        matchers: matchers(range.getChild('Selector')!),
        filters: filters(range.getChild('PipelineExpr')),
      },
      rangeMs,
      aggregations: [],
    };
  }

  const expr = tree.topNode.getChild('Expr')!.firstChild!;
  return expr.name === 'LogExpr' ? logExpr(expr) : metric(expr);
}
