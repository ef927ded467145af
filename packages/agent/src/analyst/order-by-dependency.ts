import type { CauseKind, CheckResult, Finding } from '../checks/check-result.js';

/** What a caller shows when something it calls breaks: its own errors and slowness, failed calls, new exceptions. */
const ECHO_KINDS: ReadonlySet<CauseKind> = new Set([
  'errors',
  'latency',
  'app_exception',
  'dependency_failure',
  'slow_dependency',
]);
/** A callee's trouble that can echo upstream: the same symptoms, or a mechanism of its own. */
const SOURCE_KINDS: ReadonlySet<CauseKind> = new Set([
  ...ECHO_KINDS,
  'unavailable',
  'cpu_saturation',
  'gc_pressure',
  'memory_growth',
  'oom',
  'crash_restarts',
  'pool_exhaustion',
  'disk_full',
  'queue_backlog',
]);
/** A callee's trouble may start up to this long after its caller's and still be the origin (scrape and rate() lag). */
const SLACK_MS = 2 * 60_000;

/** Every service `from` calls, directly or through others. */
function downstreamOf(
  from: string,
  edges: ReadonlyArray<{ client: string; server: string }>,
): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const edge of edges)
      if (edge.client === current && !seen.has(edge.server) && edge.server !== from) {
        seen.add(edge.server);
        queue.push(edge.server);
      }
  }
  return seen;
}

/**
 * The dependency outranks its callers: with a service graph, a caller's
 * symptoms (errors, latency, failed calls, new exceptions) weigh half when
 * a service it calls, directly or further down, went wrong no later than it
 * did. Errors flow upstream along calls, so the deepest service in trouble
 * is where they begin.
 */
export function orderByDependency(checks: readonly CheckResult[]): CheckResult[] {
  const edges = checks.flatMap((check) => check.serviceGraph ?? []);
  if (edges.length === 0) return [...checks];
  const all = checks.flatMap((check) => check.findings);
  const troubled = (service: string, before: number | null) =>
    all.some(
      (f) =>
        f.service === service &&
        SOURCE_KINDS.has(f.kind) &&
        f.strength >= 2 &&
        (before === null || f.onset === null || f.onset <= before + SLACK_MS),
    );
  const echo = (finding: Finding): boolean => {
    if (!ECHO_KINDS.has(finding.kind) || finding.observedIn !== undefined) return false;
    for (const callee of downstreamOf(finding.service, edges))
      if (troubled(callee, finding.onset)) return true;
    return false;
  };
  return checks.map((check) => ({
    ...check,
    findings: check.findings.map((f) => (echo(f) ? { ...f, strength: f.strength / 2 } : f)),
  }));
}
