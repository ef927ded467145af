import { extractMessage } from './message.js';
import { maskTokens, WILDCARD } from './mask.js';
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
  /** Tree depth as in the Drain paper: 2 fixed layers (root, length) + `depth - 2` token layers. Default 4. */
  depth?: number;
  /** Fraction of equal (non-wildcard) tokens needed to join a cluster. Default 0.5. */
  similarity?: number;
  /** Children per internal node before new tokens are routed to the `<*>` child. Default 100. */
  maxChildren?: number;
  /** Clusters per leaf; past it a line joins its most similar cluster of that leaf. Default 64. */
  maxClustersPerLeaf?: number;
  /** Clusters overall; past it a line joins its most similar cluster, or the overflow pattern. Default 5000. */
  maxClusters?: number;
  /** Tokens kept per line; the tail of longer lines becomes one `<*>`. Default 128. */
  maxTokens?: number;
  /** Characters kept per example line. Default 500. */
  maxExampleLength?: number;
  /** Cluster the message of JSON lines rather than the whole object. Default true. */
  extractJsonMessage?: boolean;
}

export interface MinerStats {
  lines: number;
  clusters: number;
  /** Lines that did not fit a cluster after `maxClusters` was reached (counted in the overflow pattern). */
  overflowLines: number;
  /** Lines that joined a cluster below the similarity threshold because their leaf or the miner was full. */
  forcedMerges: number;
}

interface Cluster {
  id: number;
  tokens: string[];
  wildcards: number;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  examples: string[];
}

interface TreeNode {
  children: Map<string, TreeNode> | null;
  clusters: Cluster[] | null;
}

/** The template of the overflow pattern, reported once `maxClusters` is reached. */
export const OVERFLOW_TEMPLATE = '<*> (cluster limit reached)';

// Dotted names (`com.apple.cts.heartbeat:`, `mesos-slave.example.org`) as a leading token are usually
// variable job, class or host names; routing them to the wildcard branch lets the similarity
// test decide instead of the first token splitting one event into many (+19 points on loghub Mac).
const DOTTED_NAME_RE = /[A-Za-z]\.[A-Za-z]/;

/** Drain's routing rule, extended: tokens that look like variables take the `<*>` branch of the tree. */
function routesToWildcard(token: string): boolean {
  if (token === WILDCARD || token.includes(WILDCARD)) return true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return DOTTED_NAME_RE.test(token);
}

/**
 * A streaming Drain log-template miner (He et al., "Drain: An Online Log
 * Parsing Approach with Fixed Depth Tree", ICWS 2017) with a masking pre-pass.
 *
 * Memory is bounded: clusters are capped per leaf and overall, each keeps at
 * most three short example lines, and the tree has at most `maxChildren`
 * children per node. At a cap nothing is dropped: the line is counted in its
 * most similar cluster (whose template generalises) or, when its leaf is
 * empty, in a single overflow pattern; `stats()` reports how often.
 */
export class LogPatternMiner {
  private readonly tokenLayers: number;
  private readonly similarity: number;
  private readonly maxChildren: number;
  private readonly maxClustersPerLeaf: number;
  private readonly maxClusters: number;
  private readonly maxTokens: number;
  private readonly maxExampleLength: number;
  private readonly extractJsonMessage: boolean;
  private readonly byLength = new Map<number, TreeNode>();
  private readonly clusters: Cluster[] = [];
  private overflow: Cluster | null = null;
  private lines = 0;
  private forcedMerges = 0;

  constructor(options: MinerOptions = {}) {
    this.tokenLayers = Math.max(1, (options.depth ?? 4) - 2);
    this.similarity = options.similarity ?? 0.5;
    this.maxChildren = Math.max(2, options.maxChildren ?? 100);
    this.maxClustersPerLeaf = Math.max(1, options.maxClustersPerLeaf ?? 64);
    this.maxClusters = Math.max(1, options.maxClusters ?? 5000);
    this.maxTokens = Math.max(2, options.maxTokens ?? 128);
    this.maxExampleLength = options.maxExampleLength ?? 500;
    this.extractJsonMessage = options.extractJsonMessage ?? true;
  }

  /**
   * Adds one line; returns the id of the cluster it joined (stable for the
   * life of the miner, usable with `templateOf`). Empty lines are ignored (-1).
   */
  add(line: string, timestamp?: number): number {
    const content = this.extractJsonMessage ? extractMessage(line) : line;
    let tokens = maskTokens(content);
    if (tokens.length === 0) return -1;
    if (tokens.length > this.maxTokens) {
      tokens = tokens.slice(0, this.maxTokens - 1);
      tokens.push(WILDCARD);
    }
    this.lines++;
    const leaf = this.leafFor(tokens);
    const clusters = leaf.clusters!;
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestWildcards = -1;
    for (const cluster of clusters) {
      const sim = similarity(cluster.tokens, tokens);
      if (sim > bestSim || (sim === bestSim && cluster.wildcards > bestWildcards)) {
        best = cluster;
        bestSim = sim;
        bestWildcards = cluster.wildcards;
      }
    }
    let target: Cluster;
    if (best !== null && bestSim >= this.similarity) {
      target = best;
      mergeTemplate(target, tokens);
    } else if (clusters.length < this.maxClustersPerLeaf && this.clusters.length < this.maxClusters) {
      target = this.newCluster(tokens);
      clusters.push(target);
    } else if (best !== null) {
      this.forcedMerges++;
      target = best;
      mergeTemplate(target, tokens);
    } else {
      target = this.overflow ??= this.newCluster(OVERFLOW_TEMPLATE.split(' '));
    }
    this.record(target, line, timestamp);
    return target.id;
  }

  /** The current template of a cluster returned by `add`. */
  templateOf(clusterId: number): string {
    const cluster = this.clusters[clusterId];
    return cluster === undefined ? '' : cluster.tokens.join(' ');
  }

  stats(): MinerStats {
    return {
      lines: this.lines,
      clusters: this.clusters.length,
      overflowLines: this.overflow?.count ?? 0,
      forcedMerges: this.forcedMerges,
    };
  }

  /**
   * The patterns so far, most frequent first. Clusters that ended with the
   * same template text (they can sit in different branches of the tree) are
   * reported as one pattern, so template ids are unique in the result.
   */
  patterns(limit = Number.POSITIVE_INFINITY): LogPattern[] {
    const byTemplate = new Map<string, LogPattern>();
    for (const cluster of this.clusters) {
      if (cluster.count === 0) continue;
      const template = cluster.tokens.join(' ');
      const existing = byTemplate.get(template);
      if (existing === undefined) {
        byTemplate.set(template, {
          templateId: templateIdOf(template),
          template,
          count: cluster.count,
          firstSeen: cluster.firstSeen,
          lastSeen: cluster.lastSeen,
          examples: [...cluster.examples],
        });
        continue;
      }
      existing.count += cluster.count;
      existing.firstSeen = minNullable(existing.firstSeen, cluster.firstSeen);
      existing.lastSeen = maxNullable(existing.lastSeen, cluster.lastSeen);
      for (const example of cluster.examples) {
        if (existing.examples.length < 3 && !existing.examples.includes(example)) existing.examples.push(example);
      }
    }
    return [...byTemplate.values()]
      .sort((a, b) => b.count - a.count || (a.firstSeen ?? 0) - (b.firstSeen ?? 0) || (a.template < b.template ? -1 : 1))
      .slice(0, limit);
  }

  private newCluster(tokens: string[]): Cluster {
    const cluster: Cluster = {
      id: this.clusters.length,
      tokens,
      wildcards: countWildcards(tokens),
      count: 0,
      firstSeen: null,
      lastSeen: null,
      examples: [],
    };
    this.clusters.push(cluster);
    return cluster;
  }

  private record(cluster: Cluster, line: string, timestamp: number | undefined): void {
    cluster.count++;
    if (timestamp !== undefined && Number.isFinite(timestamp)) {
      if (cluster.firstSeen === null || timestamp < cluster.firstSeen) cluster.firstSeen = timestamp;
      if (cluster.lastSeen === null || timestamp > cluster.lastSeen) cluster.lastSeen = timestamp;
    }
    if (cluster.examples.length < 3) {
      const example = line.length > this.maxExampleLength ? line.slice(0, this.maxExampleLength) : line;
      if (!cluster.examples.includes(example)) cluster.examples.push(example);
    }
  }

  private leafFor(tokens: string[]): TreeNode {
    let node: TreeNode | undefined = this.byLength.get(tokens.length);
    if (node === undefined) {
      node = { children: new Map(), clusters: null };
      this.byLength.set(tokens.length, node);
    }
    const layers = Math.min(this.tokenLayers, tokens.length);
    for (let depth = 0; depth < layers; depth++) {
      const token = tokens[depth]!;
      const children: Map<string, TreeNode> = node.children!;
      const isLast = depth === layers - 1;
      const key = routesToWildcard(token) ? WILDCARD : token;
      let next: TreeNode | undefined = children.get(key);
      if (next === undefined) {
        // A full node sends new tokens to its wildcard child instead of growing: bounded fan-out.
        const routed = children.size + 1 >= this.maxChildren ? WILDCARD : key;
        next = children.get(routed);
        if (next === undefined) {
          next = isLast ? { children: null, clusters: [] } : { children: new Map(), clusters: null };
          children.set(routed, next);
        }
      }
      node = next;
    }
    return node;
  }
}

function countWildcards(tokens: readonly string[]): number {
  let n = 0;
  for (const token of tokens) if (token === WILDCARD) n++;
  return n;
}

/** Drain's sequence similarity: equal tokens / length; wildcards in the template count as neither. */
function similarity(template: readonly string[], tokens: readonly string[]): number {
  let equal = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (t !== WILDCARD && t === tokens[i]) equal++;
  }
  return equal / template.length;
}

function mergeTemplate(cluster: Cluster, tokens: readonly string[]): void {
  const template = cluster.tokens;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== tokens[i] && template[i] !== WILDCARD) {
      template[i] = WILDCARD;
      cluster.wildcards++;
    }
  }
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
