import type { CheckResult, Finding } from '../checks/check-result.js';
import { PROBE_LATENCY_NAME } from '../checks/metric-checks.js';

/** A service's own latency that rose within this long of its probes' is the same event. */
const SAME_MOMENT_MS = 5 * 60_000;

const isProbeLatency = (f: Finding) =>
  f.kind === 'network' &&
  !f.node &&
  f.observedIn === undefined &&
  f.text.includes(PROBE_LATENCY_NAME);

/**
 * An outside probe (blackbox exporter) that waits longer for its answer says
 * the service or the path to it got slower. When the service's own request
 * handling time rose at the same moment, the service itself is slow: the
 * probe's finding is its latency, a symptom whose mechanism lies elsewhere.
 * When its own time did not move, the time was lost on the way: the network.
 * A lossy path also fails some probes, so probes failing part of the time
 * (not down) next to such a network finding are the same network problem.
 */
export function separateNetworkFromSlowness(checks: readonly CheckResult[]): CheckResult[] {
  const all = checks.flatMap((check) => check.findings);
  const ownLatencyNear = (probe: Finding) =>
    all.some(
      (f) =>
        f.service === probe.service &&
        f.kind === 'latency' &&
        f.observedIn === undefined &&
        (f.onset === null ||
          probe.onset === null ||
          Math.abs(f.onset - probe.onset) <= SAME_MOMENT_MS),
    );
  const networkServices = new Set(
    all.filter((f) => isProbeLatency(f) && !ownLatencyNear(f)).map((f) => f.service),
  );
  return checks.map((check) => ({
    ...check,
    findings: check.findings.map((f): Finding => {
      if (isProbeLatency(f) && !networkServices.has(f.service)) return { ...f, kind: 'latency' };
      const partlyUnavailable =
        f.kind === 'unavailable' &&
        f.observedIn === undefined &&
        check.check !== 'error_log_patterns' &&
        !/is down/.test(f.text);
      if (partlyUnavailable && networkServices.has(f.service))
        return { ...f, kind: 'network', text: `${f.text}: some probes fail` };
      return f;
    }),
  }));
}
