import type { CauseKind, CheckName, CheckResult, Finding } from '../checks/check-result.js';
import { SERVER_CONNECTION_LIMIT } from '../checks/classify-log-pattern.js';

const METRIC_CHECKS: ReadonlySet<CheckName> = new Set([
  'http_errors_latency',
  'resource_saturation',
  'dependency_saturation',
]);

/**
 * What a caller's log finding can be a relayed symptom of, as the dependency's
 * own metrics show it: "No space left on device" relayed from a database whose
 * filesystem filled, "connection refused" from a service whose exporter went
 * down or that keeps restarting, "too many clients" from a database whose
 * connections are at their limit.
 */
const relayedFrom: Partial<Record<CauseKind, readonly CauseKind[]>> = {
  disk_full: ['disk_full'],
  dependency_failure: ['unavailable', 'crash_restarts', 'oom'],
  // "Read timed out" from a caller whose dependency is down.
  slow_dependency: ['unavailable'],
  pool_exhaustion: ['pool_exhaustion'],
};

/** How long after the dependency's own change a caller's symptom may start and still be its echo. */
const SLACK_MS = 2 * 60_000;

/**
 * The dependency outranks its callers: a log finding in a caller that names
 * no service, of a kind a dependency relays (a full disk, a refused
 * connection, the server's connection limit), is moved to the one other
 * service whose own metrics or logs show that kind of failure, starting no later
 * than the caller's symptom, and marked as observed in the caller. Without
 * exactly one such service, the finding stays where it was seen. Its own
 * logs count as its own signal too (a database that logs "too many clients").
 */
export function attributeToDependencies(checks: readonly CheckResult[]): CheckResult[] {
  // A dependency's own signal: its metrics, or its own logs (a database saying "too many clients").
  const own = checks
    .filter((check) => METRIC_CHECKS.has(check.check) || check.check === 'error_log_patterns')
    .flatMap((check) => check.findings.filter((f) => f.observedIn === undefined && !f.node));
  return checks.map((check) => {
    if (check.check !== 'error_log_patterns') return check;
    const findings = check.findings.map((finding): Finding => {
      if (finding.observedIn !== undefined) return finding;
      const kinds = relayedFrom[finding.kind];
      if (!kinds) return finding;
      if (finding.kind === 'pool_exhaustion' && !SERVER_CONNECTION_LIMIT.test(finding.text))
        return finding;
      const sources = own.filter(
        (f) =>
          f.service !== finding.service &&
          kinds.includes(f.kind) &&
          (finding.onset === null || f.onset === null || f.onset <= finding.onset + SLACK_MS),
      );
      const services = [...new Set(sources.map((f) => f.service))];
      if (services.length !== 1) return finding;
      const kind = finding.kind === 'dependency_failure' ? 'unavailable' : finding.kind;
      return {
        ...finding,
        service: services[0]!,
        kind,
        text: `${finding.text} in ${finding.service}'s logs`,
        observedIn: finding.service,
      };
    });
    return { ...check, findings };
  });
}
