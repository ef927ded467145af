import type { CheckResult, Finding } from '../checks/check-result.js';
import { isDatastore } from '../checks/classify-log-pattern.js';

/** Changes that can make a client send its datastore more work (a new query pattern, a new setting). */
const CHANGE_KINDS: ReadonlySet<Finding['kind']> = new Set(['bad_deploy', 'config_change']);
/** A change this long before the datastore's load rose can explain it (a rollout takes minutes). */
const LOOKBACK_MS = 30 * 60_000;
/** Scrape intervals and rate windows can place the rise a little before the change's record. */
const SLACK_MS = 2 * 60_000;

/**
 * A datastore's load comes from its clients: nobody outside sends a
 * database or a cache requests. When its request rate rises and one of its
 * clients changed shortly before (a deploy that added queries per request,
 * a setting that bypasses a cache), the rise is that change at work, not a
 * surge of its own. The rise moves to the changed client, as evidence of its
 * change. With a service graph only the datastore's callers count; without
 * one, any non-datastore service's change does, and only when it is the only
 * one that changed in time.
 */
export function traceDatastoreLoad(checks: readonly CheckResult[]): CheckResult[] {
  const all = checks.flatMap((check) => check.findings);
  const graph = checks.flatMap((check) => check.serviceGraph ?? []);
  const moved = new Map<Finding, Finding>();
  for (const surge of all) {
    if (
      surge.kind !== 'traffic_surge' ||
      surge.onset === null ||
      surge.node ||
      surge.observedIn !== undefined ||
      !isDatastore(surge.service)
    )
      continue;
    const callers = new Set(graph.filter((e) => e.server === surge.service).map((e) => e.client));
    const changes = all.filter(
      (f) =>
        CHANGE_KINDS.has(f.kind) &&
        f.onset !== null &&
        f.service !== surge.service &&
        !isDatastore(f.service) &&
        (graph.length === 0 || callers.has(f.service)) &&
        f.onset <= surge.onset! + SLACK_MS &&
        surge.onset! - f.onset <= LOOKBACK_MS,
    );
    const clients = [...new Set(changes.map((f) => f.service))];
    if (clients.length !== 1) continue;
    const change = changes[0]!;
    moved.set(surge, {
      ...surge,
      service: change.service,
      kind: change.kind,
      text: `${surge.service}: ${surge.text}, since ${change.service}'s ${change.kind === 'bad_deploy' ? 'deploy' : 'change'} (more work per request from it)`,
      observedIn: surge.service,
    });
  }
  if (moved.size === 0) return [...checks];
  return checks.map((check) => ({
    ...check,
    findings: check.findings.map((f) => moved.get(f) ?? f),
  }));
}
