import { AppError } from '@vibemonitor/contracts';
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
import {
  functionSignatures,
  SUPPORTED_SUMMARY,
  unsupportedFunctions,
  type ValueType,
} from './promql-functions.js';
import { syntaxError, tokenize, TokenStream } from './promql-lexer.js';

const LANGUAGE = 'PromQL';

/** Refuses real PromQL the demo evaluator does not implement, instead of answering it wrongly. */
export function unsupported(what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `The demo data source understands a subset of PromQL and cannot run ${what}. Supported: ${SUPPORTED_SUMMARY}.`,
  );
}

/** Compiles a label matcher's regex the way Prometheus does: fully anchored. */
export function matcherRegex(value: string): RegExp {
  try {
    return new RegExp(`^(?:${value})$`, 's');
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid regular expression ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function matchesValue(matcher: LabelMatcher, value: string, regex?: RegExp): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return (regex ?? matcherRegex(matcher.value)).test(value);
    case '!~':
      return !(regex ?? matcherRegex(matcher.value)).test(value);
  }
}

/** `{a="b", c=~"d"}` (the opening brace already consumed is not assumed: it is expected here). */
export function parseMatchers(stream: TokenStream): LabelMatcher[] {
  stream.expect('{');
  const matchers: LabelMatcher[] = [];
  while (!stream.accept('}')) {
    const name = stream.next();
    if (name.kind !== 'ident')
      throw syntaxError(
        stream.language,
        name.pos,
        `unexpected "${name.text || 'end of input'}" in label matching, expected label name`,
      );
    const op = stream.next();
    if (op.kind !== 'punct' || !['=', '!=', '=~', '!~'].includes(op.text))
      throw syntaxError(
        stream.language,
        op.pos,
        'unexpected token in label matching, expected one of "=", "!=", "=~", "!~"',
      );
    const value = stream.next();
    if (value.kind !== 'string')
      throw syntaxError(
        stream.language,
        value.pos,
        'unexpected token in label matching, expected string',
      );
    const matcher = { name: name.text, op: op.text as LabelMatcher['op'], value: value.text };
    if (matcher.op === '=~' || matcher.op === '!~') matcherRegex(matcher.value);
    matchers.push(matcher);
    if (!stream.accept(',')) {
      stream.expect('}');
      break;
    }
  }
  return matchers;
}

function parseLabelList(stream: TokenStream): string[] {
  stream.expect('(');
  const labels: string[] = [];
  while (!stream.accept(')')) {
    const label = stream.next();
    if (label.kind !== 'ident')
      throw syntaxError(LANGUAGE, label.pos, 'unexpected token in grouping, expected label name');
    labels.push(label.text);
    if (!stream.accept(',')) {
      stream.expect(')');
      break;
    }
  }
  return labels;
}

class Parser {
  constructor(private readonly stream: TokenStream) {}

  parse(): Expr {
    const expr = this.binary(0);
    if (this.stream.peek().kind !== 'eof') throw this.stream.unexpected();
    return expr;
  }

  private static readonly levels: ReadonlyArray<readonly string[]> = [
    ['or'],
    ['and', 'unless'],
    comparisonOps,
    ['+', '-'],
    ['*', '/', '%', 'atan2'],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.levels.length) return this.unary();
    let lhs = this.binary(level + 1);
    for (;;) {
      const token = this.stream.peek();
      const ops = Parser.levels[level]!;
      if (!((token.kind === 'punct' || token.kind === 'ident') && ops.includes(token.text)))
        return lhs;
      if (token.text === 'atan2') throw unsupported('atan2');
      this.stream.next();
      const op = token.text as BinaryOp;
      const modifiers = this.modifiers(op);
      const rhs = this.binary(level + 1);
      lhs = { type: 'binary', op, lhs, rhs, ...modifiers };
    }
  }

  private modifiers(op: BinaryOp): Pick<BinaryExpr, 'returnBool' | 'matching'> {
    const returnBool = this.stream.accept('bool');
    if (returnBool && !(comparisonOps as readonly string[]).includes(op))
      throw syntaxError(
        LANGUAGE,
        this.stream.peek().pos,
        'bool modifier can only be used on comparison operators',
      );
    let matching: BinaryExpr['matching'] = null;
    if (this.stream.peek().text === 'on' || this.stream.peek().text === 'ignoring') {
      const on = this.stream.next().text === 'on';
      matching = { on, labels: parseLabelList(this.stream) };
    }
    if (this.stream.peek().text === 'group_left' || this.stream.peek().text === 'group_right')
      throw unsupported(`${this.stream.peek().text} (many-to-one matching)`);
    return { returnBool, matching };
  }

  private unary(): Expr {
    if (this.stream.accept('-')) {
      const expr = this.unary();
      return expr.type === 'number'
        ? { type: 'number', value: -expr.value }
        : { type: 'unary', expr };
    }
    if (this.stream.accept('+')) return this.unary();
    return this.power();
  }

  private power(): Expr {
    const lhs = this.postfix();
    if (!this.stream.accept('^')) return lhs;
    const modifiers = this.modifiers('^');
    return { type: 'binary', op: '^', lhs, rhs: this.unary(), ...modifiers };
  }

  private postfix(): Expr {
    let expr = this.primary();
    if (this.stream.peek().text === '[') {
      const open = this.stream.next();
      const range = this.stream.next();
      if (range.kind !== 'duration')
        throw syntaxError(
          LANGUAGE,
          range.pos,
          'expected a duration such as 5m in the range selector',
        );
      if (this.stream.peek().text === ':') throw unsupported('subqueries ([range:step])');
      this.stream.expect(']');
      if (expr.type !== 'vector')
        throw syntaxError(LANGUAGE, open.pos, 'ranges only allowed for vector selectors');
      expr = { type: 'matrix', selector: expr, rangeMs: range.value };
    }
    if (this.stream.peek().text === 'offset') {
      const token = this.stream.next();
      const negative = this.stream.accept('-');
      const duration = this.stream.next();
      if (duration.kind !== 'duration')
        throw syntaxError(LANGUAGE, duration.pos, 'expected a duration after offset');
      const offsetMs = negative ? -duration.value : duration.value;
      if (expr.type === 'vector') expr = { ...expr, offsetMs };
      else if (expr.type === 'matrix') expr = { ...expr, selector: { ...expr.selector, offsetMs } };
      else
        throw syntaxError(
          LANGUAGE,
          token.pos,
          'offset modifier must be preceded by a vector or range selector',
        );
    }
    if (this.stream.peek().text === '@') throw unsupported('the @ modifier');
    return expr;
  }

  private primary(): Expr {
    const token = this.stream.peek();
    if (token.kind === 'number') {
      this.stream.next();
      return { type: 'number', value: token.value };
    }
    if (token.kind === 'string') throw unsupported('string literals');
    if (token.kind === 'duration')
      throw syntaxError(LANGUAGE, token.pos, `unexpected duration "${token.text}"`);
    if (this.stream.accept('(')) {
      const expr = this.binary(0);
      this.stream.expect(')');
      return expr;
    }
    if (token.text === '{') return this.selector(null);
    if (token.kind !== 'ident') throw this.stream.unexpected('an expression');
    const lower = token.text.toLowerCase();
    if (lower === 'inf' || lower === 'nan') {
      this.stream.next();
      return { type: 'number', value: lower === 'inf' ? Number.POSITIVE_INFINITY : Number.NaN };
    }
    const next = this.stream.peek(1).text;
    if (
      (aggregationOps as readonly string[]).includes(token.text) &&
      (next === '(' || next === 'by' || next === 'without')
    )
      return this.aggregation();
    if (token.text === 'count_values') throw unsupported('count_values');
    if (next === '(') return this.call();
    this.stream.next();
    return this.selector(token.text);
  }

  private selector(name: string | null): VectorSelector {
    const matchers = this.stream.peek().text === '{' ? parseMatchers(this.stream) : [];
    if (name !== null) {
      if (matchers.some((m) => m.name === '__name__'))
        throw syntaxError(
          LANGUAGE,
          this.stream.peek().pos,
          `metric name must not be set twice: "${name}"`,
        );
      matchers.unshift({ name: '__name__', op: '=', value: name });
    }
    // Prometheus refuses selectors that would match every series.
    if (!matchers.some((m) => !matchesValue(m, '')))
      throw syntaxError(
        LANGUAGE,
        this.stream.peek().pos,
        'vector selector must contain at least one non-empty matcher',
      );
    return { type: 'vector', matchers, offsetMs: 0 };
  }

  private aggregation(): Expr {
    const op = this.stream.next().text as AggregationOp;
    let grouping = this.grouping();
    this.stream.expect('(');
    let param: Expr | null = null;
    if (op === 'topk' || op === 'bottomk' || op === 'quantile') {
      param = this.binary(0);
      this.stream.expect(',');
    }
    const expr = this.binary(0);
    this.stream.expect(')');
    grouping ??= this.grouping();
    return { type: 'aggregation', op, param, expr, grouping };
  }

  private grouping(): { without: boolean; labels: string[] } | null {
    const word = this.stream.peek().text;
    if (word !== 'by' && word !== 'without') return null;
    this.stream.next();
    return { without: word === 'without', labels: parseLabelList(this.stream) };
  }

  private call(): Expr {
    const name = this.stream.next();
    if (unsupportedFunctions.has(name.text)) throw unsupported(`${name.text}()`);
    if (!functionSignatures[name.text])
      throw syntaxError(LANGUAGE, name.pos, `unknown function with name "${name.text}"`);
    this.stream.expect('(');
    const args: Expr[] = [];
    while (!this.stream.accept(')')) {
      args.push(this.binary(0));
      if (!this.stream.accept(',')) {
        this.stream.expect(')');
        break;
      }
    }
    return { type: 'call', fn: name.text, args };
  }
}

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
 * Parses the PromQL subset the demo evaluator implements into a typed AST.
 * Syntax errors and real-but-unsupported PromQL both throw
 * VALIDATION_FAILED, so a query is either answered as Prometheus would or
 * refused with a message that says why.
 */
export function parsePromql(query: string): { expr: Expr; type: ValueType } {
  if (query.trim() === '')
    throw new AppError('VALIDATION_FAILED', 'PromQL parse error: empty query');
  const expr = new Parser(new TokenStream(tokenize(query, LANGUAGE), LANGUAGE)).parse();
  return { expr, type: typeOf(expr) };
}
