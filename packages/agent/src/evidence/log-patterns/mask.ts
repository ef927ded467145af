/** The wildcard used in masked tokens and in templates. */
export const WILDCARD = '<*>';

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
// At least two colons and only hex digits (plus an optional zone id): IPv6, MAC-ish ids and clock times all vary.
const IPV6_RE = /^\[?[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*\]?(?:%\w+)?(?::\d{1,5})?$/i;
const HEX_RE = /^(?:0x[0-9a-f]+|[0-9a-f]*\d[0-9a-f]*)$/i;
const HEX_LETTER_RE = /[a-f]/i;
const NUMBER_WITH_UNIT_RE =
  /^[-+]?\d+(?:[.,]\d+)*(?:ns|us|µs|ms|s|sec|secs|m|min|mins|h|d|b|kb|mb|gb|tb|kib|mib|gib|%|x)?$/i;
const WINDOWS_PATH_RE = /^[a-z]:\\/i;
const INNER_IPV4_RE = /\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?/g;
// Hex ids inside a token (`Token{78af589`, `(0x0)::`): 0x-prefixed, or six or more hex digits with both a digit and a
// letter (pure digit runs are left to INNER_NUMBER_RE, which also takes their sign).
const INNER_HEX_RE =
  /(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]+|(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,})(?![A-Za-z0-9])/g;
// A digit run not glued to a letter on its left (`blk_-123`, `part-0042`), so `ipv4`, `sha256` and `E11` survive.
const INNER_NUMBER_RE = /(?<![A-Za-z0-9])-?\d+(?:\.\d+)*/g;
const LETTER_PAIR_RE = /[A-Za-z]{2,}/;
const FILE_NAME_RE = /^[^:=]*\d[^:=]*\.(?:[a-z]{2,4}|pcapng|json|yaml|html|gz|bz2|zip|tar)$/;
const ID_RE = /^[A-Za-z0-9]*(?:_(?:<\*>|[A-Za-z0-9]+))*_<\*>(?:_(?:<\*>|[A-Za-z0-9]+))*$/;
// `host:port` and `host.example.org:8080`: the whole token is an address.
const HOST_PORT_RE =
  /^(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+):\d{1,5}$/;
// Eight or more hex letters with no digit (`mask=ffffffff`, `deadbeefcafe`): still an id.
const HEX_LETTERS_RE = /^(?:0x)?[a-fA-F]{8,}$/;
// A dotted or slashed name as the value of key=value (`name=com.android.phone`, `cmp=com.tencent.mm/.Main`).
const NAME_VALUE_RE = /[A-Za-z0-9]\.[A-Za-z]|\//;
// key="a quoted value, maybe with spaces": the value is a variable, unless the key names the message
// itself (logfmt's msg="...", error="..."): there the words are the event, and masking them would merge
// every message of a service into one template.
const QUOTED_VALUE_RE = /(^|[^\w.])([\w.-]*)=(["'])[^"'\n]*\3/g;
const MESSAGE_KEY_RE =
  /^(?:msg|message|error|err|event|reason|desc|description|summary|title|exception|cause|detail|details)$/i;
// A host name: dotted lower-case labels ending in a short alphabetic top-level label (`n219.netvigator.com`,
// `proxy.cse.cuhk.edu.hk`). Java packages and reverse-DNS job names end in a longer or capitalised label.
const FQDN_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:[a-z]{2}|com|net|org|edu|gov|mil|int|io|info|biz|local|lan|internal)$/;
// Month and weekday names, full or abbreviated, Title or UPPER case: parts of a date, so variables.
const CALENDAR_RE =
  /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
const CALENDAR_UPPER_RE =
  /^(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|MON|TUE|WED|THU|FRI|SAT|SUN)$/;
const WILDCARD_ALL_RE = /<\*>/g;

/** Punctuation that wraps a value without being part of it: `(12ms)`, `'abc',`, `[10.0.0.1]`. */
function isWrapper(code: number): boolean {
  // ( ) [ ] { } < > " ' , ; . ! ?  and the backtick
  return (
    code === 40 ||
    code === 41 ||
    code === 91 ||
    code === 93 ||
    code === 123 ||
    code === 125 ||
    code === 60 ||
    code === 62 ||
    code === 34 ||
    code === 39 ||
    code === 44 ||
    code === 59 ||
    code === 46 ||
    code === 33 ||
    code === 63 ||
    code === 96
  );
}

function isEmptyPair(open: number, close: number): boolean {
  return (
    (open === 40 && close === 41) ||
    (open === 91 && close === 93) ||
    (open === 123 && close === 125) ||
    (open === 34 && close === 34) ||
    (open === 39 && close === 39)
  );
}

/**
 * Cheap screen: only tokens with a digit or a path/email/url marker can hold a
 * variable worth a regex, and most tokens in real logs are plain words.
 */
function needsMasking(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 47 || c === 64 || c === 92 || c === 58) return true;
  }
  return false;
}

/** True when the token is a plain number (`42`, `-3.5`, `1,024`): the most common variable, checked without a regex. */
function isPlainNumber(core: string): boolean {
  let digits = 0;
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!(c === 46 || c === 44 || ((c === 45 || c === 43) && i === 0))) return false;
  }
  return digits > 0;
}

/** Host names and date words: variables without a digit, so checked apart from `maskCore`. */
function isValueVariable(value: string): boolean {
  return isWordVariable(value) || NAME_VALUE_RE.test(value);
}

function isWordVariable(core: string): boolean {
  if (core.length >= 8 && HEX_LETTERS_RE.test(core)) return true;
  const n = core.length;
  if (n >= 3 && n <= 9) {
    const c = core.charCodeAt(0);
    if (c >= 65 && c <= 90 && (CALENDAR_RE.test(core) || CALENDAR_UPPER_RE.test(core))) return true;
  }
  const dot = core.indexOf('.');
  if (dot <= 0 || dot === n - 1) return false;
  return FQDN_RE.test(core);
}

/** `nodes/cn304/pkts_out.rrd`: two or more `/` between non-empty parts, no URL scheme. */
function isRelativePath(core: string): boolean {
  const slash = core.indexOf('/');
  if (slash <= 0) return false;
  const second = core.indexOf('/', slash + 1);
  return second > slash + 1 && second < core.length - 1 && !core.includes('://');
}

function maskCore(core: string): string {
  if (core.length === 0) return core;
  if (isPlainNumber(core)) return WILDCARD;
  const first = core.charCodeAt(0);
  const firstIsDigit = first >= 48 && first <= 57;
  if (core.includes('://') && URL_RE.test(core)) return WILDCARD;
  if (core.includes('@') && EMAIL_RE.test(core)) return WILDCARD;
  if (core.length === 36 && UUID_RE.test(core)) return WILDCARD;
  if (firstIsDigit && IPV4_RE.test(core)) return WILDCARD;
  if (HOST_PORT_RE.test(core) || isWordVariable(core)) return WILDCARD;
  if (first === 47 /* / */ && core.length > 1) return WILDCARD;
  if (isRelativePath(core)) return WILDCARD;
  // A file name with a number in it (`[2017-07-03_13,48,39.36]-CCIOReporter-002.xml`, `part-00042.log`).
  if (FILE_NAME_RE.test(core)) return WILDCARD;
  if ((first === 126 /* ~ */ || first === 46) /* . */ && core.charCodeAt(1) === 47) return WILDCARD;
  if (core.charCodeAt(1) === 58 && WINDOWS_PATH_RE.test(core)) return WILDCARD;
  if (firstIsDigit && NUMBER_WITH_UNIT_RE.test(core)) return WILDCARD;
  if (HEX_RE.test(core) && (core.length >= 6 || core.startsWith('0x') || !HEX_LETTER_RE.test(core)))
    return WILDCARD;
  if (core.indexOf(':') !== core.lastIndexOf(':') && IPV6_RE.test(core)) return WILDCARD;
  if (core.includes(',')) {
    // `policy=3,wakefulness=1,mode=false` is a list of values in one token: mask each item on its own.
    return core
      .split(',')
      .map((item) => (item.length === 0 ? item : maskCore(item)))
      .join(',');
  }
  const eq = core.indexOf('=');
  // Only a word-like key (no digit in it) makes key=value; `H:[View:0x7f8e]-(>=8)` is masked as a whole.
  if (eq > 0 && eq < core.length - 1 && !/\d/.test(core.slice(0, eq))) {
    // key=value keeps the key: `status=500` and `status=502` share a template, `status=` vs `user=` do not.
    const value = core.slice(eq + 1);
    return `${core.slice(0, eq + 1)}${NAME_VALUE_RE.test(value) ? WILDCARD : maskToken(value)}`;
  }
  const inner = core
    .replace(INNER_IPV4_RE, WILDCARD)
    .replace(INNER_HEX_RE, WILDCARD)
    .replace(INNER_NUMBER_RE, WILDCARD);
  if (inner === core) return core;
  // An identifier built of words and numbers joined by `_` (`rdd_2_2`, `broadcast_9_piece0`, `attempt_14_0020_m_1`)
  // is one id: its words name its kind, and kinds differ between lines of one event as much as the numbers do.
  if (ID_RE.test(inner)) return WILDCARD;
  // Nothing word-like left (`2024-05-01T10:00:00Z`, `12:30:01.5`): the whole token is a value.
  return LETTER_PAIR_RE.test(inner.replace(WILDCARD_ALL_RE, '')) ? inner : WILDCARD;
}

/**
 * Replaces the variable part of one whitespace-free token with `<*>`:
 * numbers, hex, IPv4/IPv6 (with port), UUIDs, paths, durations and sizes
 * (`12ms`, `1.5s`, `64MB`), emails, URLs, quoted ids and `key=value` values.
 * Wrapping punctuation is kept so `(took 12ms)` still reads naturally.
 */
export function maskToken(token: string): string {
  const digits = needsMasking(token);
  let start = 0;
  let end = token.length;
  while (start < end && isWrapper(token.charCodeAt(start))) start++;
  while (end > start && isWrapper(token.charCodeAt(end - 1))) end--;
  if (start === end) {
    // An empty quoted or bracketed value (`()`, `''`, `[]`) is a value that happens to be empty.
    return token.length === 2 && isEmptyPair(token.charCodeAt(0), token.charCodeAt(1))
      ? `${token[0]}${WILDCARD}${token[1]}`
      : token;
  }
  const core = start === 0 && end === token.length ? token : token.slice(start, end);
  if (!digits) {
    const eq = core.indexOf('=');
    if (eq > 0 && eq < core.length - 1 && isValueVariable(core.slice(eq + 1))) {
      return `${token.slice(0, start)}${core.slice(0, eq + 1)}${WILDCARD}${token.slice(end)}`;
    }
    if (!isWordVariable(core)) return token;
    return start === 0 && end === token.length
      ? WILDCARD
      : `${token.slice(0, start)}${WILDCARD}${token.slice(end)}`;
  }
  const open = token.charCodeAt(start - 1);
  // A quoted token with a digit in it is an id (`'ord_8f2k1'`, `"u-12"`), whatever its shape.
  const quoted =
    start > 0 && (open === 34 || open === 39 || open === 96) && token.charCodeAt(end) === open;
  const masked = quoted && /\d/.test(core) ? WILDCARD : maskCore(core);
  if (masked === core) return token;
  return start === 0 && end === token.length
    ? masked
    : `${token.slice(0, start)}${masked}${token.slice(end)}`;
}

/** Splits a line on whitespace, dropping empty tokens. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (space) {
      if (start >= 0) {
        tokens.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) tokens.push(line.slice(start));
  return tokens;
}

/** Tokenises and masks a line: the miner's input. */
export function maskTokens(line: string): string[] {
  const tokens = tokenize(
    line.includes('="') || line.includes("='")
      ? line.replace(QUOTED_VALUE_RE, (whole, before: string, key: string, quote: string) =>
          MESSAGE_KEY_RE.test(key) ? whole : `${before}${key}=${quote}<*>${quote}`,
        )
      : line,
  );
  for (let i = 0; i < tokens.length; i++) tokens[i] = maskToken(tokens[i]!);
  return tokens;
}

/** The masked form of a whole line (tokens joined by one space). */
export function maskLine(line: string): string {
  return maskTokens(line).join(' ');
}

// Units written as their own token after a number (`1190 bytes`, `(1.16 KB)`, `<1 sec`): part of the value.
const UNIT_WORDS = new Set([
  'b',
  'byte',
  'bytes',
  'kb',
  'mb',
  'gb',
  'tb',
  'kib',
  'mib',
  'gib',
  'k',
  'm',
  'g',
  'ns',
  'us',
  'µs',
  'ms',
  's',
  'sec',
  'secs',
  'second',
  'seconds',
  'min',
  'mins',
  'minute',
  'minutes',
  'h',
  'hr',
  'hrs',
  'hour',
  'hours',
  'day',
  'days',
  '%',
  'percent',
]);

/** True for a token that is only wildcards and punctuation (`<*>`, `(<*>)`, `<*>:<*>`, `[<*>]`). */
export function isVariableToken(token: string): boolean {
  const at = token.indexOf(WILDCARD);
  if (at < 0) return false;
  for (let i = 0; i < token.length; i++) {
    if (token.startsWith(WILDCARD, i)) {
      i += WILDCARD.length - 1;
      continue;
    }
    const c = token.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127)
      return false;
  }
  return true;
}

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isListItem(token: string): boolean {
  return hasDigit(token) && !token.includes(WILDCARD);
}

function unitCore(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && isWrapper(token.charCodeAt(start))) start++;
  while (end > start && isWrapper(token.charCodeAt(end - 1))) end--;
  return token.slice(start, end).toLowerCase();
}

/**
 * One variable, one token: a unit after a number joins it (`1190 bytes` is
 * `<*>`), and a run of variable tokens (`Sun Jul 17 15:09:45 2005`, `(1.16 KB)`)
 * becomes a single `<*>`. Events whose values
 * vary in token count (an optional unit, a date, a size in parentheses) then
 * keep one token count.
 */
export function collapseVariables(tokens: string[]): string[] {
  let candidates = 0;
  for (const token of tokens) if (token.includes(WILDCARD) || hasDigit(token)) candidates++;
  if (candidates === 0) return tokens;
  const out: string[] = [];
  let runStart = -1;
  const flush = (end: number) => {
    if (runStart < 0) return;
    if (end - runStart === 1) out.push(tokens[runStart]!);
    else out.push(WILDCARD);
    runStart = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let variable = isVariableToken(token);
    if (!variable && i > 0 && runStart >= 0 && UNIT_WORDS.has(unitCore(token))) variable = true;
    // A list of ids (`an14 an15 an16`, `cn304 dn731`): two or more tokens in a row with digits in them.
    if (
      !variable &&
      isListItem(token) &&
      ((i > 0 && isListItem(tokens[i - 1]!)) ||
        (i + 1 < tokens.length && isListItem(tokens[i + 1]!)))
    )
      variable = true;
    if (variable) {
      if (runStart < 0) runStart = i;
    } else {
      flush(i);
      out.push(token);
    }
  }
  flush(tokens.length);
  return out;
}
