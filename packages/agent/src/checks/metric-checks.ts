import type { SignalKind } from '../evidence/index.js';
import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import type { CauseKind, CheckName, CheckResult, Finding } from './check-result.js';
import type { MetricSweep, SweptSignal } from './metric-sweep.js';

/** Robust z (3 = just abnormal, 100 = cap) squashed to 0-10. */
export function strengthFromScore(score: number): number {
  if (score <= 0) return 0;
  return Math.max(0, Math.min(10, 2 + 2 * Math.log2(score / 3)));
}

const signalChecks: Record<SignalKind, CheckName> = {
  latency_p50: 'http_errors_latency',
  latency_p95: 'http_errors_latency',
  latency_p99: 'http_errors_latency',
  error_ratio: 'http_errors_latency',
  throughput: 'http_errors_latency',
  cpu: 'resource_saturation',
  cpu_throttling: 'resource_saturation',
  memory: 'resource_saturation',
  restarts: 'resource_saturation',
  oom_kills: 'resource_saturation',
  disk_usage: 'resource_saturation',
  pool_saturation: 'dependency_saturation',
  queue_depth: 'dependency_saturation',
  availability: 'dependency_saturation',
};

const signalNames: Record<SignalKind, string> = {
  latency_p50: 'p50 latency',
  latency_p95: 'p95 latency',
  latency_p99: 'p99 latency',
  error_ratio: '5xx error ratio',
  throughput: 'request rate',
  cpu: 'CPU usage',
  cpu_throttling: 'CPU throttling',
  memory: 'memory',
  restarts: 'container restarts',
  oom_kills: 'OOM kills',
  pool_saturation: 'connection pool usage',
  queue_depth: 'queue depth',
  disk_usage: 'disk usage',
  availability: 'availability',
};

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ratio') return `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`;
  if (unit === 'seconds')
    return value >= 1
      ? `${value.toFixed(2)} s`
      : `${(value * 1000).toFixed(value < 0.01 ? 1 : 0)} ms`;
  if (unit === 'bytes') return `${(value / 2 ** 20).toFixed(0)} MiB`;
  if (unit === 'cores') return `${value.toFixed(2)} cores`;
  return `${value.toPrecision(3)} ${unit}`;
}

/** "p95 latency 120 ms -> 1.40 s" in the signal's unit. */
function movement(swept: SweptSignal): string {
  const { change, query } = swept;
  return `${signalNames[change.signal]} ${format(change.baselineMedian, query.unit)} -> ${format(change.incidentMedian, query.unit)}`;
}

/** Services people call "the cache". */
const CACHE = /redis|memcache|valkey|keydb|dragonfly|varnish|cache/i;

/** What a node-level finding says about which service it hurts, when its labels name one (a mountpoint). */
function namedService(swept: SweptSignal, services: readonly string[]): string | null {
  const mount = (swept.labels.mountpoint ?? '').toLowerCase();
  if (!mount) return null;
  return (
    services.find((service) => service.length >= 4 && mount.includes(service.toLowerCase())) ?? null
  );
}

/** The finding one abnormal signal stands for, or null when the movement is not a cause or a symptom we report. */
function findingOf(
  swept: SweptSignal,
  evidenceId: string,
  services: readonly string[],
): Finding | null {
  const { change, query, scope } = swept;
  const strength = strengthFromScore(change.score) * (scope === 'node' ? 0.5 : 1);
  const onset = change.onset === null ? null : change.onset * 1000;
  const where = scope === 'node' ? `node ${change.service}: ` : '';
  const base = { onset, evidenceIds: [evidenceId] };
  const text = (extra = '') => `${where}${movement(swept)}${extra} (${query.family})`;
  const kindOf = (): CauseKind | null => {
    switch (change.signal) {
      case 'latency_p50':
      case 'latency_p95':
      case 'latency_p99':
        return 'latency';
      case 'error_ratio':
        return 'errors';
      case 'throughput':
        // A drop is a consequence (traffic lost upstream); a rise can be the cause.
        return change.z > 0 ? 'traffic_surge' : null;
      case 'cpu':
      case 'cpu_throttling':
        return 'cpu_saturation';
      case 'memory':
        return 'memory_growth';
      case 'restarts':
        return 'crash_restarts';
      case 'oom_kills':
        return 'oom';
      case 'disk_usage':
        return 'disk_full';
      case 'pool_saturation':
        return 'pool_exhaustion';
      case 'queue_depth':
        return 'queue_backlog';
      case 'availability':
        return 'unavailable';
    }
  };
  const kind = kindOf();
  if (kind === null) return null;
  if (kind === 'disk_full') {
    const mount = swept.labels.mountpoint ? ` on ${swept.labels.mountpoint}` : '';
    const full = change.incidentMedian >= 0.9;
    const service = namedService(swept, services);
    return {
      ...base,
      service: service ?? change.service,
      kind,
      text: text(`${mount}${full ? ', nearly full' : ''}`),
      // A filling disk only explains failures once it is (nearly) full.
      strength: full
        ? Math.max(strength, service ? strengthFromScore(change.score) : strength)
        : strength / 2,
      ...(service ? { observedIn: change.service } : {}),
    };
  }
  if (kind === 'unavailable') {
    const role = CACHE.test(change.service) ? 'the cache ' : '';
    return {
      ...base,
      service: change.service,
      kind,
      text: text(change.incidentMedian < 0.5 ? `: ${role}is down` : ''),
      strength,
    };
  }
  return { ...base, service: change.service, kind, text: text(), strength };
}

/** What each metric check covers, as its messages say it (the signals are in `signalChecks`). */
const checkTitles: Record<Exclude<CheckName, 'error_log_patterns' | 'recent_changes'>, string> = {
  http_errors_latency: 'HTTP errors, latency and traffic',
  resource_saturation: 'CPU, memory, restarts, OOM kills and disk',
  dependency_saturation: 'connection pools, queues and datastore availability',
};

/**
 * Turns the metric sweep into the three metric checks. Each abnormal signal
 * becomes a numbered evidence item and a finding; normal ones are summed up
 * as ruled out, per check, with the services they covered.
 */
export function metricChecks(
  sweep: MetricSweep,
  ledger: EvidenceLedger,
  services: readonly string[],
  hasMetrics: boolean,
): CheckResult[] {
  return (Object.keys(checkTitles) as Array<keyof typeof checkTitles>).map((check) => {
    const what = checkTitles[check];
    if (!hasMetrics) {
      return {
        check,
        interesting: false,
        summary: `Not run: no metrics source.`,
        evidence: [],
        findings: [],
        ruledOut: [],
        notChecked: [`${what}: no metrics source is connected.`],
      };
    }
    const mine = sweep.signals.filter((s) => signalChecks[s.change.signal] === check);
    const abnormal = mine
      .filter((s) => s.change.abnormal)
      .sort((a, b) => b.change.score - a.change.score);
    const evidence = [];
    const findings: Finding[] = [];
    for (const swept of abnormal.slice(0, 12)) {
      const item = ledger.add({
        source: check,
        summary: `${swept.scope === 'node' ? 'node ' : ''}${swept.change.service}: ${movement(swept)}, robust z ${swept.change.z.toFixed(1)}${swept.change.onset ? `, from ${new Date(swept.change.onset * 1000).toISOString()}` : ''}`,
        query: swept.query.promql,
      });
      evidence.push(item);
      const finding = findingOf(swept, item.id, services);
      if (finding) findings.push(finding);
    }
    const normalServices = [
      ...new Set(mine.filter((s) => !s.change.abnormal).map((s) => s.change.service)),
    ].filter((service) => !abnormal.some((s) => s.change.service === service));
    const ruledOut =
      normalServices.length > 0 ? [`${what}: normal for ${normalServices.join(', ')}.`] : [];
    const notChecked =
      mine.length === 0 ? [`${what}: no matching metrics were found for any service.`] : [];
    const summary =
      findings.length > 0
        ? `${findings.length} abnormal: ${findings
            .slice(0, 4)
            .map((f) => `${f.service} ${f.text}`)
            .join('; ')}.`
        : mine.length > 0
          ? `Normal: ${what} of ${new Set(mine.map((s) => s.change.service)).size} services and nodes match the baseline.`
          : `No ${what} metrics found.`;
    return {
      check,
      interesting: findings.length > 0,
      summary,
      evidence,
      findings,
      ruledOut,
      notChecked,
    };
  });
}
