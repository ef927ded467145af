import { escapeLabelValue } from '@vibemonitor/integrations';
import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import { SERVICE_LABEL_NAMES } from '../evidence/index.js';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type {
  ChangeRecord,
  ChangeSource,
  LogSource,
  MetricSource,
} from '../sources/data-sources.js';
import type { QueryLog } from '../sources/query-log.js';
import type { CauseKind, CheckResult, Finding } from './check-result.js';
import type { ServiceDirectory } from './service-directory.js';

/** How far before the incident a change can still be its cause. */
const LOOKBACK_MS = 60 * 60_000;
/** A change explains an anomaly that starts at most this long after it (and not much before: clocks drift). */
const EFFECT_WITHIN_MS = 30 * 60_000;
const CLOCK_SLACK_MS = 2 * 60_000;
/** How far back start-up lines are read to learn the version that ran before. */
const VERSION_HISTORY_MS = 5 * 60 * 60_000;

/**
 * Lines that record a change: deploys, rollouts, config updates, scaling,
 * jobs, and start-up lines that announce a version ("Starting checkout
 * version 1.8.0", "started server v2.3.1", "app_version=1.4.2 booting").
 */
export const CHANGE_LINE_REGEX =
  '(?i)(deploy(ed|ing)? |rolled out|rollout|released? v?[0-9]|upgrad(e|ed|ing) to|configmap|config(uration)? (change|update|reload)|image (updated|changed)|scaled (up|down)?|hpa scaled|job .* created|new version|(start(ed|ing)?|boot(ed|ing)?|launch(ed|ing)?|initializ(ed|ing)|listening|running).{0,80}(version|v)[ :="]*v?[0-9]+[.][0-9]+)';

/** A start-up line that announces the version it runs (not itself a change: a restart says the same). */
const STARTUP_VERSION =
  /(?:start(?:ed|ing)?|boot(?:ed|ing)?|launch(?:ed|ing)?|initiali[sz](?:ed|ing)|listening|running).{0,80}(?:version|v)[ :="]*v?(\d+\.\d+(?:\.\d+)?[\w.-]*)/i;

function kindOfLine(line: string): ChangeRecord['kind'] {
  if (/configmap|config(uration)? (change|update|reload)/i.test(line)) return 'config';
  if (/scaled|hpa/i.test(line)) return 'scale';
  if (/job .* created|cronjob/i.test(line)) return 'cronjob';
  if (/deploy|rollout|rolled out|release|upgrad|image|new version/i.test(line)) return 'deploy';
  return 'other';
}

/**
 * Start-up lines become deploys only where the version they announce
 * changed: the first line of each new version per service, after a line of
 * another version was seen. The same version starting again is a restart.
 */
function versionChanges(records: ChangeRecord[]): ChangeRecord[] {
  const startups = records
    .filter((r) => r.kind === 'other' && STARTUP_VERSION.test(r.title))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastVersion = new Map<string, string>();
  const out: ChangeRecord[] = [];
  for (const record of startups) {
    const version = STARTUP_VERSION.exec(record.title)?.[1];
    if (!version || record.service === null) continue;
    const before = lastVersion.get(record.service);
    lastVersion.set(record.service, version);
    if (before !== undefined && before !== version)
      out.push({
        ...record,
        kind: 'deploy',
        version,
        title: `${record.service} started version ${version} (was ${before}): ${record.title.slice(0, 120)}`,
      });
  }
  return out;
}

async function changesFromLogs(
  source: LogSource,
  directory: ServiceDirectory,
  span: { start: Date; end: Date },
  signal: AbortSignal,
): Promise<ChangeRecord[] | null> {
  const names = new Set((await source.labelNames({ ...span, signal })).values);
  const label =
    SERVICE_LABEL_NAMES.find((name) => names.has(name)) ??
    [...names].find((name) => !name.startsWith('__'));
  if (!label) return null;
  const result = await source.lines({
    query: `{${label}=~".+"} |~ "${escapeLabelValue(CHANGE_LINE_REGEX)}"`,
    ...span,
    limit: 500,
    signal,
  });
  const records = result.lines.map((line): ChangeRecord => {
    const raw =
      line.labels.service_name ??
      line.labels.service ??
      line.labels.app ??
      line.labels.container ??
      line.labels.job ??
      null;
    const version = /\bv?\d+\.\d+\.\d+\b/.exec(line.line)?.[0];
    return {
      at: new Date(line.timestamp),
      service: raw === null ? null : (directory.resolve(raw) ?? raw),
      kind: kindOfLine(line.line),
      title: line.line.slice(0, 200),
      ...(version ? { version } : {}),
    };
  });
  // Start-up lines are kept only where the version changed; the rest (ordinary restarts) are not changes.
  return [
    ...records.filter((r) => !(r.kind === 'other' && STARTUP_VERSION.test(r.title))),
    ...versionChanges(records),
  ];
}

/** Label names that carry the version on `*_build_info` / `target_info`. */
const VERSION_LABELS = [
  'version',
  'service_version',
  'app_version',
  'revision',
  'git_commit',
  'commit',
  'image_tag',
];
/** Label names that say whose build it is. */
const OWNER_LABELS = ['service_name', 'service', 'app', 'job', 'container', 'deployment'];

/**
 * Versions that appeared during the span on `*_build_info` or `target_info`
 * series: a new `version` value for a service is a deploy at the moment its
 * first series appeared, when an older version was reporting before it.
 */
async function changesFromBuildInfo(
  source: MetricSource,
  directory: ServiceDirectory,
  span: { start: Date; end: Date },
  signal: AbortSignal,
): Promise<ChangeRecord[] | null> {
  const metrics = [...directory.metricNames(source)]
    .filter((name) => /_build_info$|^target_info$/.test(name))
    .slice(0, 8);
  if (metrics.length === 0) return null;
  const records: ChangeRecord[] = [];
  for (const metric of metrics) {
    const labels = (await directory.metricLabels(source, metric, signal)) ?? new Set<string>();
    const versionLabel = VERSION_LABELS.find((l) => labels.has(l));
    const owners = OWNER_LABELS.filter((l) => labels.has(l));
    if (!versionLabel || owners.length === 0) continue;
    const query = `count by (${[...owners, versionLabel].join(', ')}) (${metric})`;
    const result = await source.range({ query, ...span, maxPoints: 240, maxSeries: 200, signal });
    const byOwner = new Map<string, Array<{ version: string; first: number; last: number }>>();
    for (const series of result.series) {
      const owner = owners.map((l) => series.labels[l]).find((v) => v !== undefined && v !== '');
      const version = series.labels[versionLabel];
      const seen = series.points.filter((p) => p.value !== null).map((p) => p.timestamp);
      if (!owner || !version || seen.length === 0) continue;
      byOwner.set(owner, [
        ...(byOwner.get(owner) ?? []),
        { version, first: Math.min(...seen), last: Math.max(...seen) },
      ]);
    }
    for (const [owner, versions] of byOwner) {
      versions.sort((a, b) => a.first - b.first);
      for (const [index, current] of versions.entries()) {
        const previous = versions.slice(0, index).find((v) => v.first < current.first);
        // Present from the start of the span: not new. Without an older version before it: a first report, not a change.
        if (!previous || current.first <= span.start.getTime() + 60_000) continue;
        records.push({
          at: new Date(current.first),
          service: directory.resolve(owner) ?? owner,
          kind: 'deploy',
          title: `${owner} reports version ${current.version} (was ${previous.version}) on ${metric}`,
          version: current.version,
        });
      }
    }
  }
  return records;
}

/**
 * Every replica of a service restarting within a few minutes (its process
 * start time changed on all instances) is how a rollout looks when nothing
 * else records it.
 */
async function changesFromRestarts(
  source: MetricSource,
  directory: ServiceDirectory,
  span: { start: Date; end: Date },
  signal: AbortSignal,
): Promise<ChangeRecord[] | null> {
  const metric = 'process_start_time_seconds';
  if (!directory.metricNames(source).has(metric)) return null;
  const labels = (await directory.metricLabels(source, metric, signal)) ?? new Set<string>();
  const owner = OWNER_LABELS.find((l) => labels.has(l));
  if (!owner) return null;
  const query = `count by (${owner}) (changes(${metric}[10m]) > 0) / count by (${owner}) (${metric})`;
  const result = await source.range({ query, ...span, maxPoints: 240, maxSeries: 100, signal });
  const records: ChangeRecord[] = [];
  for (const series of result.series) {
    const name = series.labels[owner];
    const all = series.points.find((p) => (p.value ?? 0) >= 1);
    const replicas = series.points.length > 0;
    if (!name || !all || !replicas) continue;
    records.push({
      at: new Date(all.timestamp - 5 * 60_000),
      service: directory.resolve(name) ?? name,
      kind: 'deploy',
      title: `every replica of ${name} restarted within 10 minutes (${metric} changed on all instances)`,
    });
  }
  return records;
}

async function changesFromMetrics(
  source: MetricSource,
  directory: ServiceDirectory,
  span: { start: Date; end: Date },
  signal: AbortSignal,
): Promise<ChangeRecord[] | null> {
  const names = directory.metricNames(source);
  const metric = [
    'kube_deployment_status_observed_generation',
    'kube_deployment_metadata_generation',
  ].find((name) => names.has(name));
  if (!metric) return null;
  const query = `sum by (deployment) (changes(${metric}[2m]))`;
  const result = await source.range({ query, ...span, maxPoints: 120, signal });
  const records: ChangeRecord[] = [];
  for (const series of result.series) {
    const deployment = series.labels.deployment ?? '';
    for (const point of series.points) {
      if ((point.value ?? 0) <= 0) continue;
      if (
        records.some(
          (r) =>
            r.service === deployment && Math.abs(r.at.getTime() - point.timestamp) < 5 * 60_000,
        )
      )
        continue;
      records.push({
        at: new Date(point.timestamp),
        service: directory.resolve(deployment) ?? deployment,
        kind: 'deploy',
        title: `Deployment ${deployment} rolled out a new generation (${metric})`,
      });
    }
  }
  return records;
}

const findingKind: Record<ChangeRecord['kind'], CauseKind | null> = {
  deploy: 'bad_deploy',
  config: 'config_change',
  cronjob: 'workload_change',
  scale: null,
  other: null,
};

/**
 * Recent changes: deploys, configuration changes, scaling and new jobs in the
 * hour before the incident, from a change source when one is connected, from
 * change lines in the logs and from Kubernetes deployment generations. A
 * change becomes a strong finding only when its service went wrong right
 * after it (other checks' onsets); others are listed as context, because
 * most changes on an ordinary day are harmless.
 */
export async function recentChangesCheck(input: {
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  changes: readonly ChangeSource[];
  window: InvestigationWindow;
  ledger: EvidenceLedger;
  queryLog?: QueryLog;
  signal: AbortSignal;
  /** Findings of the other checks, to tie changes to the anomalies that followed them. */
  earlier: readonly Finding[];
}): Promise<CheckResult> {
  const { directory, window, ledger, signal } = input;
  const span = {
    start: new Date(window.incident.start.getTime() - LOOKBACK_MS),
    end: window.incident.end,
  };
  const records: ChangeRecord[] = [];
  const used: string[] = [];
  const failures: string[] = [];
  const collect = async (name: string, load: () => Promise<ChangeRecord[] | null>) => {
    try {
      const found = await load();
      if (found === null) return;
      used.push(name);
      records.push(...found);
    } catch (error) {
      signal.throwIfAborted();
      failures.push(
        `Recent changes from ${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const queryIds: string[] = [];
  const logQueries = () => {
    // Every change query that ran (log lines, generations) so "none" lines cite what was asked.
    for (const entry of input.queryLog?.all() ?? [])
      if (
        entry.outcome !== 'error' &&
        /changes\(|^changes from|deploy|rollout|_build_info|target_info/.test(entry.query)
      )
        queryIds.push(entry.id);
  };
  for (const source of input.changes)
    await collect(source.name, async () => {
      const found = await source.list({ ...span, signal });
      input.queryLog?.record({
        sourceId: source.id,
        source: source.name,
        query: `changes from ${span.start.toISOString()} to ${span.end.toISOString()}`,
        outcome: found.length > 0 ? 'data' : 'empty',
      });
      return found;
    });
  for (const source of input.logs)
    await collect(`${source.name} (change lines in logs)`, () =>
      // Further back than the other sources: a start-up line is a deploy only next to an earlier version's.
      changesFromLogs(
        source,
        directory,
        { start: new Date(span.start.getTime() - VERSION_HISTORY_MS), end: span.end },
        signal,
      ),
    );
  for (const source of input.metrics) {
    await collect(`${source.name} (deployment generations)`, () =>
      changesFromMetrics(source, directory, span, signal),
    );
    await collect(`${source.name} (build info versions)`, () =>
      changesFromBuildInfo(source, directory, span, signal),
    );
    await collect(`${source.name} (replica restarts)`, () =>
      changesFromRestarts(source, directory, span, signal),
    );
  }

  logQueries();
  const cited = queryIds.length > 0 ? ` [${[...new Set(queryIds)].join(', ')}]` : '';
  if (used.length === 0) {
    return {
      check: 'recent_changes',
      interesting: false,
      summary: 'Not run: no source of deploys or change events.',
      evidence: [],
      findings: [],
      ruledOut: [],
      notChecked: [
        ...failures,
        'Recent deploys and configuration changes: no change source (deploy events, GitHub, Kubernetes events in logs or kube-state-metrics) is available.',
      ],
    };
  }

  const seen = new Set<string>();
  const unique = records
    .filter((r) => r.at.getTime() >= span.start.getTime() && r.at.getTime() <= span.end.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .filter((r) => {
      const key = `${r.service}|${r.title}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  const evidence = [];
  const findings: Finding[] = [];
  for (const change of unique.slice(0, 10)) {
    const at = change.at.getTime();
    const item = ledger.add({
      source: 'recent_changes',
      summary: `${change.at.toISOString()} ${change.service ?? 'unknown service'}: ${change.title}`,
    });
    evidence.push(item);
    const kind = findingKind[change.kind];
    if (kind === null || change.service === null) continue;
    // Replicas restarting because they crash or are OOM-killed is the failure itself, not a rollout.
    if (
      change.title.startsWith('every replica of') &&
      input.earlier.some(
        (f) =>
          f.service === change.service &&
          (f.kind === 'oom' || f.kind === 'crash_restarts' || f.kind === 'memory_growth'),
      )
    )
      continue;
    // What went wrong with this service right after the change.
    const followed = input.earlier.filter(
      (f) =>
        f.service === change.service &&
        f.onset !== null &&
        f.onset >= at - CLOCK_SLACK_MS &&
        f.onset <= at + EFFECT_WITHIN_MS,
    );
    const strength =
      followed.length > 0 ? Math.min(9, 5 + Math.max(...followed.map((f) => f.strength)) / 3) : 1;
    findings.push({
      service: change.service,
      kind,
      text: `${change.kind === 'deploy' ? 'deploy' : change.kind === 'config' ? 'configuration change' : 'new job'} "${change.title}"${change.version ? ` (${change.version})` : ''} at ${change.at.toISOString()}${followed.length > 0 ? ', followed by the anomalies above' : ''}`,
      strength,
      onset: at,
      evidenceIds: [item.id, ...new Set(followed.flatMap((f) => f.evidenceIds))],
    });
  }
  const strong = findings.filter((f) => f.strength >= 3);
  return {
    check: 'recent_changes',
    interesting: strong.length > 0,
    summary:
      unique.length === 0
        ? `No deploys or configuration changes in the hour before the incident (sources: ${used.join(', ')}).`
        : strong.length > 0
          ? `${strong.length} change(s) right before anomalies of the same service: ${strong.map((f) => `${f.service}: ${f.text}`).join('; ')}.`
          : `${unique.length} change(s) in the hour before, none followed by an anomaly of its service.`,
    evidence,
    findings,
    ruledOut:
      unique.length > 0 && strong.length === 0
        ? [`Recent changes: none was followed by an anomaly of the service it changed${cited}.`]
        : unique.length === 0
          ? [`Recent changes: none in the hour before the incident${cited}.`]
          : [],
    notChecked: failures,
  };
}
