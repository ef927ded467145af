import { AppError } from '@vibemonitor/contracts';
import type { SyntaxNode, Tree } from '@lezer/common';

/*
 * What the PromQL and LogQL converters share: reading a lezer tree's error
 * nodes as a clear message, and the literal forms (Go strings, durations)
 * both languages borrow from Go.
 */

/** A syntax error naming where it is: "PromQL parse error at column 7: ..." (line too when the query has several). */
export function syntaxError(
  language: string,
  query: string,
  pos: number,
  message: string,
): AppError {
  const before = query.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  const where = line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
  return new AppError('VALIDATION_FAILED', `${language} parse error at ${where}: ${message}`);
}

/** "FunctionCallBody" -> "function call body", for "... in function call body". */
function words(nodeName: string): string {
  return nodeName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The grammar marks text it cannot place with an error node (⚠) and goes on;
 * the first one becomes the error, so a bad query is refused, never half-read.
 */
export function throwOnSyntaxError(tree: Tree, query: string, language: string): void {
  let error: SyntaxNode | null = null;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = node.node;
        return false;
      }
      return undefined;
    },
  });
  if (!error) return;
  const found: SyntaxNode = error;
  const rest = query.slice(found.from).trimStart();
  const token = found.to > found.from ? query.slice(found.from, found.to) : /^\S+/.exec(rest)?.[0];
  const what = token
    ? `unexpected ${JSON.stringify(token.length > 24 ? `${token.slice(0, 24)}…` : token)}`
    : 'unexpected end of input';
  const parent = found.parent;
  const context = parent && !parent.type.isTop ? ` in ${words(parent.name)}` : '';
  throw syntaxError(language, query, found.from, `${what}${context}`);
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

/** Durations such as `5m`, `1h30m`, `250ms`: milliseconds, or null when `text` is not one. */
export function parseDuration(text: string): number | null {
  const parts = /^(?:\d+(?:ms|[smhdwy]))+$/.test(text) ? text.match(/\d+(?:ms|[smhdwy])/g) : null;
  if (!parts) return null;
  return parts.reduce((total, part) => {
    const unit = part.endsWith('ms') ? 'ms' : part.slice(-1);
    return total + Number(part.slice(0, -unit.length)) * DURATION_UNITS[unit]!;
  }, 0);
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The value of a Go string literal as the grammar hands it over (quotes included); raw (backtick) strings take backslashes literally. */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(
    /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))/gs,
    (match, hex?: string, u4?: string, u8?: string, octal?: string, char?: string) => {
      const code = hex ?? u4 ?? u8;
      if (code) return String.fromCodePoint(Number.parseInt(code, 16));
      if (octal) return String.fromCharCode(Number.parseInt(octal, 8));
      return ESCAPES[char!] ?? match;
    },
  );
}
