import { LogPatternMiner, type MinerOptions } from './log-patterns/miner.js';
import { templateIdOf } from './log-patterns/template-id.js';

/** Characters kept of each example line. */
const EXAMPLE_CHARS = 4000;
/** The most a traffic rise can raise the expected count of a pattern (see the traffic factor below). */
const MAX_TRAFFIC_FACTOR = 2;

export interface TimedLine {
  line: string;
  /** Epoch milliseconds. */
  timestamp?: number;
}

export interface LogWindow {
  lines: Iterable<string | TimedLine>;
  durationMs: number;
}

export interface PatternDiffOptions {
  /** Fewer incident lines than this never make a pattern new or elevated (default 3). */
  minCount?: number;
  /** Smoothed incident/expected rate ratio needed to call a pattern elevated (default 2). */
  minRatio?: number;
  /** Poisson z-score, (observed - expected) / sqrt(expected + 1), needed as well (default 2). */
  minZ?: number;
  /** Pseudo-count added to both sides of the ratio, so 1 vs 0 is not infinitely surprising (default 1). */
  smoothing?: number;
  /** Longest list returned per kind (default 20). */
  limit?: number;
  miner?: MinerOptions;
  /**
   * How much busier the service is than in the baseline, measured elsewhere (its request rate):
   * expected counts rise with it, like with the busiest ordinary log line (the larger of the two,
   * at most MAX_TRAFFIC_FACTOR, never below 1).
   */
  trafficFactor?: number;
}

export interface PatternChange {
  templateId: string;
  template: string;
  incidentCount: number;
  baselineCount: number;
  /** Count in the same window a day earlier, or null when that window was not given. */
  dayEarlierCount: number | null;
  /** Incident lines expected from the baseline(s), scaled to the incident window's length. */
  expectedCount: number;
  /** Smoothed ratio (incident + s) / (expected + s). For `gone`, expected over incident. */
  ratio: number;
  /** Ranking score: surprise (log2 ratio) times volume (log2(1 + count)), doubled for error-like templates. */
  score: number;
  looksLikeError: boolean;
  /** Up to three lines from the window that matters: the incident for new/elevated, the baseline for gone. */
  examples: string[];
}

export interface PatternDiff {
  new: PatternChange[];
  elevated: PatternChange[];
  gone: PatternChange[];
  /** Patterns seen in any window, for context ("we looked at N patterns"). */
  totalPatterns: number;
}

const ERROR_RE =
  /\b(error|err|errors|fail|failed|failure|exception|fatal|panic|crit|critical|timeout|timed out|refused|denied|unavailable|oom|oomkilled|killed|cannot|could not|unable|no space|expired|invalid|reset)\b/i;

/** True for templates that read like a failure; they are weighted up when ranking. */
export function looksLikeError(template: string): boolean {
  return ERROR_RE.test(template);
}

const INCIDENT = 0;
const BASELINE = 1;
const DAY_EARLIER = 2;

interface Tally {
  counts: [number, number, number];
  examples: [string[], string[], string[]];
}

/**
 * Log patterns that are new, elevated or gone in the incident window compared
 * with a baseline window (and, when given, the same window a day earlier, so
 * a pattern that is always busy at this hour is not called elevated).
 * The incident's lines are mined; baseline lines are matched against its
 * templates (so a template has one id in every window) and mined apart only
 * when none fits.
 */
export function diffLogWindows(input: {
  incident: LogWindow;
  baseline: LogWindow;
  dayEarlier?: LogWindow;
  options?: PatternDiffOptions;
}): PatternDiff {
  const options = input.options ?? {};
  const minCount = options.minCount ?? 3;
  const minRatio = options.minRatio ?? 2;
  const minZ = options.minZ ?? 2;
  const s = options.smoothing ?? 1;
  const limit = options.limit ?? 20;
  // The incident window teaches `miner`. A baseline line is classified against the incident's templates
  // (`match`, which learns nothing); only lines that fit none are mined, by a second miner, so baseline
  // volume never reshapes an incident template (a rare new event blurred into a busy old one).
  const miner = new LogPatternMiner(options.miner);
  const baselineMiner = new LogPatternMiner(options.miner);
  const tallies = new Map<string, Tally>();
  const templateOfKey = new Map<string, () => string>();

  const feed = (window: LogWindow, slot: number): void => {
    for (const entry of window.lines) {
      const line = typeof entry === 'string' ? entry : entry.line;
      const timestamp = typeof entry === 'string' ? undefined : entry.timestamp;
      let key: string;
      if (slot === INCIDENT) {
        const id = miner.add(line, timestamp);
        if (id < 0) continue;
        key = `i${id}`;
        if (!templateOfKey.has(key)) templateOfKey.set(key, () => miner.templateOf(id));
      } else {
        const hit = miner.match(line);
        if (hit !== null) key = `i${hit.clusterId}`;
        else {
          const id = baselineMiner.add(line, timestamp);
          if (id < 0) continue;
          key = `b${id}`;
          if (!templateOfKey.has(key)) templateOfKey.set(key, () => baselineMiner.templateOf(id));
        }
        if (!templateOfKey.has(key)) templateOfKey.set(key, () => miner.templateOf(hit!.clusterId));
      }
      let tally = tallies.get(key);
      if (tally === undefined) {
        tally = { counts: [0, 0, 0], examples: [[], [], []] };
        tallies.set(key, tally);
      }
      tally.counts[slot]!++;
      const examples = tally.examples[slot]!;
      // Long enough for a JSON line's stack trace, whose last line names the error (a relayed database refusal).
      if (examples.length < 3 && !examples.includes(line))
        examples.push(line.length > EXAMPLE_CHARS ? line.slice(0, EXAMPLE_CHARS) : line);
    }
  };
  feed(input.incident, INCIDENT);
  feed(input.baseline, BASELINE);
  if (input.dayEarlier) feed(input.dayEarlier, DAY_EARLIER);

  // Clusters that ended with the same template are one pattern (as in miner.patterns()).
  const byTemplate = new Map<string, Tally>();
  for (const [key, tally] of tallies) {
    const template = templateOfKey.get(key)!();
    const merged = byTemplate.get(template);
    if (merged === undefined) {
      byTemplate.set(template, {
        counts: [...tally.counts],
        examples: [[...tally.examples[0]], [...tally.examples[1]], [...tally.examples[2]]],
      });
      continue;
    }
    for (const slot of [INCIDENT, BASELINE, DAY_EARLIER]) {
      merged.counts[slot]! += tally.counts[slot]!;
      for (const example of tally.examples[slot]!)
        if (merged.examples[slot]!.length < 3) merged.examples[slot]!.push(example);
    }
  }

  const scale = (window: LogWindow | undefined): number =>
    window === undefined || window.durationMs <= 0
      ? 0
      : input.incident.durationMs / window.durationMs;
  // Traffic: when the service's busiest ordinary (not error-like) line, most often its request
  // log, comes faster than in the baseline (the daily peak), its errors are expected to as well.
  // Only ever raises the expectation, and by at most MAX_TRAFFIC_FACTOR, so a fault's own retries
  // and warnings cannot hide its errors.
  let busiest: [number, number] | null = null;
  for (const [template, tally] of byTemplate) {
    const [inIncident, inBaseline] = [tally.counts[INCIDENT]!, tally.counts[BASELINE]!];
    if (looksLikeError(template) || inIncident === 0 || inBaseline < minCount * 5) continue;
    if (busiest === null || inBaseline > busiest[1]) busiest = [inIncident, inBaseline];
  }
  const fromLines =
    busiest === null || scale(input.baseline) === 0
      ? 1
      : busiest[0] / (busiest[1] * scale(input.baseline));
  const measured = options.trafficFactor ?? 1;
  const traffic = Math.min(
    MAX_TRAFFIC_FACTOR,
    Math.max(
      1,
      Number.isFinite(fromLines) ? fromLines : 1,
      Number.isFinite(measured) ? measured : 1,
    ),
  );
  const baselineScale = scale(input.baseline) * traffic;
  const dayScale = scale(input.dayEarlier);

  const result: PatternDiff = { new: [], elevated: [], gone: [], totalPatterns: byTemplate.size };
  for (const [template, tally] of byTemplate) {
    const [incidentCount, baselineCount, dayCount] = tally.counts;
    // The busier baseline sets the expectation: elevated must beat both.
    const expectedCount = Math.max(
      baselineCount * baselineScale,
      input.dayEarlier ? dayCount * dayScale : 0,
    );
    const errorLike = looksLikeError(template);
    const weight = errorLike ? 2 : 1;
    const change = (ratio: number, volume: number, examples: string[]): PatternChange => ({
      templateId: templateIdOf(template),
      template,
      incidentCount,
      baselineCount,
      dayEarlierCount: input.dayEarlier ? dayCount : null,
      expectedCount,
      ratio,
      score: Math.log2(ratio) * Math.log2(1 + volume) * weight,
      looksLikeError: errorLike,
      examples,
    });
    const seenBefore = baselineCount > 0 || (input.dayEarlier !== undefined && dayCount > 0);
    if (!seenBefore) {
      if (incidentCount >= minCount)
        result.new.push(change((incidentCount + s) / s, incidentCount, tally.examples[INCIDENT]));
      continue;
    }
    if (incidentCount === 0) {
      if (expectedCount >= minCount)
        result.gone.push(
          change(
            (expectedCount + s) / s,
            expectedCount,
            tally.examples[BASELINE].length > 0
              ? tally.examples[BASELINE]
              : tally.examples[DAY_EARLIER],
          ),
        );
      continue;
    }
    const ratio = (incidentCount + s) / (expectedCount + s);
    const z = (incidentCount - expectedCount) / Math.sqrt(expectedCount + 1);
    if (incidentCount >= minCount && ratio >= minRatio && z >= minZ) {
      result.elevated.push(change(ratio, incidentCount, tally.examples[INCIDENT]));
    }
  }
  const byScore = (a: PatternChange, b: PatternChange) =>
    b.score - a.score || b.incidentCount - a.incidentCount || (a.template < b.template ? -1 : 1);
  result.new = result.new.sort(byScore).slice(0, limit);
  result.elevated = result.elevated.sort(byScore).slice(0, limit);
  result.gone = result.gone.sort(byScore).slice(0, limit);
  return result;
}

export interface TimeRange {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
}

const DAY_MS = 86_400_000;

/**
 * Splits timestamped lines into the incident window, the baseline of the same
 * length just before it, and the same window a day earlier (used only when
 * some line falls in it: no data there means no opinion, not "zero"), then
 * diffs them. Lines without a timestamp or outside all windows are ignored.
 */
export function diffLogRecords(input: {
  records: Iterable<TimedLine>;
  incident: TimeRange;
  options?: PatternDiffOptions;
}): PatternDiff {
  const { start, end } = input.incident;
  const length = end - start;
  const incident: TimedLine[] = [];
  const baseline: TimedLine[] = [];
  const dayEarlier: TimedLine[] = [];
  for (const record of input.records) {
    const t = record.timestamp;
    if (t === undefined) continue;
    if (t >= start && t < end) incident.push(record);
    else if (t >= start - length && t < start) baseline.push(record);
    else if (t >= start - DAY_MS && t < end - DAY_MS) dayEarlier.push(record);
  }
  return diffLogWindows({
    incident: { lines: incident, durationMs: length },
    baseline: { lines: baseline, durationMs: length },
    ...(dayEarlier.length > 0 ? { dayEarlier: { lines: dayEarlier, durationMs: length } } : {}),
    ...(input.options ? { options: input.options } : {}),
  });
}
