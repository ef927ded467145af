import type { CauseKind, CheckName, CheckResult, Finding } from '../checks/check-result.js';
import {
  isDatastore,
  RESOLVER_FAILURE,
  SERVER_CONNECTION_LIMIT,
} from '../checks/classify-log-pattern.js';

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
  // Resets and refused or timed-out connections: a dependency that is down, or whose network path loses packets.
  dependency_failure: ['unavailable', 'crash_restarts', 'oom', 'network'],
  // "Read timed out" from a caller whose dependency is down or behind a slow network path.
  slow_dependency: ['unavailable', 'network'],
  pool_exhaustion: ['pool_exhaustion'],
  // "lookup badAddress: no such host" while the service it meant to call stopped receiving requests.
  dns: ['unavailable'],
  // Connections timing out to someone unnamed: the one service whose own path is lossy.
  network: ['network'],
};

/** Mechanisms a dependency can have that make its callers wait ("Read timed out" naming nobody). */
const MAKES_CALLERS_WAIT: ReadonlySet<CauseKind> = new Set([
  'unavailable',
  'pool_exhaustion',
  'cpu_saturation',
  'disk_full',
  'fd_exhaustion',
  'network',
  'oom',
  'gc_pressure',
]);

/** How long after the dependency's own change a caller's symptom may start and still be its echo. */
const SLACK_MS = 2 * 60_000;

/**
 * The dependency outranks its callers: a log finding in a caller that names
 * no service, of a kind a dependency relays (a full disk, a refused
 * connection, the server's connection limit), is moved to the one other
 * service whose own metrics or logs show that kind of failure, starting no later
 * than the caller's symptom, and marked as observed in the caller. Without
 * exactly one such service, the finding stays where it was seen. Its own
 * logs count as its own signal too (a database that logs "too many clients"),
 * and a database's own such line always stays its own. A client that relays
 * the server's connection limit has a full pool because of it: its own pool
 * findings then weigh half.
 */
export function attributeToDependencies(checks: readonly CheckResult[]): CheckResult[] {
  // A dependency's own signal: its metrics, or its own logs (a database saying "too many clients").
  const own = checks
    .filter((check) => METRIC_CHECKS.has(check.check) || check.check === 'error_log_patterns')
    .flatMap((check) => check.findings.filter((f) => f.observedIn === undefined && !f.node));
  const graph = checks.flatMap((check) => check.serviceGraph ?? []);
  const moved = checks.map((check) => {
    if (check.check !== 'error_log_patterns') return check;
    const findings = check.findings.map((finding): Finding => {
      if (finding.observedIn !== undefined) return finding;
      const kinds = relayedFrom[finding.kind];
      if (!kinds) return finding;
      if (finding.kind === 'pool_exhaustion' && !SERVER_CONNECTION_LIMIT.test(finding.text))
        return finding;
      // A database's own "too many clients" line is its own limit, never its clients'.
      if (finding.kind === 'pool_exhaustion' && isDatastore(finding.service)) return finding;
      // Nor is a database's own "could not extend file: No space left on device" its clients' disk.
      if (finding.kind === 'disk_full' && isDatastore(finding.service)) return finding;
      // A resolver that fails is the caller's own DNS trouble, not the callee's outage.
      if (finding.kind === 'dns' && RESOLVER_FAILURE.test(finding.text)) return finding;
      const sources = own.filter(
        (f) =>
          f.service !== finding.service &&
          kinds.includes(f.kind) &&
          (finding.onset === null || f.onset === null || f.onset <= finding.onset + SLACK_MS),
      );
      const found = [...new Set(sources.map((f) => f.service))];
      // A full disk is a database's when one shows it: the other clients relaying the same error are echoes too.
      const datastores = finding.kind === 'disk_full' ? found.filter(isDatastore) : [];
      const all = datastores.length > 0 ? datastores : found;
      // Several candidates: the ones the caller is seen calling (service graph), when that narrows it.
      const called = all.filter((s) =>
        graph.some((e) => e.client === finding.service && e.server === s),
      );
      const services = all.length > 1 && called.length > 0 ? called : all;
      if (services.length !== 1) return finding;
      // The caller could not reach it (refused, or its name did not resolve): unreachable from there;
      // through a lossy or slow path, the same network problem its own signals show.
      const viaNetwork = sources.some((f) => f.service === services[0] && f.kind === 'network');
      const kind = viaNetwork
        ? 'network'
        : finding.kind === 'dependency_failure' || finding.kind === 'dns'
          ? 'unavailable'
          : finding.kind;
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
  // A client whose pool filled because the server refuses more connections: its pool is the echo.
  const limited = new Map(
    moved
      .flatMap((check) => check.findings)
      .filter((f) => f.kind === 'pool_exhaustion' && f.observedIn !== undefined)
      .map((f) => [f.observedIn!, f.service]),
  );
  // A caller timing out on a dependency it does not name, while another service's own mechanism broke
  // no later: it is waiting on that one, so its wait is a weaker lead (the two are not always linked,
  // so it is weakened, not moved).
  const mechanisms = own.filter((f) => MAKES_CALLERS_WAIT.has(f.kind) && f.onset !== null);
  const waitsOnAnother = (f: Finding) =>
    f.kind === 'slow_dependency' &&
    f.observedIn === undefined &&
    f.onset !== null &&
    mechanisms.some((m) => m.service !== f.service && m.onset! <= f.onset! + SLACK_MS);
  return moved.map((check) => ({
    ...check,
    findings: check.findings.map((f) => {
      if (check.check === 'error_log_patterns' && waitsOnAnother(f))
        return { ...f, strength: f.strength / 2 };
      const server = limited.get(f.service);
      if (!server || f.kind !== 'pool_exhaustion' || f.observedIn !== undefined) return f;
      return {
        ...f,
        strength: f.strength / 2,
        text: `${f.text}, waiting on ${server}'s connection limit`,
      };
    }),
  }));
}
