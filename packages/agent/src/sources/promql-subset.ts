import { AppError } from '@vibemonitor/contracts';

/*
 * The part of PromQL the engine's metric recipes use, parsed so a
 * non-Prometheus source can answer it: selectors, rate/increase over a
 * range, sum/avg/max/min (with `by` ignored: results are one series per
 * aggregation), histogram_quantile, + - * / and a `> N` filter.
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

const TOKEN =
  /\s*(?:(?<num>\d+(?:\.\d+)?(?:e[-+]?\d+)?)|(?<ident>[A-Za-z_:][A-Za-z0-9_:]*)|(?<str>"(?:[^"\\]|\\.)*")|(?<dur>\[\s*\d+[smhd]\s*\])|(?<op>=~|!~|!=|>=|<=|[-+*/(){},=<>]))/y;

function unsupported(query: string, what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `This source answers a subset of PromQL (selectors, rate/increase, sum/avg/max/min, histogram_quantile, + - * /): ${what} in ${query}`,
  );
}

export function parsePromql(query: string): PromNode {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < query.length) {
    if (/^\s*$/.test(query.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(query);
    if (!m) throw unsupported(query, `unexpected "${query.slice(at, at + 10)}"`);
    tokens.push(m[0].trim());
    at = TOKEN.lastIndex;
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (token: string) => {
    if (next() !== token) throw unsupported(query, `expected "${token}"`);
  };

  const selector = (name: string): Extract<PromNode, { t: 'sel' }> => {
    const matchers: Matcher[] = [];
    if (peek() === '{') {
      next();
      while (peek() !== '}') {
        const label = next();
        const op = next();
        const raw = next();
        if (!label || !op || !raw?.startsWith('"') || !['=', '!=', '=~', '!~'].includes(op))
          throw unsupported(query, 'a malformed label matcher');
        matchers.push({ label, op: op as Matcher['op'], value: JSON.parse(raw) as string });
        if (peek() === ',') next();
      }
      next();
    }
    return { t: 'sel', name, matchers };
  };

  const primary = (): PromNode => {
    const token = next();
    if (token === undefined) throw unsupported(query, 'an incomplete expression');
    if (token === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (/^\d/.test(token)) return { t: 'num', value: Number(token) };
    if (token === '{') throw unsupported(query, 'a selector without a metric name');
    if (token === 'rate' || token === 'increase') {
      expect('(');
      const name = next() ?? '';
      const sel = selector(name);
      const dur = next() ?? '';
      const d = /^\[\s*(\d+)([smhd])\s*\]$/.exec(dur);
      if (!d) throw unsupported(query, `${token}() without a range`);
      expect(')');
      const seconds =
        Number(d[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[d[2] as 's' | 'm' | 'h' | 'd'];
      return { t: 'range', fn: token, sel, seconds };
    }
    if (token === 'sum' || token === 'avg' || token === 'max' || token === 'min') {
      // `by (...)` / `without (...)` before or after the argument: grouping is not kept.
      const skipGrouping = () => {
        if (peek() === 'by' || peek() === 'without') {
          next();
          expect('(');
          while (peek() !== ')' && peek() !== undefined) next();
          expect(')');
        }
      };
      skipGrouping();
      expect('(');
      const arg = expression();
      expect(')');
      skipGrouping();
      return { t: 'agg', op: token, arg };
    }
    if (token === 'histogram_quantile') {
      expect('(');
      const q = Number(next());
      if (!(q >= 0 && q <= 1)) throw unsupported(query, 'a quantile outside 0..1');
      expect(',');
      const arg = expression();
      expect(')');
      return { t: 'quantile', q, arg };
    }
    if (/^[A-Za-z_:]/.test(token)) {
      if (peek() === '(') throw unsupported(query, `the function ${token}()`);
      return selector(token);
    }
    throw unsupported(query, `"${token}"`);
  };

  const comparison = (): PromNode => {
    let node = primary();
    while (['>', '>=', '<', '<='].includes(peek() ?? '')) {
      const op = next() as '>' | '>=' | '<' | '<=';
      const value = next();
      if (!value || !/^\d/.test(value)) throw unsupported(query, 'a comparison with a non-number');
      node = { t: 'filter', op, arg: node, value: Number(value) };
    }
    return node;
  };
  const product = (): PromNode => {
    let node = comparison();
    while (peek() === '*' || peek() === '/') {
      const op = next() as '*' | '/';
      node = { t: 'bin', op, left: node, right: comparison() };
    }
    return node;
  };
  const expression = (): PromNode => {
    let node = product();
    while (peek() === '+' || peek() === '-') {
      const op = next() as '+' | '-';
      node = { t: 'bin', op, left: node, right: product() };
    }
    return node;
  };

  const root = expression();
  if (pos !== tokens.length) throw unsupported(query, `unexpected "${tokens[pos]}"`);
  return root;
}

/** Whether a label value satisfies a matcher (a missing label is ""; regexes are anchored). */
export function matches(matcher: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  if (matcher.op === '=') return v === matcher.value;
  if (matcher.op === '!=') return v !== matcher.value;
  const re = new RegExp(`^(?:${matcher.value})$`);
  return matcher.op === '=~' ? re.test(v) : !re.test(v);
}
