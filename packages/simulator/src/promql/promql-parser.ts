import { AppError } from '@vibemonitor/contracts';
import { comparisonOps, type Expr } from './promql-ast.js';
import { functionSignatures, type ValueType } from './promql-functions.js';
import { promqlToAst } from './promql-syntax-tree.js';

export { matcherRegex, matchesValue, unsupported } from './promql-matchers.js';

const typeNames: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
};

/** The value type of an expression, throwing Prometheus-style type errors on the way. */
export function typeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case 'number':
      return 'scalar';
    case 'vector':
      return 'vector';
    case 'matrix':
      return 'matrix';
    case 'unary': {
      const inner = typeOf(expr.expr);
      if (inner === 'matrix')
        throw new AppError(
          'VALIDATION_FAILED',
          'unary expression only allowed on expressions of type scalar or instant vector, got range vector',
        );
      return inner;
    }
    case 'aggregation': {
      if (typeOf(expr.expr) !== 'vector')
        throw new AppError(
          'VALIDATION_FAILED',
          `expected type instant vector in aggregation expression, got ${typeNames[typeOf(expr.expr)]}`,
        );
      if (expr.param && typeOf(expr.param) !== 'scalar')
        throw new AppError(
          'VALIDATION_FAILED',
          `expected type scalar in aggregation parameter, got ${typeNames[typeOf(expr.param)]}`,
        );
      return 'vector';
    }
    case 'binary': {
      const lhs = typeOf(expr.lhs);
      const rhs = typeOf(expr.rhs);
      if (lhs === 'matrix' || rhs === 'matrix')
        throw new AppError(
          'VALIDATION_FAILED',
          'binary expression must contain only scalar and instant vector types',
        );
      const isSet = expr.op === 'and' || expr.op === 'or' || expr.op === 'unless';
      if (isSet && (lhs !== 'vector' || rhs !== 'vector'))
        throw new AppError(
          'VALIDATION_FAILED',
          `set operator "${expr.op}" not allowed in binary scalar expression`,
        );
      if (
        (comparisonOps as readonly string[]).includes(expr.op) &&
        lhs === 'scalar' &&
        rhs === 'scalar' &&
        !expr.returnBool
      )
        throw new AppError(
          'VALIDATION_FAILED',
          'comparisons between scalars must use BOOL modifier',
        );
      if (expr.matching && (lhs !== 'vector' || rhs !== 'vector'))
        throw new AppError(
          'VALIDATION_FAILED',
          'vector matching only allowed between instant vectors',
        );
      return lhs === 'scalar' && rhs === 'scalar' ? 'scalar' : 'vector';
    }
    case 'call': {
      const signature = functionSignatures[expr.fn]!;
      const min = signature.args.length - (signature.optional ?? 0);
      if (expr.args.length < min || expr.args.length > signature.args.length) {
        throw new AppError(
          'VALIDATION_FAILED',
          `expected ${min === signature.args.length ? min : `${min} to ${signature.args.length}`} argument(s) in call to "${expr.fn}", got ${expr.args.length}`,
        );
      }
      expr.args.forEach((arg, index) => {
        const wanted = signature.args[index]!;
        const actual = typeOf(arg);
        if (actual !== wanted)
          throw new AppError(
            'VALIDATION_FAILED',
            `expected type ${typeNames[wanted]} in call to function "${expr.fn}", got ${typeNames[actual]}`,
          );
      });
      return signature.returns;
    }
  }
}

/**
 * Parses PromQL with Prometheus's lezer grammar into the typed AST of the
 * subset the demo evaluator implements.
 * Syntax errors and real-but-unsupported PromQL both throw
 * VALIDATION_FAILED, so a query is either answered as Prometheus would or
 * refused with a message that says why.
 */
export function parsePromql(query: string): { expr: Expr; type: ValueType } {
  if (query.trim() === '')
    throw new AppError('VALIDATION_FAILED', 'PromQL parse error: empty query');
  const expr = promqlToAst(query);
  return { expr, type: typeOf(expr) };
}
