import { AppError } from '@vibemonitor/contracts';

export type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text (for strings: the unquoted, unescaped value). */
  text: string;
  /** Numbers: the value; durations: milliseconds. */
  value: number;
  /** Offset in the query, for error messages. */
  pos: number;
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

// Longest first, so `=~` is not read as `=` then `~`.
const PUNCTUATION = [
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  '|=',
  '|~',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '@',
  ':',
  '|',
];

/** A syntax error, worded like the engines' own ("parse error at char 12: ..."). */
export function syntaxError(language: string, pos: number, message: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `${language} parse error at char ${pos + 1}: ${message}`,
  );
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  '`': '`',
};

function readString(
  query: string,
  start: number,
  language: string,
): { value: string; end: number } {
  const quote = query[start]!;
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const char = query[i]!;
    if (char === quote) return { value, end: i + 1 };
    // Raw strings (backticks) take backslashes literally, as in Go.
    if (char === '\\' && quote !== '`') {
      const next = query[i + 1];
      if (next === undefined) break;
      value += ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    value += char;
    i += 1;
  }
  throw syntaxError(language, start, 'unterminated quoted string');
}

/** Durations such as `5m`, `1h30m`, `250ms`: milliseconds, or null when `text` is not one. */
export function parseDuration(text: string): number | null {
  const parts = /^(?:\d+(?:ms|[smhdwy]))+$/.test(text) ? text.match(/\d+(?:ms|[smhdwy])/g) : null;
  if (!parts) return null;
  return parts.reduce((total, part) => {
    const unit = part.endsWith('ms') ? 'ms' : part.slice(-1);
    return total + Number(part.slice(0, -unit.length)) * DURATION_UNITS[unit]!;
  }, 0);
}

/**
 * Splits a PromQL or LogQL query into tokens. Identifiers may contain `:`
 * (recording-rule names); a number immediately followed by a unit is a
 * duration; `#` starts a comment that runs to the end of the line.
 */
export function tokenize(query: string, language = 'PromQL'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i]!;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === '#') {
      while (i < query.length && query[i] !== '\n') i += 1;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const { value, end } = readString(query, i, language);
      tokens.push({ kind: 'string', text: value, value: 0, pos: i });
      i = end;
      continue;
    }
    const numeric = /^(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(query.slice(i));
    if (numeric) {
      const unit = /^(?:\d+(?:ms|[smhdwy]))+/.exec(query.slice(i));
      if (
        unit &&
        unit[0].length > numeric[0].length &&
        !/[a-zA-Z0-9_]/.test(query[i + unit[0].length] ?? '')
      ) {
        tokens.push({ kind: 'duration', text: unit[0], value: parseDuration(unit[0])!, pos: i });
        i += unit[0].length;
        continue;
      }
      tokens.push({ kind: 'number', text: numeric[0], value: Number(numeric[0]), pos: i });
      i += numeric[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_][a-zA-Z0-9_:]*/.exec(query.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], value: 0, pos: i });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => query.startsWith(p, i));
    if (!punct) throw syntaxError(language, i, `unexpected character ${JSON.stringify(char)}`);
    tokens.push({ kind: 'punct', text: punct, value: 0, pos: i });
    i += punct.length;
  }
  tokens.push({ kind: 'eof', text: '', value: 0, pos: query.length });
  return tokens;
}

/** A cursor over tokens with the few helpers both parsers need. */
export class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    readonly language: string,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** True (and consumed) when the next token is the punctuation or keyword `text`. */
  accept(text: string): boolean {
    const token = this.peek();
    if ((token.kind === 'punct' || token.kind === 'ident') && token.text === text) {
      this.index += 1;
      return true;
    }
    return false;
  }

  expect(text: string): Token {
    const token = this.peek();
    if ((token.kind === 'punct' || token.kind === 'ident') && token.text === text)
      return this.next();
    throw this.unexpected(`"${text}"`);
  }

  unexpected(expecting?: string): AppError {
    const token = this.peek();
    const found =
      token.kind === 'eof'
        ? 'end of input'
        : token.kind === 'string'
          ? `string ${JSON.stringify(token.text)}`
          : `"${token.text}"`;
    return syntaxError(
      this.language,
      token.pos,
      `unexpected ${found}${expecting ? `, expected ${expecting}` : ''}`,
    );
  }
}
