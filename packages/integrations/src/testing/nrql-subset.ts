/*
 * The NRQL the New Relic fake evaluates: SELECT (*, attributes or
 * count/sum/average/min/max/latest) FROM one event type, WHERE with
 * AND/OR/NOT, parentheses, = != < <= > >=, LIKE, IN, IS [NOT] NULL, FACET,
 * SINCE/UNTIL (epoch ms), TIMESERIES, LIMIT. Strings follow NRQL's rules
 * (single quotes, backslash escapes), so a query spliced together from
 * unescaped input is parsed the way New Relic would parse it: that is what
 * lets the injection test fail when escaping is missing.
 */

export type NrqlEvent = Record<string, string | number | boolean | null>;

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; text: string };

export class NrqlSyntaxError extends Error {}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= query.length) throw new NrqlSyntaxError('NRQL Syntax Error: unterminated string');
        const ch = query[i]!;
        if (ch === '\\') {
          text += query[i + 1] ?? '';
          i += 2;
        } else if (ch === "'") {
          i += 1;
          break;
        } else {
          text += ch;
          i += 1;
        }
      }
      tokens.push({ kind: 'string', text });
    } else if (c === '`') {
      const end = query.indexOf('`', i + 1);
      if (end < 0) throw new NrqlSyntaxError('NRQL Syntax Error: unterminated identifier');
      tokens.push({ kind: 'word', text: query.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(?:\.[0-9]+)?/.exec(query.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(i))!;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const two = query.slice(i, i + 2);
      if (['!=', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if ('=<>(),*'.includes(c)) {
        tokens.push({ kind: 'op', text: c });
        i += 1;
      } else {
        throw new NrqlSyntaxError(`NRQL Syntax Error: unexpected '${c}'`);
      }
    }
  }
  return tokens;
}

type Condition = (event: NrqlEvent) => boolean;
interface SelectItem {
  fn: 'attr' | 'count' | 'sum' | 'average' | 'min' | 'max' | 'latest';
  attr: string | null;
  name: string;
}
export interface NrqlQuery {
  select: SelectItem[] | '*';
  from: string;
  where: Condition;
  facet: string | null;
  since: number | null;
  until: number | null;
  timeseriesMs: number | null;
  limit: number;
}

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'IN',
  'IS',
  'NULL',
  'FACET',
  'SINCE',
  'UNTIL',
  'LIMIT',
  'TIMESERIES',
  'AS',
  'MAX',
]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peekWord(word: string): boolean {
    const t = this.tokens[this.i];
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  peekOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t?.kind === 'op' && t.text === op;
  }
  take(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new NrqlSyntaxError('NRQL Syntax Error: unexpected end of query');
    return t;
  }
  expectWord(word: string) {
    if (!this.peekWord(word)) throw new NrqlSyntaxError(`NRQL Syntax Error: expected ${word}`);
    this.i += 1;
  }
  expectOp(op: string) {
    if (!this.peekOp(op)) throw new NrqlSyntaxError(`NRQL Syntax Error: expected '${op}'`);
    this.i += 1;
  }
  name(): string {
    const t = this.take();
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toUpperCase()))
      throw new NrqlSyntaxError('NRQL Syntax Error: expected an attribute');
    return t.text;
  }
  value(): string | number | null {
    const t = this.take();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return t.value;
    if (t.kind === 'word' && t.text.toUpperCase() === 'NULL') return null;
    throw new NrqlSyntaxError('NRQL Syntax Error: expected a value');
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }

  query(): NrqlQuery {
    this.expectWord('SELECT');
    let select: SelectItem[] | '*';
    if (this.peekOp('*')) {
      this.i += 1;
      select = '*';
    } else {
      select = [this.selectItem()];
      while (this.peekOp(',')) {
        this.i += 1;
        select.push(this.selectItem());
      }
    }
    this.expectWord('FROM');
    const from = this.name();
    const query: NrqlQuery = {
      select,
      from,
      where: () => true,
      facet: null,
      since: null,
      until: null,
      timeseriesMs: null,
      limit: 100,
    };
    while (!this.done()) {
      if (this.peekWord('WHERE')) {
        this.i += 1;
        query.where = this.or();
      } else if (this.peekWord('FACET')) {
        this.i += 1;
        query.facet = this.name();
      } else if (this.peekWord('SINCE') || this.peekWord('UNTIL')) {
        const which = (this.take() as { text: string }).text.toUpperCase();
        const t = this.take();
        if (t.kind !== 'number')
          throw new NrqlSyntaxError('NRQL Syntax Error: SINCE/UNTIL take epoch milliseconds here');
        if (which === 'SINCE') query.since = t.value;
        else query.until = t.value;
      } else if (this.peekWord('TIMESERIES')) {
        this.i += 1;
        const t = this.take();
        if (t.kind !== 'number')
          throw new NrqlSyntaxError('NRQL Syntax Error: TIMESERIES needs a bucket');
        const unit = this.take();
        if (unit.kind !== 'word' || !/^minutes?$/i.test(unit.text))
          throw new NrqlSyntaxError('NRQL Syntax Error: TIMESERIES <n> minute(s)');
        query.timeseriesMs = t.value * 60_000;
      } else if (this.peekWord('LIMIT')) {
        this.i += 1;
        if (this.peekWord('MAX')) {
          this.i += 1;
          query.limit = 5000;
        } else {
          const t = this.take();
          if (t.kind !== 'number')
            throw new NrqlSyntaxError('NRQL Syntax Error: LIMIT needs a number');
          query.limit = Math.min(t.value, 5000);
        }
      } else {
        throw new NrqlSyntaxError(`NRQL Syntax Error: unexpected ${JSON.stringify(this.take())}`);
      }
    }
    return query;
  }

  selectItem(): SelectItem {
    // `max(...)` is a function here even though MAX is a keyword after LIMIT.
    const next = this.tokens[this.i + 1];
    const word =
      next?.kind === 'op' && next.text === '('
        ? (this.take() as { text: string }).text
        : this.name();
    let item: SelectItem;
    if (this.peekOp('(')) {
      this.i += 1;
      const fn = word.toLowerCase();
      if (!['count', 'sum', 'average', 'min', 'max', 'latest'].includes(fn))
        throw new NrqlSyntaxError(`NRQL Syntax Error: unknown function ${word}`);
      let attr: string | null = null;
      if (this.peekOp('*')) this.i += 1;
      else attr = this.name();
      this.expectOp(')');
      item = { fn: fn as SelectItem['fn'], attr, name: fn === 'count' ? 'count' : `${fn}.${attr}` };
    } else {
      item = { fn: 'attr', attr: word, name: word };
    }
    if (this.peekWord('AS')) {
      this.i += 1;
      const alias = this.take();
      if (alias.kind !== 'string' && alias.kind !== 'word')
        throw new NrqlSyntaxError('NRQL Syntax Error: bad alias');
      item.name = alias.text;
    }
    return item;
  }

  or(): Condition {
    let left = this.and();
    while (this.peekWord('OR')) {
      this.i += 1;
      const a = left;
      const b = this.and();
      left = (e) => a(e) || b(e);
    }
    return left;
  }
  and(): Condition {
    let left = this.not();
    while (this.peekWord('AND')) {
      this.i += 1;
      const a = left;
      const b = this.not();
      left = (e) => a(e) && b(e);
    }
    return left;
  }
  not(): Condition {
    if (this.peekWord('NOT')) {
      this.i += 1;
      const inner = this.not();
      return (e) => !inner(e);
    }
    return this.primary();
  }
  primary(): Condition {
    if (this.peekOp('(')) {
      this.i += 1;
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    const attr = this.name();
    if (this.peekWord('IS')) {
      this.i += 1;
      const negated = this.peekWord('NOT');
      if (negated) this.i += 1;
      this.expectWord('NULL');
      return (e) => (e[attr] === undefined || e[attr] === null) !== negated;
    }
    const negated = this.peekWord('NOT');
    if (negated) this.i += 1;
    if (this.peekWord('LIKE')) {
      this.i += 1;
      const pattern = this.value();
      if (typeof pattern !== 'string')
        throw new NrqlSyntaxError('NRQL Syntax Error: LIKE needs a string');
      const regex = new RegExp(
        `^${pattern
          .split('%')
          .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        's',
      );
      return (e) => regex.test(String(e[attr] ?? '')) !== negated;
    }
    if (this.peekWord('IN')) {
      this.i += 1;
      this.expectOp('(');
      const values = [this.value()];
      while (this.peekOp(',')) {
        this.i += 1;
        values.push(this.value());
      }
      this.expectOp(')');
      return (e) => values.includes(e[attr] as string | number) !== negated;
    }
    if (negated) throw new NrqlSyntaxError('NRQL Syntax Error: NOT where LIKE or IN was expected');
    const op = this.take();
    if (op.kind !== 'op' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text))
      throw new NrqlSyntaxError('NRQL Syntax Error: expected a comparison');
    const value = this.value();
    return (e) => {
      const actual = e[attr];
      switch (op.text) {
        case '=':
          return actual === value;
        case '!=':
          return actual !== value;
        case '<':
          return (actual as number) < (value as number);
        case '<=':
          return (actual as number) <= (value as number);
        case '>':
          return (actual as number) > (value as number);
        default:
          return (actual as number) >= (value as number);
      }
    };
  }
}

export function parseNrql(query: string): NrqlQuery {
  return new Parser(tokenize(query)).query();
}

function aggregate(
  items: SelectItem[],
  events: NrqlEvent[],
): Record<string, number | string | null> {
  const row: Record<string, number | string | null> = {};
  for (const item of items) {
    const values = events
      .map((e) => e[item.attr ?? ''])
      .filter((v): v is number => typeof v === 'number');
    if (item.fn === 'count') row[item.name] = events.length;
    else if (item.fn === 'sum') row[item.name] = values.reduce((a, b) => a + b, 0);
    else if (item.fn === 'average')
      row[item.name] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    else if (item.fn === 'min') row[item.name] = values.length ? Math.min(...values) : null;
    else if (item.fn === 'max') row[item.name] = values.length ? Math.max(...values) : null;
    else if (item.fn === 'latest') {
      const newest = [...events].sort((a, b) => Number(b.timestamp) - Number(a.timestamp))[0];
      row[item.name] = (newest?.[item.attr ?? ''] as number | string | undefined) ?? null;
    }
  }
  return row;
}

/** Runs a query over events (each with a `timestamp` in epoch ms), answering NerdGraph's `results` rows. */
export function evaluateNrql(
  query: NrqlQuery,
  events: readonly NrqlEvent[],
  now: number,
): Array<Record<string, unknown>> {
  const since = query.since ?? now - 3_600_000;
  const until = query.until ?? now;
  const matching = events.filter((e) => {
    const t = Number(e.timestamp);
    return t >= since && t < until && query.where(e);
  });
  if (query.select === '*' || query.select.every((item) => item.fn === 'attr')) {
    const rows = [...matching]
      .sort((a, b) => Number(b.timestamp) - Number(a.timestamp))
      .slice(0, query.limit);
    if (query.select === '*') return rows.map((e) => ({ ...e }));
    const items = query.select;
    return rows.map((e) =>
      Object.fromEntries([
        ['timestamp', e.timestamp],
        ...items.map((item) => [item.name, e[item.attr!] ?? null]),
      ]),
    );
  }
  const items = query.select.filter((item) => item.fn !== 'attr');
  const groups = new Map<string, NrqlEvent[]>();
  for (const e of matching) {
    const key = query.facet ? String(e[query.facet] ?? '') : '';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  if (!query.facet && groups.size === 0) groups.set('', []);
  const rows: Array<Record<string, unknown>> = [];
  for (const [key, group] of groups) {
    const facet = query.facet ? { facet: key, [query.facet]: key } : {};
    if (query.timeseriesMs === null) {
      rows.push({ ...facet, ...aggregate(items, group) });
      continue;
    }
    for (let t = since; t < until; t += query.timeseriesMs) {
      const bucket = group.filter(
        (e) => Number(e.timestamp) >= t && Number(e.timestamp) < t + query.timeseriesMs!,
      );
      rows.push({
        ...facet,
        beginTimeSeconds: t / 1000,
        endTimeSeconds: (t + query.timeseriesMs) / 1000,
        ...aggregate(items, bucket),
      });
    }
  }
  return rows.slice(0, query.timeseriesMs === null ? query.limit : undefined);
}
