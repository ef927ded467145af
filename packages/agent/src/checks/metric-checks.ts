import { signalInfo, STOPPED_REPORTING, type SignalKind } from '../evidence/index.js';
import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import type { QueryLog } from '../sources/query-log.js';
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
  latency_mean: 'http_errors_latency',
  error_ratio: 'http_errors_latency',
  throughput: 'http_errors_latency',
  cpu: 'resource_saturation',
  cpu_throttling: 'resource_saturation',
  memory: 'resource_saturation',
  memory_utilization: 'resource_saturation',
  gc_time: 'resource_saturation',
  restarts: 'resource_saturation',
  oom_kills: 'resource_saturation',
  disk_usage: 'resource_saturation',
  pool_saturation: 'dependency_saturation',
  queue_depth: 'dependency_saturation',
  availability: 'dependency_saturation',
  probe_latency: 'http_errors_latency',
  tcp_retransmits: 'resource_saturation',
  fd_usage: 'resource_saturation',
};

/** How a probe's response time reads in a finding (the analyst tells network from server slowness by it). */
export const PROBE_LATENCY_NAME = 'probe response time';

const signalNames: Record<SignalKind, string> = {
  latency_p50: 'p50 latency',
  latency_p95: 'p95 latency',
  latency_p99: 'p99 latency',
  latency_mean: 'mean latency',
  error_ratio: 'HTTP error ratio',
  throughput: 'request rate',
  cpu: 'CPU usage',
  cpu_throttling: 'CPU throttling',
  memory: 'memory',
  memory_utilization: 'memory use of its limit',
  gc_time: 'time in garbage collection',
  restarts: 'container restarts',
  oom_kills: 'OOM kills',
  pool_saturation: 'connection pool usage',
  queue_depth: 'queue depth',
  disk_usage: 'disk usage',
  availability: 'availability',
  probe_latency: PROBE_LATENCY_NAME,
  tcp_retransmits: 'TCP retransmissions',
  fd_usage: 'open file descriptors of the limit',
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
  if (unit === 'seconds/s') return `${(value * 1000).toFixed(value < 0.01 ? 1 : 0)} ms/s`;
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

/** Below this share of its usual request rate, a service is no longer being reached. */
const STOPPED_SHARE = 0.1;

/** Requests that stopped arriving: a real baseline rate fell to (nearly) nothing. */
function stoppedArriving(change: SweptSignal['change']): boolean {
  return (
    change.baselineMedian >= signalInfo.throughput.absoluteFloor &&
    change.incidentMedian <= change.baselineMedian * STOPPED_SHARE
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
  const base = { onset, evidenceIds: [evidenceId], ...(scope === 'node' ? { node: true } : {}) };
  const text = (extra = '') => `${where}${movement(swept)}${extra} (${query.metrics[0]})`;
  const kindOf = (): CauseKind | null => {
    switch (change.signal) {
      case 'latency_p50':
      case 'latency_p95':
      case 'latency_p99':
      case 'latency_mean':
        return 'latency';
      case 'error_ratio':
        return 'errors';
      case 'throughput':
        // A rise can be the cause. A drop is usually a consequence (traffic lost upstream), except
        // when requests stop arriving altogether: callers can no longer reach the service.
        if (change.z > 0) return 'traffic_surge';
        return stoppedArriving(change) ? 'unavailable' : null;
      case 'cpu':
      case 'cpu_throttling':
        return 'cpu_saturation';
      case 'memory':
        return 'memory_growth';
      case 'memory_utilization':
        // Growth towards the limit; the kill itself shows as an OOM kill or restart when it happens.
        return 'memory_growth';
      case 'gc_time':
        return 'gc_pressure';
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
      case 'probe_latency':
      case 'tcp_retransmits':
        return 'network';
      case 'fd_usage':
        return 'fd_exhaustion';
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
      ...(service ? { observedIn: change.service, node: false } : {}),
    };
  }
  if (kind === 'unavailable' && change.signal === 'throughput')
    return {
      ...base,
      service: change.service,
      kind,
      text: text(': requests no longer reach it'),
      // The callers' failures say why; on its own a stop in traffic is a weaker lead than a probe.
      strength: strength * 0.6,
    };
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
  if (change.signal === 'fd_usage')
    return {
      ...base,
      service: change.service,
      kind,
      text: text(change.incidentMedian >= 0.9 ? ', at its limit' : ''),
      // Descriptors only fail calls once they run out.
      strength: change.incidentMedian >= 0.9 ? strength : strength / 2,
    };
  if (change.signal === 'memory_utilization' && change.incidentMedian >= 0.9)
    return { ...base, service: change.service, kind, text: text(', at its limit'), strength };
  return { ...base, service: change.service, kind, text: text(), strength };
}

/** What each metric check covers, as its messages say it (the signals are in `signalChecks`). */
const checkTitles: Record<Exclude<CheckName, 'error_log_patterns' | 'recent_changes'>, string> = {
  http_errors_latency: 'HTTP errors, latency and traffic',
  resource_saturation: 'CPU, memory, restarts, OOM kills and disk',
  dependency_saturation: 'connection pools, queues and datastore availability',
};

/**
 * Signals every application service is expected to have: when one is missing
 * for a service, the report says so by name. The others (disk, pools,
 * queues...) belong to some services only, so they are reported missing only
 * when no service has them at all.
 */
const perServiceSignals: ReadonlySet<SignalKind> = new Set([
  'error_ratio',
  'latency_p99',
  'throughput',
  'cpu',
  'memory',
]);

/** Latency quantiles are one signal for coverage: any of them measured is latency measured. */
function coverageSignal(signal: SignalKind): SignalKind {
  return signal === 'latency_p50' || signal === 'latency_p95' || signal === 'latency_mean'
    ? 'latency_p99'
    : signal;
}

const coverageNames: Partial<Record<SignalKind, string>> = {
  latency_p99: 'HTTP latency',
  error_ratio: 'HTTP error ratio',
};

/** What to look for when a signal is missing everywhere, so the user knows what to add. */
const missingEverywhere: Partial<Record<SignalKind, string>> = {
  error_ratio:
    'no request counter with a status label (HTTP status code, gRPC code or span status) was found for any service',
  latency_p99: 'no request duration histogram was found for any service',
  throughput: 'no request counter was found for any service',
  cpu: 'no CPU metrics (cAdvisor, process or node-exporter) were found for any service',
  memory: 'no memory metrics (cAdvisor, process or node-exporter) were found for any service',
  restarts: 'no restart counter (kube-state-metrics) was found',
  oom_kills: 'no OOM kill metrics (kube-state-metrics, cAdvisor) were found',
  disk_usage: 'no filesystem metrics (node-exporter, kubelet volume stats) were found',
  pool_saturation:
    'no connection pool metrics (HikariCP, OpenTelemetry db client, postgres-exporter) were found',
  availability: "no health gauges (exporters' *_up, Prometheus up) were found",
};

/** Notes of changes that could not be judged (see rankMetricChanges). */
const UNJUDGED: ReadonlySet<string> = new Set(['insufficient data', STOPPED_REPORTING]);

/**
 * Per signal, what was measured and found normal (with the queries that
 * measured it) and what could not be measured, by name. A service counts as
 * normal for a signal only when that very signal was queried and returned
 * data: never because another signal of the same check was.
 */
function coverage(
  sweep: MetricSweep,
  check: keyof typeof checkTitles,
  services: readonly string[],
  queryLog: QueryLog | undefined,
): { ruledOut: string[]; notChecked: string[] } {
  const mine = sweep.attempts.filter((a) => signalChecks[a.signal] === check);
  const ruledOut: string[] = [];
  const notChecked: string[] = [];
  const kinds = (Object.keys(signalChecks) as SignalKind[]).filter(
    (k) => signalChecks[k] === check,
  );
  for (const kind of kinds) {
    // Judged, not merely queried: a series with no data in the incident was not found normal.
    const ofKind = sweep.signals.filter((s) => s.change.signal === kind && !s.change.abnormal);
    const normal = ofKind.filter(
      (s) => s.change.note === undefined || !UNJUDGED.has(s.change.note),
    );
    const stopped = [
      ...new Set(
        ofKind
          .filter((s) => s.change.note !== undefined && UNJUDGED.has(s.change.note))
          .map((s) => `${s.scope === 'node' ? 'node ' : ''}${s.change.service}`),
      ),
    ];
    if (stopped.length > 0)
      notChecked.push(
        `${signalNames[kind]}: no data in the incident window for ${stopped.join(', ')} (too little data, or the series stopped reporting).`,
      );
    if (normal.length === 0) continue;
    const names = [
      ...new Set(normal.map((s) => `${s.scope === 'node' ? 'node ' : ''}${s.change.service}`)),
    ];
    const cited = normal.map((s) => queryLog?.cite(s.source.id, [s.query.promql]) ?? '').join('');
    const ids = [...new Set(cited.match(/Q\d+/g) ?? [])];
    ruledOut.push(
      `${signalNames[kind]}: normal for ${names.join(', ')}${ids.length > 0 ? ` [${ids.join(', ')}]` : ''}.`,
    );
  }
  const coverageKinds = [...new Set(kinds.map(coverageSignal))];
  for (const kind of coverageKinds) {
    const name = coverageNames[kind] ?? signalNames[kind];
    const tried = mine.filter((a) => coverageSignal(a.signal) === kind);
    const measured = new Set(tried.filter((a) => a.outcome === 'measured').map((a) => a.service));
    if (tried.length === 0) {
      if (missingEverywhere[kind]) notChecked.push(`${name}: ${missingEverywhere[kind]}.`);
      continue;
    }
    if (!perServiceSignals.has(kind)) {
      if (measured.size === 0)
        notChecked.push(`${name}: queried, but no series had data in the window.`);
      continue;
    }
    const missing = services.filter((service) => !measured.has(service));
    if (missing.length === 0) continue;
    const failed = missing.filter((service) =>
      tried.some((a) => a.service === service && a.outcome === 'failed'),
    );
    const empty = missing.filter((service) =>
      tried.some((a) => a.service === service && a.outcome === 'empty'),
    );
    const absent = missing.filter(
      (service) => !failed.includes(service) && !empty.includes(service),
    );
    const parts = [
      absent.length > 0 ? `no matching metric for ${absent.join(', ')}` : '',
      empty.length > 0 ? `no data in the window for ${empty.join(', ')}` : '',
      failed.length > 0 ? `queries failed for ${failed.join(', ')}` : '',
    ].filter(Boolean);
    notChecked.push(`${name}: not measured (${parts.join('; ')}).`);
  }
  return { ruledOut, notChecked };
}

/**
 * Turns the metric sweep into the three metric checks. Each abnormal signal
 * becomes a numbered evidence item and a finding; normal ones are listed as
 * ruled out per signal, with the queries that measured them, and signals
 * that could not be measured are listed as not checked, per signal.
 */
export function metricChecks(
  sweep: MetricSweep,
  ledger: EvidenceLedger,
  services: readonly string[],
  hasMetrics: boolean,
  queryLog?: QueryLog,
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
        series: swept.series,
      });
      evidence.push(item);
      const finding = findingOf(swept, item.id, services);
      if (finding) findings.push(finding);
    }
    const { ruledOut, notChecked } = coverage(sweep, check, services, queryLog);
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
      ...(check === 'http_errors_latency' && sweep.edges.length > 0
        ? { serviceGraph: sweep.edges }
        : {}),
    };
  });
}
