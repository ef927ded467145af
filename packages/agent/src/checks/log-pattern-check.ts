import { escapeLabelValue } from '@vibemonitor/integrations';
import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import { diffLogWindows, type PatternChange } from '../evidence/index.js';
import type { InvestigationWindow, TimeSpan } from '../engine/investigation-window.js';
import type { LogSource } from '../sources/data-sources.js';
import type { QueryLog } from '../sources/query-log.js';
import type { CheckResult, Finding } from './check-result.js';
import {
  blamedService,
  classifyLogPattern,
  displayTemplate,
  RESOLVER_FAILURE,
} from './classify-log-pattern.js';
import { mapLimit } from './map-limit.js';
import { strengthFromScore } from './metric-checks.js';
import { meanBetween, metricBaselineStart, type TrafficSeries } from './metric-sweep.js';
import type { ServiceDirectory } from './service-directory.js';

/** Lines read per service and window: enough to mine patterns, bounded for large services. */
const SAMPLE_LINES = 1000;
const PATTERNS_PER_SERVICE = 3;
/** Pattern score (log2 surprise x log2 volume, doubled for errors) that makes a finding. */
const MIN_PATTERN_SCORE = 6;
/**
 * An elevated (not new) pattern must also be clearly up: with a few services
 * times dozens of patterns, a 2x wobble of a rare line happens by chance.
 */
const MIN_ELEVATED_RATIO = 3;
const STRONG_PATTERN_SCORE = 12;

interface Sample {
  lines: Array<{ line: string; timestamp: number }>;
  durationMs: number;
  /** The window held more lines than were read: the sample covers only its newest (or oldest) part. */
  truncated: boolean;
}

async function sample(
  source: LogSource,
  selector: string,
  span: TimeSpan,
  signal: AbortSignal,
  direction: 'forward' | 'backward' = 'backward',
): Promise<Sample> {
  const result = await source.lines({
    query: selector,
    start: span.start,
    end: span.end,
    limit: SAMPLE_LINES,
    direction,
    signal,
  });
  const lines = result.lines.map((l) => ({ line: l.line, timestamp: l.timestamp }));
  // A truncated sample holds the newest (backward) or oldest (forward) lines: its rate is over the
  // span it covers, not the whole window.
  const stamps = lines.map((l) => l.timestamp);
  const oldest = stamps.length > 0 ? Math.min(...stamps) : span.start.getTime();
  const newest = stamps.length > 0 ? Math.max(...stamps) : span.end.getTime();
  if (direction === 'backward') {
    const durationMs = result.truncated
      ? Math.max(60_000, span.end.getTime() - oldest)
      : span.end.getTime() - span.start.getTime();
    return { lines, durationMs, truncated: result.truncated };
  }
  // Read oldest first (a baseline): the logs may begin after the span does (retention, a new
  // service), so the rate is over the time the lines cover, never over hours with no data at all.
  const durationMs = result.truncated
    ? Math.max(60_000, newest - oldest)
    : Math.max(60_000, span.end.getTime() - Math.max(span.start.getTime(), oldest));
  return { lines, durationMs, truncated: result.truncated };
}

/** Span (ms) a sample's lines cover. */
function spanOf(sample: Sample): [number, number] | null {
  if (sample.lines.length === 0) return null;
  const stamps = sample.lines.map((l) => l.timestamp);
  return [Math.min(...stamps), Math.max(...stamps)];
}

/**
 * How much busier the service was (its request rate) in the part of the
 * incident its sample covers than in the part of the baseline its sample
 * covers: the two samples may be minutes of a daily ramp apart.
 */
function busierBy(
  traffic: TrafficSeries | undefined,
  incident: Sample,
  baseline: Sample,
): number | undefined {
  const [inIncident, inBaseline] = [spanOf(incident), spanOf(baseline)];
  if (!traffic || !inIncident || !inBaseline) return undefined;
  const now = meanBetween(traffic, ...inIncident);
  const before = meanBetween(traffic, ...inBaseline);
  return now === null || before === null || before <= 0 ? undefined : now / before;
}

/** The longest literal words of a template: what a line of the pattern always contains. */
function literalWords(template: string): string[] {
  return template
    .split(/\s+/)
    .filter((w) => w !== '<*>' && !w.includes('<*>') && w.length >= 3)
    .sort((a, b) => b.length - a.length)
    .slice(0, 3);
}

/** When the pattern first shows in the incident sample: the first line containing its longest literal words. */
function onsetInSample(change: PatternChange, incident: Sample): number | null {
  const words = literalWords(change.template);
  if (words.length === 0) return null;
  const hits = incident.lines.filter((l) => words.every((w) => l.line.includes(w)));
  return hits.length > 0 ? Math.min(...hits.map((l) => l.timestamp)) : null;
}

/**
 * When the pattern first shows in the incident window. A truncated sample
 * holds only the newest lines, so its first hit is just where the sample
 * begins (a fault 50 minutes old would seem to start minutes ago, after a
 * deploy it in fact followed): ask the source for the oldest line with the
 * pattern's words instead, and keep the sample's answer if that fails.
 */
async function onsetOf(
  change: PatternChange,
  incident: Sample,
  source: LogSource,
  selector: string,
  span: TimeSpan,
  signal: AbortSignal,
): Promise<number | null> {
  const inSample = onsetInSample(change, incident);
  const words = literalWords(change.template);
  if (!incident.truncated || words.length === 0) return inSample;
  try {
    const filters = words.map((w) => ` |= "${escapeLabelValue(w)}"`).join('');
    const first = await source.lines({
      query: `${selector}${filters}`,
      start: span.start,
      end: span.end,
      limit: 1,
      direction: 'forward',
      signal,
    });
    const at = first.lines[0]?.timestamp;
    return at === undefined ? inSample : Math.min(at, inSample ?? at);
  } catch {
    signal.throwIfAborted();
    return inSample;
  }
}

function shortTemplate(template: string): string {
  const shown = displayTemplate(template);
  return shown.length > 160 ? `${shown.slice(0, 160)}…` : shown;
}

/**
 * Error-pattern logs: per service, the incident window's log lines mined
 * into templates (Drain) and compared with the baseline; templates that are
 * new or elevated become findings, classified by their words (a full disk,
 * an expired certificate, a refused connection...) and blamed on the service
 * they name when that is a dependency.
 */
export async function logPatternCheck(input: {
  directory: ServiceDirectory;
  logs: readonly LogSource[];
  window: InvestigationWindow;
  ledger: EvidenceLedger;
  queryLog?: QueryLog;
  signal: AbortSignal;
  /** IP address -> service (see address-book.ts), so a line naming only an address blames its owner. */
  addresses?: ReadonlyMap<string, string>;
  /** Service -> its request rate over time (from the metrics), when measured. */
  traffic?: ReadonlyMap<string, TrafficSeries>;
}): Promise<CheckResult> {
  const { directory, window, ledger, signal } = input;
  if (input.logs.length === 0) {
    return {
      check: 'error_log_patterns',
      interesting: false,
      summary: 'Not run: no log source.',
      evidence: [],
      findings: [],
      ruledOut: [],
      notChecked: ['Log patterns: no log source (Loki) is connected.'],
    };
  }
  const tasks = input.logs.flatMap((source) =>
    directory.services.map((service) => ({
      source,
      service,
      selector: directory.logSelector(source, service),
    })),
  );
  const failures: string[] = [];
  const results = await mapLimit(tasks, 6, async ({ source, service, selector }) => {
    if (!selector) return null;
    try {
      const [incident, baseline] = await Promise.all([
        sample(source, selector, window.incident, signal),
        // The baseline reaches as far back as the metrics' and is read oldest first, so a fault
        // that began shortly before the window does not pass for normal.
        sample(
          source,
          selector,
          { start: metricBaselineStart(window), end: window.baseline.end },
          signal,
          'forward',
        ),
      ]);
      if (incident.lines.length === 0 && baseline.lines.length === 0) return null;
      const trafficFactor = busierBy(input.traffic?.get(service), incident, baseline);
      const diff = diffLogWindows({
        incident: { lines: incident.lines, durationMs: incident.durationMs },
        baseline: { lines: baseline.lines, durationMs: baseline.durationMs },
        ...(trafficFactor === undefined ? {} : { options: { trafficFactor } }),
      });
      return { source, service, selector, incident, diff };
    } catch (error) {
      signal.throwIfAborted();
      failures.push(
        `${source.name} (${service}): ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
  });

  const evidence = [];
  const findings: Finding[] = [];
  const quiet: string[] = [];
  const quietQueries: string[] = [];
  const selected = results.map((result) =>
    result === null
      ? []
      : [
          ...result.diff.new,
          ...result.diff.elevated.filter(
            (c) => c.ratio >= MIN_ELEVATED_RATIO || c.score >= STRONG_PATTERN_SCORE,
          ),
        ]
          .filter((c) => c.score >= MIN_PATTERN_SCORE)
          .sort((a, b) => b.score - a.score)
          .slice(0, PATTERNS_PER_SERVICE),
  );
  // The onset of each pattern that will be reported (a query per pattern when a sample was truncated).
  const reported = results.flatMap((result, i) =>
    result === null ? [] : selected[i]!.map((change) => ({ result, change })),
  );
  const onsets = await mapLimit(reported, 6, ({ result, change }) =>
    onsetOf(change, result.incident, result.source, result.selector, window.incident, signal),
  );
  const onsetByChange = new Map(reported.map(({ change }, i) => [change, onsets[i] ?? null]));
  for (const [i, result] of results.entries()) {
    if (!result) continue;
    const changes = selected[i]!;
    if (changes.length === 0) {
      if (result.incident.lines.length > 0) {
        quiet.push(result.service);
        quietQueries.push(input.queryLog?.cite(result.source.id, [result.selector]) ?? '');
      }
      continue;
    }
    for (const change of changes) {
      const isNew = result.diff.new.includes(change);
      const example = change.examples[0] ?? change.template;
      const kind = classifyLogPattern(`${change.template} ${example}`, isNew) ?? 'errors';
      const item = ledger.add({
        source: 'error_log_patterns',
        summary: `${result.service}: ${isNew ? 'new' : `elevated x${change.ratio.toFixed(1)}`} log pattern (${change.incidentCount} lines vs ${change.baselineCount} in the baseline): ${shortTemplate(change.template)} | e.g. ${example.slice(0, 200)}`,
        query: `${result.selector} |= "${escapeLabelValue(change.template.split('<*>')[0]!.trim().slice(0, 60))}"`,
      });
      evidence.push(item);
      const blamed = blamedService(
        `${change.template} ${example}`,
        kind,
        result.service,
        directory.services,
        input.addresses,
        directory.aliasMap(),
      );
      findings.push({
        service: blamed ?? result.service,
        // A caller that cannot reach X says X is unreachable: X does not "fail calling a dependency".
        // An exception a caller relays from X (an open circuit breaker, "rpc error") is X failing its
        // callers, not X throwing: X returns errors.
        kind:
          blamed !== null && (kind === 'dependency_failure' || kind === 'dns')
            ? 'unavailable'
            : blamed !== null && kind === 'app_exception'
              ? 'errors'
              : kind,
        text: `${isNew ? 'new' : 'elevated'} log pattern "${shortTemplate(change.template)}" (${change.incidentCount} lines${blamed ? ` in ${result.service}'s logs` : ''})${kind === 'dns' && RESOLVER_FAILURE.test(`${change.template} ${example}`) ? ': its resolver failed to answer' : ''}`,
        strength: strengthFromScore(change.score / 2),
        onset: onsetByChange.get(change) ?? null,
        evidenceIds: [item.id],
        ...(blamed ? { observedIn: result.service } : {}),
      });
    }
  }
  const looked = results.filter((r) => r !== null).length;
  const withLogs = new Set(results.filter((r) => r !== null).map((r) => r.service));
  const noLogs = directory.services.filter((service) => !withLogs.has(service));
  const quietIds = [...new Set(quietQueries.join('').match(/Q\d+/g) ?? [])];
  return {
    check: 'error_log_patterns',
    interesting: findings.length > 0,
    summary:
      findings.length > 0
        ? `${findings.length} new or elevated log patterns: ${findings
            .slice(0, 3)
            .map((f) => `${f.observedIn ?? f.service}: ${f.text}`)
            .join('; ')}.`
        : looked > 0
          ? `Normal: the logs of ${looked} services show no new or elevated patterns against the baseline.`
          : 'No log lines were found for the known services.',
    evidence,
    findings,
    ruledOut:
      quiet.length > 0
        ? [
            `Log patterns: nothing new or elevated for ${quiet.join(', ')}${quietIds.length > 0 ? ` [${quietIds.join(', ')}]` : ''}.`,
          ]
        : [],
    notChecked: [
      ...(looked === 0
        ? ['Log patterns: no log lines matched any known service in the window.']
        : noLogs.length > 0
          ? [`Log patterns: no logs found for ${noLogs.join(', ')}.`]
          : []),
      ...failures.map((f) => `Logs of ${f}`),
    ],
  };
}
