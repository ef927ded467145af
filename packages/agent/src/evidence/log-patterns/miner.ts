import { extractMessage } from './message.js';
import { collapseVariables, isVariableToken, maskTokens, WILDCARD } from './mask.js';
import { templateIdOf } from './template-id.js';

export interface LogPattern {
  /** Stable hash of `template` (see `templateIdOf`). */
  templateId: string;
  /** Masked tokens with `<*>` wherever lines of the pattern differ. */
  template: string;
  count: number;
  /** Earliest / latest timestamp passed to `add` for this pattern (epoch ms), or null when none was given. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** Up to three distinct original lines, in arrival order. */
  examples: string[];
}

export interface MinerOptions {
  /** Fraction of equal tokens two shapes need before they can be one template. Default 0.5. */
  similarity?: number;
  /**
   * Distinct words a position needs (among shapes that agree elsewhere) to be a variable rather than
   * a constant that tells events apart (`HTTPS` / `SOCKS5`, `GET` / `POST` / `DELETE`). Default 4.
   */
  minVariableValues?: number;
  /** Distinct line shapes kept; past it a line joins the template it matches, or the overflow pattern. Default 5000. */
  maxClusters?: number;
  /** Tokens kept per line; the tail of longer lines becomes one `<*>`. Default 128. */
  maxTokens?: number;
  /** Characters kept per example line. Default 500. */
  maxExampleLength?: number;
  /** Cluster the message of JSON lines rather than the whole object. Default true. */
  extractJsonMessage?: boolean;
  /** Line shapes remembered so a line of a known shape skips the mask (cleared when full; 0 turns it off). Default 20000. */
  shapeCacheSize?: number;
}

export interface MinerStats {
  lines: number;
  /** Distinct line shapes (masked token sequences) kept. */
  clusters: number;
  /** Lines that fitted no template after `maxClusters` was reached (counted in the overflow pattern). */
  overflowLines: number;
  /** Lines of a new shape counted in an existing template because `maxClusters` was reached. */
  forcedMerges: number;
}

export interface PatternMatch {
  /** A cluster id as returned by `add` (usable with `templateOf`). */
  clusterId: number;
  template: string;
  templateId: string;
}

/** One distinct masked token sequence and what was seen of it. */
interface Shape {
  id: number;
  key: string;
  tokens: string[];
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  examples: string[];
}

/** A template: shapes judged to be one event. */
interface Group {
  tokens: string[];
  members: Shape[];
  count: number;
}



function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Two 32-bit hashes (into `out`, in one pass, no string built) of the line as the mask sees it: a
 * digit run the mask always replaces by `<*>` is read as `0`, whatever its value. That is a run of
 * digits not glued to a letter or digit on its left (`port 22`, `blk_-1608`, `12ms`), a hex run of
 * six or more characters standing alone (`78af5c9`), or the digits of `0x1f`. Digits the mask keeps
 * (`ssh2`, `eth0`, `SOCKS5`, short `ab12`) are read as they are. Lines with the same reading get
 * the same shape, so the shape can be cached under it.
 */
export function digitlessHash(line: string, out: Int32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 5381;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!hex) {
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = ((h2 << 5) + h2) ^ c;
      i++;
      continue;
    }
    let j = i;
    let digits = false;
    let letters = false;
    for (; j < n; j++) {
      const d = line.charCodeAt(j);
      if (d >= 48 && d <= 57) digits = true;
      else if ((d >= 97 && d <= 102) || (d >= 65 && d <= 70)) letters = true;
      else break;
    }
    let zero = false;
    if (digits) {
      const prefixed = i >= 2 && (line.charCodeAt(i - 1) | 32) === 120 && line.charCodeAt(i - 2) === 48 && (i < 3 || !isAlnumCode(line.charCodeAt(i - 3)));
      const freeLeft = i === 0 || !isAlnumCode(line.charCodeAt(i - 1));
      if (!letters) zero = freeLeft || prefixed;
      else zero = prefixed || (freeLeft && j - i >= 6 && (j === n || !isAlnumCode(line.charCodeAt(j))));
    }
    if (zero) {
      h1 = Math.imul(h1 ^ 48, 0x01000193);
      h2 = ((h2 << 5) + h2) ^ 48;
    } else {
      for (let k = i; k < j; k++) {
        const d = line.charCodeAt(k);
        h1 = Math.imul(h1 ^ d, 0x01000193);
        h2 = ((h2 << 5) + h2) ^ d;
      }
    }
    i = j;
  }
  out[0] = h1;
  out[1] = h2;
}


const MATCH_CACHE_SIZE = 10_000;

/** The template of the overflow pattern, reported once `maxClusters` is reached. */
export const OVERFLOW_TEMPLATE = '<*> (cluster limit reached)';

// Dotted names (`com.apple.cts.heartbeat:`, `mesos-slave.example.org`) as a leading token are usually
// variable job, class or host names, so the first token only separates events when it is a plain word.
const DOTTED_NAME_RE = /[A-Za-z]\.[A-Za-z]/;

function leadKey(token: string): string {
  if (isVariableToken(token) || token.includes(WILDCARD)) return WILDCARD;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return WILDCARD;
  }
  return DOTTED_NAME_RE.test(token) ? WILDCARD : token;
}

/** Tokens at one position agree when equal or when both are variables (`<*>` and `(<*>)` alike). */
function agree(a: string, b: string): boolean {
  return a === b || (a.includes(WILDCARD) && b.includes(WILDCARD) && isVariableToken(a) && isVariableToken(b));
}

/**
 * A streaming log-template miner in two stages.
 *
 * `add` masks a line (numbers, hex, addresses, host names, dates, paths, ...
 * become `<*>`, a variable spanning several tokens becomes one) and counts it
 * under its exact masked shape: a hash lookup, so the hot path is the mask.
 *
 * Templates are built from the shapes on demand (and cached until a new shape
 * arrives), in the spirit of Drain (He et al., ICWS 2017: equal length, same
 * leading word, token similarity) and Brain (Yu et al., TSC 2023: whether a
 * position is a variable is decided by how many distinct words it takes, not
 * by a single pair of lines). Shapes that agree on enough tokens are grouped;
 * a group whose lines differ at a position in only a few words (`HTTPS` /
 * `SOCKS5`, `Starting` / `Ending`) is split by that word, because those are
 * different events; a position with many words (user names) is a variable.
 *
 * Memory is bounded: at most `maxClusters` shapes, each with at most three
 * short example lines. Past the cap a line of a new shape is counted in the
 * template it matches, or in one overflow pattern; `stats()` reports how often.
 */
export class LogPatternMiner {
  private readonly similarity: number;
  private readonly minVariableValues: number;
  private readonly maxClusters: number;
  private readonly maxTokens: number;
  private readonly maxExampleLength: number;
  private readonly extractJsonMessage: boolean;
  private readonly shapeCacheSize: number;
  private readonly byKey = new Map<string, Shape>();
  /** `digitlessHash` of a line -> its shape key; see `shapeKeyOf`. */
  private readonly shapeCache = new Map<number, { check: number; key: string }>();
  private readonly hashes = new Int32Array(2);
  private readonly shapes: Shape[] = [];
  private overflow: Shape | null = null;
  private lines = 0;
  private forcedMerges = 0;
  /** Template of each shape id, valid while `clusteredShapes === shapes.length`. */
  private groupOf: Group[] = [];
  private groupsByLead = new Map<string, Group[]>();
  private clusteredShapes = -1;
  /** `match` answers for shapes never added, valid until the templates are rebuilt. */
  private readonly matchCache = new Map<string, Group | null>();

  constructor(options: MinerOptions = {}) {
    this.similarity = options.similarity ?? 0.5;
    this.minVariableValues = Math.max(2, options.minVariableValues ?? 4);
    this.maxClusters = Math.max(1, options.maxClusters ?? 5000);
    this.maxTokens = Math.max(2, options.maxTokens ?? 128);
    this.maxExampleLength = options.maxExampleLength ?? 500;
    this.extractJsonMessage = options.extractJsonMessage ?? true;
    this.shapeCacheSize = Math.max(0, options.shapeCacheSize ?? 20_000);
  }

  /**
   * Adds one line; returns the id of its cluster (stable for the life of the
   * miner, usable with `templateOf`, whose answer can generalise as more lines
   * arrive). Empty lines are ignored (-1).
   */
  add(line: string, timestamp?: number): number {
    const key = this.shapeKeyOf(line);
    if (key === null) return -1;
    this.lines++;
    let shape = this.byKey.get(key);
    if (shape === undefined) {
      const tokens = key.split(' ');
      if (this.shapes.length < this.maxClusters) {
        shape = { id: this.shapes.length, key, tokens, count: 0, firstSeen: null, lastSeen: null, examples: [] };
        this.shapes.push(shape);
        this.byKey.set(key, shape);
      } else {
        const group = this.bestGroup(tokens, true);
        if (group !== null) {
          this.forcedMerges++;
          shape = group.members[0]!;
        } else {
          shape = this.overflow ??= {
            id: -2,
            key: OVERFLOW_TEMPLATE,
            tokens: OVERFLOW_TEMPLATE.split(' '),
            count: 0,
            firstSeen: null,
            lastSeen: null,
            examples: [],
          };
        }
      }
    }
    this.record(shape, line, timestamp);
    return shape.id === -2 ? this.maxClusters : shape.id;
  }

  /**
   * Classifies a line against the current templates without learning from
   * it: the template of its shape when that shape was added, else the
   * template whose every constant token the line has (wildcards match any
   * value), preferring the most specific. Null when none fits.
   */
  match(line: string): PatternMatch | null {
    const key = this.shapeKeyOf(line);
    if (key === null) return null;
    const shape = this.byKey.get(key);
    if (shape !== undefined) return this.matchOf(shape.id);
    this.cluster();
    let group = this.matchCache.get(key);
    if (group === undefined) {
      group = this.bestGroup(key.split(' '), false);
      if (this.matchCache.size >= MATCH_CACHE_SIZE) this.matchCache.clear();
      this.matchCache.set(key, group);
    }
    return group === null ? null : this.matchOf(group.members[0]!.id);
  }

  /** The current template of a cluster returned by `add`. */
  templateOf(clusterId: number): string {
    if (clusterId === this.maxClusters && this.overflow !== null) return OVERFLOW_TEMPLATE;
    if (clusterId < 0 || clusterId >= this.shapes.length) return '';
    this.cluster();
    return this.groupOf[clusterId]!.tokens.join(' ');
  }

  stats(): MinerStats {
    return {
      lines: this.lines,
      clusters: this.shapes.length,
      overflowLines: this.overflow?.count ?? 0,
      forcedMerges: this.forcedMerges,
    };
  }

  /**
   * The patterns so far, most frequent first. Groups that ended with the same
   * template text are reported as one pattern, so template ids are unique.
   */
  patterns(limit = Number.POSITIVE_INFINITY): LogPattern[] {
    this.cluster();
    const byTemplate = new Map<string, LogPattern>();
    const all = this.overflow === null ? this.shapes : [...this.shapes, this.overflow];
    for (const shape of all) {
      if (shape.count === 0) continue;
      const template = shape === this.overflow ? OVERFLOW_TEMPLATE : this.groupOf[shape.id]!.tokens.join(' ');
      const existing = byTemplate.get(template);
      if (existing === undefined) {
        byTemplate.set(template, {
          templateId: templateIdOf(template),
          template,
          count: shape.count,
          firstSeen: shape.firstSeen,
          lastSeen: shape.lastSeen,
          examples: [...shape.examples],
        });
        continue;
      }
      existing.count += shape.count;
      existing.firstSeen = minNullable(existing.firstSeen, shape.firstSeen);
      existing.lastSeen = maxNullable(existing.lastSeen, shape.lastSeen);
      for (const example of shape.examples) {
        if (existing.examples.length < 3 && !existing.examples.includes(example)) existing.examples.push(example);
      }
    }
    return [...byTemplate.values()]
      .sort((a, b) => b.count - a.count || (a.firstSeen ?? 0) - (b.firstSeen ?? 0) || (a.template < b.template ? -1 : 1))
      .slice(0, limit);
  }

  private matchOf(shapeId: number): PatternMatch {
    const template = this.templateOf(shapeId);
    return { clusterId: shapeId, template, templateId: templateIdOf(template) };
  }

  /**
   * The masked shape of a line, tokens joined by one space (masked tokens never hold a space), or null
   * for an empty line. Masking decides on where digits are, never on their values, so a shape without
   * a digit left in it is the shape of every line that reads the same once each digit is a `0`: that
   * form (hashed) is the key of a bounded cache (the idea of LILAC's parsing cache, without a model), and lines
   * of a known event skip the mask. Shapes that keep a digit (`eth0`, `IRQ9`) are never cached.
   */
  private shapeKeyOf(line: string): string | null {
    const content = this.extractJsonMessage ? extractMessage(line) : line;
    digitlessHash(content, this.hashes);
    const slot = this.hashes[0]! & 0x3fffffff;
    const check = this.hashes[1]!;
    const cached = this.shapeCache.get(slot);
    if (cached !== undefined && cached.check === check) return cached.key;
    let tokens = maskTokens(content);
    if (tokens.length === 0) return null;
    tokens = collapseVariables(tokens);
    if (tokens.length > this.maxTokens) {
      tokens = tokens.slice(0, this.maxTokens - 1);
      tokens.push(WILDCARD);
    }
    const key = tokens.join(' ');
    if (this.shapeCacheSize > 0) {
      if (this.shapeCache.size >= this.shapeCacheSize) this.shapeCache.clear();
      this.shapeCache.set(slot, { check, key });
    }
    return key;
  }

  /**
   * The template a new shape belongs to: every constant token of the template
   * present (strict), or, when `loose`, the most similar template above the
   * similarity threshold.
   */
  private bestGroup(tokens: readonly string[], loose: boolean): Group | null {
    this.cluster();
    const candidates = this.groupsByLead.get(`${tokens.length} ${leadKey(tokens[0]!)}`);
    if (candidates === undefined) return null;
    let best: Group | null = null;
    let bestScore = -1;
    for (const group of candidates) {
      let equal = 0;
      let constants = 0;
      let fits = true;
      for (let i = 0; i < tokens.length; i++) {
        const t = group.tokens[i]!;
        if (t === WILDCARD) continue;
        constants++;
        if (agree(t, tokens[i]!)) equal++;
        else fits = false;
      }
      const score = loose ? equal / tokens.length : fits ? constants : -1;
      if (score > bestScore && (!loose || score >= this.similarity)) {
        best = group;
        bestScore = score;
      }
    }
    return best;
  }

  private record(shape: Shape, line: string, timestamp: number | undefined): void {
    shape.count++;
    if (timestamp !== undefined && Number.isFinite(timestamp)) {
      if (shape.firstSeen === null || timestamp < shape.firstSeen) shape.firstSeen = timestamp;
      if (shape.lastSeen === null || timestamp > shape.lastSeen) shape.lastSeen = timestamp;
    }
    if (shape.examples.length < 3) {
      const example = line.length > this.maxExampleLength ? line.slice(0, this.maxExampleLength) : line;
      if (!shape.examples.includes(example)) shape.examples.push(example);
    }
  }

  /** Rebuilds the templates when shapes were added since the last time. */
  private cluster(): void {
    if (this.clusteredShapes === this.shapes.length) return;
    this.clusteredShapes = this.shapes.length;
    this.matchCache.clear();
    const buckets = new Map<string, Shape[]>();
    for (const shape of this.shapes) {
      const key = `${shape.tokens.length} ${leadKey(shape.tokens[0]!)}`;
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [shape]);
      else bucket.push(shape);
    }
    const groupOf: Group[] = new Array<Group>(this.shapes.length);
    const groupsByLead = new Map<string, Group[]>();
    for (const [key, bucket] of buckets) {
      const groups: Group[] = [];
      for (const draft of groupBySimilarity(bucket, this.similarity)) {
        for (const members of splitByConstants(draft, this.minVariableValues)) groups.push(makeGroup(members));
      }
      for (const group of groups) for (const member of group.members) groupOf[member.id] = group;
      groupsByLead.set(key, groups);
    }
    this.groupOf = groupOf;
    this.groupsByLead = groupsByLead;
  }
}

/**
 * Drain's step: most frequent shapes first, each joins the draft whose first
 * shape agrees with it on the most positions, when that is at least `similarity`.
 */
function groupBySimilarity(bucket: Shape[], similarity: number): Shape[][] {
  const sorted = [...bucket].sort((a, b) => b.count - a.count || a.id - b.id);
  const drafts: { tokens: string[]; members: Shape[] }[] = [];
  for (const shape of sorted) {
    const n = shape.tokens.length;
    let best: (typeof drafts)[number] | null = null;
    let bestSim = -1;
    for (const draft of drafts) {
      let equal = 0;
      // Against the draft's first (most frequent) shape, not a generalised template: a template that
      // has become mostly `<*>` would otherwise take in every line of its length.
      for (let i = 0; i < n; i++) if (agree(draft.tokens[i]!, shape.tokens[i]!)) equal++;
      const sim = equal / n;
      if (sim > bestSim) {
        best = draft;
        bestSim = sim;
      }
    }
    if (best !== null && bestSim >= similarity) {
      best.members.push(shape);
    } else drafts.push({ tokens: shape.tokens, members: [shape] });
  }
  return drafts.map((d) => d.members);
}

/** The word a shape has at a position, with every variable token counted as one value. */
function valueAt(shape: Shape, position: number): string {
  const token = shape.tokens[position]!;
  return token.includes(WILDCARD) && isVariableToken(token) ? WILDCARD : token;
}

/**
 * Brain's lower-direction step: a position where the draft's lines take fewer
 * than `minVariableValues` distinct words is a constant that separates events,
 * so the draft is split by it (the fewest-valued position first, recursively).
 * Positions with more distinct words are variables.
 */
function splitByConstants(members: Shape[], minVariableValues: number): Shape[][] {
  if (members.length === 1) return [members];
  const n = members[0]!.tokens.length;
  let splitAt = -1;
  let fewest = Number.POSITIVE_INFINITY;
  let lines = 0;
  for (const member of members) lines += member.count;
  for (let i = 0; i < n; i++) {
    const values = new Set<string>();
    let allVariable = true;
    for (const member of members) {
      const value = valueAt(member, i);
      values.add(value);
      // Values that all carry a digit or a masked part, one of them wholly masked (`<*>` beside `LOCAL(<*>)`
      // or beside a one-item list `dn184`), are one variable.
      if (allVariable && !hasDigitOrWildcard(value)) allVariable = false;
      if (values.size >= minVariableValues && !allVariable) break;
    }
    // `su[<*>]:` beside `ftpd[<*>]:` are two programs, `ee0` beside `alt0` two interfaces.
    if (allVariable && !values.has(WILDCARD)) allVariable = false;
    // Without a repeated line there is no evidence that the few words are a set of constants (`alice` / `bob`).
    if (allVariable || lines === values.size) continue;
    if (values.size > 1 && values.size < minVariableValues && values.size < fewest) {
      fewest = values.size;
      splitAt = i;
    }
  }
  if (splitAt < 0) return [members];
  const parts = new Map<string, Shape[]>();
  for (const member of members) {
    const value = valueAt(member, splitAt);
    const part = parts.get(value);
    if (part === undefined) parts.set(value, [member]);
    else part.push(member);
  }
  return [...parts.values()].flatMap((part) => splitByConstants(part, minVariableValues));
}

function hasDigitOrWildcard(token: string): boolean {
  if (token.includes(WILDCARD)) return true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function makeGroup(members: Shape[]): Group {
  const tokens = [...members[0]!.tokens];
  let count = 0;
  for (const member of members) {
    count += member.count;
    for (let i = 0; i < tokens.length; i++) if (tokens[i] !== WILDCARD && tokens[i] !== member.tokens[i]) tokens[i] = WILDCARD;
  }
  return { tokens, members, count };
}

function minNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Mines a batch of lines (optionally with timestamps) and returns the patterns, most frequent first. */
export function minePatterns(
  lines: Iterable<string | { line: string; timestamp?: number }>,
  options: MinerOptions = {},
): LogPattern[] {
  const miner = new LogPatternMiner(options);
  for (const entry of lines) {
    if (typeof entry === 'string') miner.add(entry);
    else miner.add(entry.line, entry.timestamp);
  }
  return miner.patterns();
}
