/*
 * Just enough LogQL for the fake Loki: stream selectors, line filters, and
 * count_over_time / rate / bytes_over_time, optionally under sum/count/max/
 * min/avg with `by (...)`. Syntax errors read like Loki's own
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

const rangeFunctions = ['count_over_time', 'rate', 'bytes_over_time'] as const;
const aggregations = ['sum', 'count', 'max', 'min', 'avg'] as const;
const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(what?: string): never {
    const rest = this.text.slice(this.pos);
    const near = rest.length === 0 ? '$end' : JSON.stringify(rest.slice(0, 12));
    throw new LogqlSyntaxError(
      `parse error at line 1, col ${this.pos + 1}: syntax error: unexpected ${near}${what ? `, expecting ${what}` : ''}`,
    );
  }
  skip(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }
  peek(token: string): boolean {
    this.skip();
    return this.text.startsWith(token, this.pos);
  }
  eat(token: string): void {
    if (!this.peek(token)) this.fail(token);
    this.pos += token.length;
  }
  ident(): string {
    this.skip();
    const match = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(this.text.slice(this.pos));
    if (!match) this.fail('IDENTIFIER');
    this.pos += match[0].length;
    return match[0];
  }
  string(): string {
    this.skip();
    const quote = this.text[this.pos];
    if (quote === '`') {
      const end = this.text.indexOf('`', this.pos + 1);
      if (end === -1) this.fail('closing `');
      const value = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return value;
    }
    if (quote !== '"') this.fail('STRING');
    let value = '';
    for (let i = this.pos + 1; i < this.text.length; i += 1) {
      const ch = this.text[i];
      if (ch === '\\') {
        const next = this.text[i + 1] ?? '';
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 1;
      } else if (ch === '"') {
        this.pos = i + 1;
        return value;
      } else value += ch;
    }
    return this.fail('closing "');
  }
  selector(): LogSelector {
    this.eat('{');
    const matchers: LabelMatcher[] = [];
    while (!this.peek('}')) {
      const name = this.ident();
      this.skip();
      const op = (['=~', '!~', '!=', '='] as const).find((candidate) =>
        this.text.startsWith(candidate, this.pos),
      );
      if (!op) this.fail('= or != or =~ or !~');
      this.pos += op.length;
      const value = this.string();
      if (op === '=~' || op === '!~') compile(value, this);
      matchers.push({ name, op, value });
      if (!this.peek('}')) this.eat(',');
    }
    this.eat('}');
    if (matchers.length === 0)
      throw new LogqlSyntaxError(
        'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value',
      );
    const filters: LineFilter[] = [];
    for (;;) {
      const op = (['|=', '!=', '|~', '!~'] as const).find((candidate) => this.peek(candidate));
      if (!op) break;
      this.pos += op.length;
      const value = this.string();
      if (op === '|~' || op === '!~') compile(value, this);
      filters.push({ op, value });
    }
    return { matchers, filters };
  }
  duration(): number {
    this.skip();
    const match = /^(\d+)(ms|s|m|h|d)/.exec(this.text.slice(this.pos));
    if (!match) this.fail('DURATION');
    this.pos += match[0].length;
    return Number(match[1]) * (durationUnits[match[2] ?? 's'] ?? 1000);
  }
  by(): string[] {
    this.eat('(');
    const labels: string[] = [];
    while (!this.peek(')')) {
      labels.push(this.ident());
      if (!this.peek(')')) this.eat(',');
    }
    this.eat(')');
    return labels;
  }
  rangeAggregation(fn: MetricExpr['fn']): Omit<MetricExpr, 'aggregation'> {
    this.eat('(');
    const selector = this.selector();
    this.eat('[');
    const rangeMs = this.duration();
    this.eat(']');
    this.eat(')');
    return { fn, selector, rangeMs };
  }
  expr(): LogqlExpr {
    if (this.peek('{')) return { kind: 'log', selector: this.selector() };
    const name = this.ident();
    if ((rangeFunctions as readonly string[]).includes(name)) {
      return { kind: 'metric', metric: this.rangeAggregation(name as MetricExpr['fn']) };
    }
    if ((aggregations as readonly string[]).includes(name)) {
      let by = this.peek('by') ? (this.eat('by'), this.by()) : undefined;
      this.eat('(');
      const inner = this.ident();
      if (!(rangeFunctions as readonly string[]).includes(inner)) this.fail('a range aggregation');
      const metric = this.rangeAggregation(inner as MetricExpr['fn']);
      this.eat(')');
      if (!by && this.peek('by')) {
        this.eat('by');
        by = this.by();
      }
      return { kind: 'metric', metric: { ...metric, aggregation: { op: name as 'sum', by } } };
    }
    this.pos -= name.length;
    return this.fail('{ or a function');
  }
  end(): void {
    this.skip();
    if (this.pos < this.text.length) this.fail();
  }
}

function compile(pattern: string, parser: Parser): RegExp {
  try {
    return new RegExp(pattern.replace(/^\(\?i\)/, ''), pattern.startsWith('(?i)') ? 'i' : '');
  } catch {
    return parser.fail('a valid regular expression');
  }
}

/** Parses the LogQL subset the fake Loki serves. */
export function parseLogql(text: string): LogqlExpr {
  const parser = new Parser(text);
  const expr = parser.expr();
  parser.end();
  return expr;
}

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
