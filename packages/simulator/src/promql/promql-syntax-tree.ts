import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import {
  aggregationOps,
  comparisonOps,
  type AggregationOp,
  type BinaryExpr,
  type BinaryOp,
  type Expr,
  type LabelMatcher,
  type VectorSelector,
} from './promql-ast.js';
import { functionSignatures, unsupportedFunctions } from './promql-functions.js';
import { matcherRegex, matchesValue, unsupported } from './promql-matchers.js';
import { parseDuration, syntaxError, throwOnSyntaxError, unquote } from './query-text.js';

const LANGUAGE = 'PromQL';

/** The grammar's operator node names, as the evaluator spells them. */
const binaryOps: Record<string, BinaryOp> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

const matchOps: Record<string, LabelMatcher['op']> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

/**
 * Converts Prometheus's own lezer grammar's syntax tree into the AST the
 * demo evaluator runs. The grammar decides what is PromQL; this decides what
 * the evaluator implements, refusing the rest by name.
 */
export function promqlToAst(query: string): Expr {
  // Prometheus 3 renamed holt_winters, so the grammar no longer knows it; 2.x servers still answer it.
  if (/\bholt_winters\s*\(/.test(query)) throw unsupported('holt_winters()');
  const tree = parser.parse(query);
  throwOnSyntaxError(tree, query, LANGUAGE);
  const text = (node: SyntaxNode) => query.slice(node.from, node.to);
  const fail = (node: SyntaxNode, message: string) =>
    syntaxError(LANGUAGE, query, node.from, message);
  const children = (node: SyntaxNode): SyntaxNode[] => {
    const list: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
    return list;
  };
  const exprs = (node: SyntaxNode) => children(node).filter((c) => c.type.is('Expr'));
  const only = (node: SyntaxNode) => exprs(node)[0]!;

  function labels(grouping: SyntaxNode): string[] {
    return children(grouping).map((label) =>
      label.name === 'QuotedLabelName' ? unquote(text(label)) : text(label),
    );
  }

  function number(node: SyntaxNode): number {
    const literal = text(node).replaceAll('_', '');
    const sign = literal.startsWith('-') ? -1 : 1;
    const unsigned = literal.replace(/^[-+]/, '');
    const lower = unsigned.toLowerCase();
    if (lower === 'inf') return sign * Number.POSITIVE_INFINITY;
    if (lower === 'nan') return Number.NaN;
    if (!/^0x/i.test(unsigned) && /[a-z]$/i.test(unsigned))
      throw fail(node, `unexpected duration "${unsigned}"`);
    return sign * Number(unsigned);
  }

  function duration(node: SyntaxNode): number {
    const literal = node.firstChild;
    if (node.firstChild?.nextSibling || literal?.name !== 'NumberDurationLiteralInDurationContext')
      throw unsupported('duration arithmetic');
    const ms = parseDuration(text(literal));
    if (ms === null) throw fail(node, `expected a duration such as 5m, got "${text(literal)}"`);
    return ms;
  }

  function selector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | null = null;
    for (const part of children(node)) {
      if (part.name === 'Identifier') {
        name = text(part);
        continue;
      }
      for (const m of children(part)) {
        if (m.name === 'QuotedLabelName') {
          matchers.push({ name: '__name__', op: '=', value: unquote(text(m)) });
          continue;
        }
        const [label, op, value] = children(m);
        const matcher: LabelMatcher = {
          name: label!.name === 'QuotedLabelName' ? unquote(text(label!)) : text(label!),
          op: matchOps[op!.firstChild!.name]!,
          value: unquote(text(value!)),
        };
        if (matcher.op === '=~' || matcher.op === '!~') matcherRegex(matcher.value);
        matchers.push(matcher);
      }
    }
    if (name !== null) {
      if (matchers.some((m) => m.name === '__name__'))
        throw fail(node, `metric name must not be set twice: "${name}"`);
      matchers.unshift({ name: '__name__', op: '=', value: name });
    }
    // Prometheus refuses selectors that would match every series.
    if (!matchers.some((m) => !matchesValue(m, '')))
      throw fail(node, 'vector selector must contain at least one non-empty matcher');
    return { type: 'vector', matchers, offsetMs: 0 };
  }

  /**
   * The grammar attaches `offset` and `[range]` to the whole expression on
   * their left (`a - b offset 5m` reads as `(a - b) offset 5m`); Prometheus
   * binds them to the nearest operand, so they are pushed down to it here.
   */
  function postfixed(node: SyntaxNode, apply: (expr: Expr) => Expr): Expr {
    if (node.name === 'BinaryExpr') return binary(node, apply);
    if (node.name === 'UnaryExpr') return unary(node, apply);
    return apply(convert(node));
  }

  function unary(node: SyntaxNode, apply?: (expr: Expr) => Expr): Expr {
    const expr = apply ? postfixed(only(node), apply) : convert(only(node));
    if (text(node.getChild('UnaryOp')!) === '+') return expr;
    return expr.type === 'number'
      ? { type: 'number', value: -expr.value }
      : { type: 'unary', expr };
  }

  function binary(node: SyntaxNode, apply?: (expr: Expr) => Expr): Expr {
    const [lhsNode, rhsNode] = exprs(node);
    const opNode = lhsNode!.nextSibling!;
    const op = binaryOps[opNode.name];
    if (!op) throw unsupported(`the "${text(opNode)}" operator`);
    let returnBool = false;
    let matching: BinaryExpr['matching'] = null;
    for (const modifier of children(node)) {
      if (modifier.name === 'BoolModifier') {
        if (!(comparisonOps as readonly string[]).includes(op))
          throw fail(modifier, 'bool modifier can only be used on comparison operators');
        returnBool = true;
      } else if (modifier.name === 'MatchingModifierClause') {
        const [kind, grouping, group] = children(modifier);
        if (group) throw unsupported(`${text(group)} (many-to-one matching)`);
        matching = { on: kind!.name === 'On', labels: labels(grouping!) };
      } else if (modifier.name === 'FillModifier') throw unsupported('fill modifiers');
    }
    const rhs = apply ? postfixed(rhsNode!, apply) : convert(rhsNode!);
    // The grammar reads `-2 ^ 2` as (-2) ^ 2; Prometheus binds the sign looser than ^: -(2 ^ 2).
    if (op === '^' && lhsNode!.name === 'NumberDurationLiteral' && /^[-+]/.test(text(lhsNode!))) {
      const power: Expr = {
        type: 'binary',
        op,
        lhs: { type: 'number', value: Math.abs(number(lhsNode!)) },
        rhs,
        returnBool,
        matching,
      };
      return text(lhsNode!).startsWith('-') ? { type: 'unary', expr: power } : power;
    }
    return { type: 'binary', op, lhs: convert(lhsNode!), rhs, returnBool, matching };
  }

  function aggregation(node: SyntaxNode): Expr {
    const opNode = node.getChild('AggregateOp')!;
    const op = text(opNode);
    if (!(aggregationOps as readonly string[]).includes(op)) throw unsupported(op);
    const modifier = node.getChild('AggregateModifier');
    const grouping = modifier
      ? { without: modifier.firstChild!.name === 'Without', labels: labels(modifier.lastChild!) }
      : null;
    const args = exprs(node.getChild('FunctionCallBody')!);
    const wanted = op === 'topk' || op === 'bottomk' || op === 'quantile' ? 2 : 1;
    if (args.length !== wanted)
      throw fail(
        node,
        `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`,
      );
    return {
      type: 'aggregation',
      op: op as AggregationOp,
      param: wanted === 2 ? convert(args[0]!) : null,
      expr: convert(args[wanted - 1]!),
      grouping,
    };
  }

  function call(node: SyntaxNode): Expr {
    const fn = text(node.getChild('FunctionIdentifier')!);
    if (unsupportedFunctions.has(fn) || !functionSignatures[fn]) throw unsupported(`${fn}()`);
    return { type: 'call', fn, args: exprs(node.getChild('FunctionCallBody')!).map(convert) };
  }

  function convert(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return { type: 'number', value: number(node) };
      case 'StringLiteral':
        throw unsupported('string literals');
      case 'ParenExpr':
        return convert(only(node));
      case 'UnaryExpr':
        return unary(node);
      case 'VectorSelector':
        return selector(node);
      case 'MatrixSelector': {
        const rangeMs = duration(node.getChild('DurationExpr')!);
        return postfixed(only(node), (inner) => {
          if (inner.type !== 'vector') throw fail(node, 'ranges only allowed for vector selectors');
          return { type: 'matrix', selector: inner, rangeMs };
        });
      }
      case 'OffsetExpr': {
        const offset = node.getChild('OffsetDurationExpr')!;
        const signed = offset.firstChild?.name === 'UnaryOp';
        const negative = signed && text(offset.firstChild!) === '-';
        const offsetMs = (negative ? -1 : 1) * duration(signed ? offset.lastChild! : offset);
        return postfixed(only(node), (inner) => {
          if (inner.type === 'vector') return { ...inner, offsetMs };
          if (inner.type === 'matrix')
            return { ...inner, selector: { ...inner.selector, offsetMs } };
          throw fail(node, 'offset modifier must be preceded by a vector or range selector');
        });
      }
      case 'BinaryExpr':
        return binary(node);
      case 'AggregateExpr':
        return aggregation(node);
      case 'FunctionCall':
        return call(node);
      case 'SubqueryExpr':
        throw unsupported('subqueries ([range:step])');
      case 'StepInvariantExpr':
        throw unsupported('the @ modifier');
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        throw unsupported(`the ${text(node.lastChild!)} modifier`);
      default:
        throw fail(node, `unexpected ${node.name}`);
    }
  }

  return convert(only(tree.topNode));
}
