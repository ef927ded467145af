import type { SyntaxNode } from '@lezer/common';
import { parser } from '@grafana/lezer-logql';
import {
  LogqlSyntaxError,
  type LabelMatcher,
  type LineFilter,
  type LogqlExpr,
  type LogSelector,
  type MetricExpr,
} from './logql-subset.js';

const rangeFunctions = ['count_over_time', 'rate', 'bytes_over_time'];
const aggregations = ['sum', 'count', 'max', 'min', 'avg'];
const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const matchOps: Record<string, LabelMatcher['op']> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const filterOps: Record<string, LineFilter['op']> = {
  PipeExact: '|=',
  Neq: '!=',
  PipeMatch: '|~',
  Nre: '!~',
};
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };

/**
 * Reads LogQL with Grafana's lezer grammar into what the fake Loki serves.
 * Errors read like Loki's own ("parse error at line 1, col 7: syntax error:
 * unexpected ..."); real LogQL the fake does not serve is refused by name.
 */
export function parseLogql(query: string): LogqlExpr {
  const tree = parser.parse(query);
  const at = (pos: number) => {
    const before = query.slice(0, pos);
    return `line ${before.split('\n').length}, col ${pos - before.lastIndexOf('\n')}`;
  };
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return undefined;
      const token =
        node.to > node.from
          ? query.slice(node.from, node.to)
          : /^\S+/.exec(query.slice(node.from).trimStart())?.[0];
      throw new LogqlSyntaxError(
        `parse error at ${at(node.from)}: syntax error: unexpected ${token ? JSON.stringify(token) : '$end'}`,
      );
    },
  });
  const text = (node: SyntaxNode) => query.slice(node.from, node.to);
  const refuse = (node: SyntaxNode, what: string): never => {
    throw new LogqlSyntaxError(
      `parse error at ${at(node.from)}: the fake Loki does not serve ${what}`,
    );
  };
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
  const string = (node: SyntaxNode): string => {
    const literal = text(node);
    if (literal.startsWith('`')) return literal.slice(1, -1);
    return literal.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => escapes[c] ?? c);
  };
  const compile = (node: SyntaxNode, pattern: string): void => {
    try {
      new RegExp(pattern.replace(/^\(\?i\)/, ''));
    } catch {
      throw new LogqlSyntaxError(
        `parse error at ${at(node.from)}: syntax error: invalid regular expression ${JSON.stringify(pattern)}`,
      );
    }
  };

  function selector(node: SyntaxNode, pipeline: SyntaxNode | null): LogSelector {
    const matchers = items(node.getChild('Matchers'), 'Matcher').map((m): LabelMatcher => {
      const [name, op, value] = children(m);
      const matcher = { name: text(name!), op: matchOps[op!.name]!, value: string(value!) };
      if (matcher.op === '=~' || matcher.op === '!~') compile(value!, matcher.value);
      return matcher;
    });
    if (matchers.length === 0)
      throw new LogqlSyntaxError(
        'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value',
      );
    const filters: LineFilter[] = [];
    const collect = (stage: SyntaxNode): void => {
      for (const child of children(stage)) {
        if (child.name === 'LineFilter') {
          const [filter, value, ...rest] = children(child);
          const op = filterOps[filter!.firstChild!.name];
          if (!op || value?.name !== 'String' || rest.length > 0)
            refuse(child, `the line filter ${text(child)}`);
          const pattern = string(value!);
          if (op === '|~' || op === '!~') compile(value!, pattern);
          filters.push({ op: op!, value: pattern });
        } else if (['PipelineExpr', 'PipelineStage', 'LineFilters'].includes(child.name))
          collect(child);
        else refuse(stage, `the pipeline stage ${text(stage)}`);
      }
    };
    if (pipeline) collect(pipeline);
    return { matchers, filters };
  }

  function rangeAggregation(node: SyntaxNode): MetricExpr {
    const fn = text(node.getChild('RangeOp')!);
    if (!rangeFunctions.includes(fn)) refuse(node, `${fn}()`);
    const range = node.getChild('LogRangeExpr')!;
    const extra = children(range).find((c) => c.name === 'OffsetExpr' || c.name === 'UnwrapExpr');
    if (extra || node.getChild('Grouping')) refuse(extra ?? node, text(extra ?? node));
    const duration = range.getChild('Range')!.getChild('Duration')!;
    const parts = /^(\d+)(ms|s|m|h|d)$/.exec(text(duration));
    if (!parts) return refuse(duration, `the duration ${text(duration)}`);
    return {
      fn: fn as MetricExpr['fn'],
      selector: selector(range.getChild('Selector')!, range.getChild('PipelineExpr')),
      rangeMs: Number(parts[1]) * durationUnits[parts[2]!]!,
    };
  }

  const expr = tree.topNode.getChild('Expr')!.firstChild!;
  if (expr.name === 'LogExpr')
    return {
      kind: 'log',
      selector: selector(expr.getChild('Selector')!, expr.getChild('PipelineExpr')),
    };
  const metric = expr.firstChild!;
  if (metric.name === 'RangeAggregationExpr')
    return { kind: 'metric', metric: rangeAggregation(metric) };
  if (metric.name !== 'VectorAggregationExpr') return refuse(metric, text(metric));
  const op = text(metric.getChild('VectorOp')!);
  const inner = metric.getChild('MetricExpr')!.firstChild!;
  const grouping = metric.getChild('Grouping');
  if (!aggregations.includes(op) || inner.name !== 'RangeAggregationExpr')
    return refuse(metric, text(metric));
  if (grouping?.firstChild?.name === 'Without') return refuse(grouping, 'without');
  const by = grouping ? items(grouping.getChild('Labels'), 'Identifier').map(text) : undefined;
  return {
    kind: 'metric',
    metric: {
      ...rangeAggregation(inner),
      aggregation: { op: op as NonNullable<MetricExpr['aggregation']>['op'], by },
    },
  };
}
