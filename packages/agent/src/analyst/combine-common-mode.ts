import type { CheckResult, Finding } from '../checks/check-result.js';

/** Services whose name says they take traffic from outside: where a surge enters. */
const EDGE =
  /gateway|frontend|front-end|proxy|edge|ingress|nginx|envoy|traefik|haproxy|load.?balancer|(?:^|[-_])(?:lb|web|www|bff|api)(?:$|[-_])/i;
/** Rises that began within this long of each other are one event. */
const SAME_MOMENT_MS = 5 * 60_000;
/** How many services must rise together before it is read as one surge rather than several. */
const MIN_SERVICES = 3;
/** Resources that more requests use up: in a service whose traffic surged, their rise is the surge's work. */
const LOAD_DRIVEN: ReadonlySet<Finding['kind']> = new Set([
  'cpu_saturation',
  'memory_growth',
  'gc_pressure',
  'queue_backlog',
]);

/**
 * Common mode: when the request rate of several services rises at the same
 * moment, that is one event, a surge entering at the edge and flowing
 * downstream, not a separate cause in each service. The rises are combined
 * into one finding for the edge service (the rising service nobody calls
 * when there is a service graph; among those, one named like an edge, else
 * the one whose rise began first), stronger than any single rise; the individual rises
 * stay, at half their strength, as the surge seen downstream. So do the
 * resources the extra requests used up in the services they reached (CPU,
 * memory, GC, queues rising at the same moment as that service's own
 * traffic): busier because of the surge, not a cause beside it.
 */
export function combineCommonMode(checks: readonly CheckResult[]): CheckResult[] {
  const surges = checks
    .flatMap((check) => check.findings)
    .filter((f) => f.kind === 'traffic_surge' && f.onset !== null && !f.node);
  if (surges.length < MIN_SERVICES) return [...checks];
  const first = Math.min(...surges.map((f) => f.onset!));
  const together = surges.filter((f) => f.onset! - first <= SAME_MOMENT_MS);
  const services = [...new Set(together.map((f) => f.service))];
  if (services.length < MIN_SERVICES) return [...checks];
  // With a service graph, the surge enters where nobody calls in: the rising services no other calls.
  const graph = checks.flatMap((check) => check.serviceGraph ?? []);
  const called = new Set(graph.map((e) => e.server));
  const roots = graph.length > 0 ? together.filter((f) => !called.has(f.service)) : [];
  const candidates = roots.length > 0 ? roots : together;
  const edge =
    candidates.find((f) => EDGE.test(f.service)) ??
    [...candidates].sort((a, b) => a.onset! - b.onset! || b.strength - a.strength)[0]!;
  const combined: Finding = {
    service: edge.service,
    kind: 'traffic_surge',
    text: `request rate rose at the same moment in ${services.length} services (${services.slice(0, 6).join(', ')}): one surge entering at ${edge.service}`,
    strength: Math.min(
      10,
      Math.max(...together.map((f) => f.strength)) + Math.log2(services.length),
    ),
    onset: first,
    evidenceIds: [...new Set(together.flatMap((f) => f.evidenceIds))].slice(0, 8),
  };
  const surgedAt = new Map(together.map((f) => [f.service, f.onset!]));
  const loadDriven = (f: Finding) => {
    const at = surgedAt.get(f.service);
    return (
      at !== undefined &&
      LOAD_DRIVEN.has(f.kind) &&
      f.observedIn === undefined &&
      f.onset !== null &&
      Math.abs(f.onset - at) <= SAME_MOMENT_MS
    );
  };
  const weakened = (findings: readonly Finding[]) =>
    findings.map((f) =>
      (together.includes(f) && f.service !== edge.service) || loadDriven(f)
        ? { ...f, strength: f.strength / 2 }
        : f,
    );
  // The other services' rises (and the work they brought) are the same surge seen downstream: weaker leads now.
  return checks.map((check) =>
    check.check === 'http_errors_latency'
      ? { ...check, findings: [combined, ...weakened(check.findings)] }
      : { ...check, findings: weakened(check.findings) },
  );
}
