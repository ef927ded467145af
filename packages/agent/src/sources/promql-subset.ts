import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { AppError } from '@vibemonitor/contracts';

/*
 * The part of PromQL the engine's metric recipes use, parsed so a
 * non-Prometheus source can answer it: selectors, rate/increase over a
 * range, sum/avg/max/min (with `by` ignored: results are one series per
 * aggregation), histogram_quantile, + - * / and a `> N` filter. The text is
 * read with Prometheus's own lezer grammar (the UI's), so only the subset is ours.
 */

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export type PromNode =
  | { t: 'num'; value: number }
  | { t: 'sel'; name: string; matchers: Matcher[] }
  | { t: 'range'; fn: 'rate' | 'increase'; sel: Extract<PromNode, { t: 'sel' }>; seconds: number }
  | { t: 'agg'; op: 'sum' | 'avg' | 'max' | 'min'; arg: PromNode }
  | { t: 'quantile'; q: number; arg: PromNode }
  | { t: 'bin'; op: '+' | '-' | '*' | '/'; left: PromNode; right: PromNode }
  | { t: 'filter'; op: '>' | '>=' | '<' | '<='; arg: PromNode; value: number };

const DURATION_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function unsupported(query: string, what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `This source answers a subset of PromQL (selectors, rate/increase, sum/avg/max/min, histogram_quantile, + - * /): ${what} in ${query}`,
  );
}

/** Go string literal as the grammar hands it over (quotes included). */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  if (literal.startsWith("'")) return literal.slice(1, -1).replace(/\\(.)/gs, '$1');
  return JSON.parse(literal) as string;
}

/**
 * Reads the query with Prometheus's lezer grammar, then keeps the subset
 * above: anything else, and any syntax error, is refused naming what and where.
 */
export function parsePromql(query: string): PromNode {
  const tree = parser.parse(query);
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return undefined;
      const token = query.slice(node.from, node.to) || query.slice(node.from).trim().split(/\s/)[0];
      throw new AppError(
        'VALIDATION_FAILED',
        `PromQL parse error at column ${node.from + 1}: unexpected ${token ? JSON.stringify(token) : 'end of input'} in ${query}`,
      );
    },
  });
  const text = (node: SyntaxNode) => query.slice(node.from, node.to);
  const exprs = (node: SyntaxNode): SyntaxNode[] => {
    const list: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling)
      if (child.type.is('Expr')) list.push(child);
    return list;
  };

  const selector = (node: SyntaxNode): Extract<PromNode, { t: 'sel' }> => {
    const name = node.getChild('Identifier');
    if (!name) throw unsupported(query, 'a selector without a metric name');
    const matchers = (
      node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []
    ).map((m): Matcher => ({
      label: text(m.getChild('LabelName')!),
      op: text(m.getChild('MatchOp')!) as Matcher['op'],
      value: unquote(text(m.getChild('StringLiteral')!)),
    }));
    if (node.getChild('LabelMatchers')?.getChild('QuotedLabelMatcher'))
      throw unsupported(query, 'a quoted label name');
    return { t: 'sel', name: text(name), matchers };
  };

  const convert = (node: SyntaxNode): PromNode => {
    switch (node.name) {
      case 'ParenExpr':
        return convert(exprs(node)[0]!);
      case 'NumberDurationLiteral': {
        const value = Number(text(node));
        if (!Number.isFinite(value)) throw unsupported(query, `the number ${text(node)}`);
        return { t: 'num', value };
      }
      case 'VectorSelector':
        return selector(node);
      case 'FunctionCall': {
        const fn = text(node.getChild('FunctionIdentifier')!);
        const args = exprs(node.getChild('FunctionCallBody')!);
        if ((fn === 'rate' || fn === 'increase') && args.length === 1) {
          const range = args[0]!;
          const sel = range.getChild('VectorSelector');
          const duration = /^(\d+)([smhd])$/.exec(text(range.getChild('DurationExpr') ?? range));
          if (range.name !== 'MatrixSelector' || !sel || !duration)
            throw unsupported(query, `${fn}() without a range`);
          const seconds = Number(duration[1]) * DURATION_SECONDS[duration[2]!]!;
          return { t: 'range', fn, sel: selector(sel), seconds };
        }
        if (fn === 'histogram_quantile' && args.length === 2) {
          const q = args[0]!.name === 'NumberDurationLiteral' ? Number(text(args[0]!)) : Number.NaN;
          if (!(q >= 0 && q <= 1)) throw unsupported(query, 'a quantile outside 0..1');
          return { t: 'quantile', q, arg: convert(args[1]!) };
        }
        throw unsupported(query, `the function ${fn}()`);
      }
      case 'AggregateExpr': {
        // `by (...)` / `without (...)` before or after the argument: grouping is not kept.
        const op = text(node.getChild('AggregateOp')!);
        const args = exprs(node.getChild('FunctionCallBody')!);
        if ((op !== 'sum' && op !== 'avg' && op !== 'max' && op !== 'min') || args.length !== 1)
          throw unsupported(query, `the aggregation ${op}`);
        return { t: 'agg', op, arg: convert(args[0]!) };
      }
      case 'BinaryExpr': {
        const [left, right] = exprs(node);
        const op = text(left!.nextSibling!);
        if (
          node.getChild('BoolModifier') ||
          node.getChild('MatchingModifierClause') ||
          node.getChild('FillModifier')
        )
          throw unsupported(query, 'binary operator modifiers (bool, on, ignoring)');
        if (op === '+' || op === '-' || op === '*' || op === '/')
          return { t: 'bin', op, left: convert(left!), right: convert(right!) };
        if (op === '>' || op === '>=' || op === '<' || op === '<=') {
          if (right!.name !== 'NumberDurationLiteral')
            throw unsupported(query, 'a comparison with a non-number');
          return { t: 'filter', op, arg: convert(left!), value: Number(text(right!)) };
        }
        throw unsupported(query, `the operator ${op}`);
      }
      default:
        throw unsupported(query, `"${text(node)}"`);
    }
  };
  return convert(exprs(tree.topNode)[0]!);
}

/** Whether a label value satisfies a matcher (a missing label is ""; regexes are anchored). */
export function matches(matcher: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  if (matcher.op === '=') return v === matcher.value;
  if (matcher.op === '!=') return v !== matcher.value;
  const re = new RegExp(`^(?:${matcher.value})$`);
  return matcher.op === '=~' ? re.test(v) : !re.test(v);
}
